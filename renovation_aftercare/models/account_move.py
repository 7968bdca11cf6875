from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        # the card first: the hand-over that renovation_service prepares on the
        # same payment lists it among the documents
        # sudo: the payment is registered by finance, who may not see the project
        # or create warranty cards; the card follows from the paid final
        # instalment and the project's own acceptance date, not from the payer.
        final_invoices = self.sudo().filtered(
            lambda move: move.renovation_instalment_id.instalment_type == "final"
        )
        if final_invoices:
            final_invoices.renovation_project_id._renovation_issue_warranty_cards()
        return super()._invoice_paid_hook()
