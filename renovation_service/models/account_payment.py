from odoo import api, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    # a payment linked to an invoice marks it paid even before any
    # reconciliation (Odoo 18: invoice_ids / matched payments)
    @api.model_create_multi
    def create(self, vals_list):
        payments = super().create(vals_list)
        payments.invoice_ids._check_renovation_cash_collector()
        return payments

    def write(self, vals):
        res = super().write(vals)
        if "invoice_ids" in vals or "state" in vals:
            self.invoice_ids._check_renovation_cash_collector()
        return res

    def action_post(self):
        self.invoice_ids._check_renovation_cash_collector()
        return super().action_post()

    def action_validate(self):
        self.invoice_ids._check_renovation_cash_collector()
        return super().action_validate()
