from odoo import _, api, models
from odoo.exceptions import UserError

# what the amount of a contract line depends on
PRICED_FIELDS = {
    "order_id",
    "product_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _renovation_check_contract_lines(self, orders):
        """A signed renovation contract changes only through approved change
        orders (which amend it as superuser): its total is what the payment
        plan invoices."""
        if self.env.su:
            return
        signed = orders.filtered(lambda o: o.is_renovation_contract and o.contract_number)
        if signed:
            raise UserError(
                _(
                    "The lines of the signed contract %s change only through an approved "
                    "change order (工程变更单).",
                    ", ".join(signed.mapped("contract_number")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        self._renovation_check_contract_lines(orders.exists())
        return super().create(vals_list)

    def write(self, vals):
        if PRICED_FIELDS & set(vals):
            self._renovation_check_contract_lines(self.order_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_renovation_contract(self):
        self._renovation_check_contract_lines(self.order_id)
