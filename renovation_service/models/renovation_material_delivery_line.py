from odoo import api, fields, models


class RenovationMaterialDeliveryLine(models.Model):
    """A material of the plan that arrived with a delivery, how much, and
    what the inspection on arrival found."""

    _name = "renovation.material.delivery.line"
    _description = "Delivered Material"
    _order = "delivery_id, id"

    delivery_id = fields.Many2one(
        "renovation.material.delivery", required=True, ondelete="cascade", index=True
    )
    project_id = fields.Many2one(related="delivery_id.project_id")
    material_line_id = fields.Many2one(
        "renovation.material.line",
        string="Material",
        required=True,
        ondelete="restrict",
        index=True,
        domain="[('project_id', '=', project_id)]",
    )
    brand_model = fields.Char(related="material_line_id.brand_model")
    specification = fields.Char(related="material_line_id.specification")
    uom_id = fields.Many2one(related="material_line_id.uom_id")
    quantity = fields.Float(string="Qty Arrived", digits="Product Unit of Measure")
    certificate = fields.Char(help="Certificate of conformity, test report: number or “yes”.")
    result = fields.Selection([("pass", "Pass"), ("fail", "Fail")], default="pass", required=True)
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.delivery_id._check_lines_editable()
        return lines

    def write(self, vals):
        self.delivery_id._check_lines_editable()
        return super().write(vals)

    def unlink(self):
        self.delivery_id._check_lines_editable()
        return super().unlink()
