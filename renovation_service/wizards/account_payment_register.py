from odoo import models


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payments(self):
        self.line_ids.move_id._check_renovation_cash_collector()
        return super()._create_payments()
