from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RenovationChangeOrderLine(models.Model):
    _name = "renovation.change.order.line"
    _description = "Change Order Line"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    change_order_id = fields.Many2one(
        "renovation.change.order", required=True, ondelete="cascade", index=True
    )
    currency_id = fields.Many2one(related="change_order_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        domain=[("sale_ok", "=", True)],
        default=lambda self: self.env.ref(
            "renovation_service.product_change_order_work", raise_if_not_found=False
        ),
    )
    name = fields.Char(string="Description", required=True)
    quantity = fields.Float(
        default=1.0, help="Negative for work taken out of the contract (a reduction)."
    )
    price_unit = fields.Monetary(string="Unit Price")
    amount = fields.Monetary(compute="_compute_amount", store=True)

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.price_unit

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["renovation.change.order"].browse(
            {vals["change_order_id"] for vals in vals_list if vals.get("change_order_id")}
        )
        orders.exists()._check_client_order_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.change_order_id._check_client_order_editable()
        if "change_order_id" in vals:
            self.env["renovation.change.order"].browse(
                vals["change_order_id"]
            )._check_client_order_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        self.change_order_id._check_client_order_editable()

    @api.constrains("price_unit", "quantity")
    def _check_values(self):
        for line in self:
            if line.price_unit < 0:
                raise ValidationError(
                    _("Unit prices are positive; use a negative quantity for a reduction.")
                )
            if not line.quantity:
                raise ValidationError(_("A change line needs a quantity."))
