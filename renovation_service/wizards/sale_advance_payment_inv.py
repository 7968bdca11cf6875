from odoo import models


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = "sale.advance.payment.inv"

    def _create_invoices(self, sale_orders):
        # a down payment on a renovation contract would bill it outside its plan
        sale_orders._renovation_check_invoicing()
        return super()._create_invoices(sale_orders)
