from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def reconcile(self):
        # every way of paying an invoice ends here: the payment wizard, a manual
        # payment matched to it, the invoice's outstanding credits
        self.move_id._check_renovation_cash_collector()
        return super().reconcile()

    def remove_move_reconcile(self):
        self.move_id._check_renovation_cash_collector()
        return super().remove_move_reconcile()
