from odoo import fields, models


class RenovationFormTypeRow(models.Model):
    """A row a new form of the type starts with, when its source brings no
    lines (墙面, 地面, 门窗, 水表读数... of the site condition hand-over)."""

    _name = "renovation.form.type.row"
    _description = "Form Row Template"
    _order = "form_type_id, sequence, id"

    form_type_id = fields.Many2one(
        "renovation.form.type", string="Form", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True, translate=True)
    location = fields.Char(string="Location / Area", translate=True)
    uom = fields.Char(string="Unit", translate=True)

    def _line_values(self):
        return [
            {"sequence": row.sequence, "name": row.name, "location": row.location, "uom": row.uom}
            for row in self
        ]
