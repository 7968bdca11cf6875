from odoo import api, fields, models


class RenovationFormTypeColumn(models.Model):
    """A column of a form's table: which line field it prints and under which
    label (材料名称, 品牌型号, 规格, 数量...)."""

    _name = "renovation.form.type.column"
    _description = "Form Column Template"
    _order = "form_type_id, sequence, id"

    form_type_id = fields.Many2one(
        "renovation.form.type", string="Form", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    field_name = fields.Selection(
        selection="_selection_field_name", string="Line Field", required=True
    )
    label = fields.Char(translate=True, help="Column heading; the line field's name when empty.")

    _sql_constraints = [
        ("field_uniq", "unique(form_type_id, field_name)", "A form prints each column once."),
    ]

    @api.model
    def _selection_field_name(self):
        return self.env["renovation.form.line"]._selection_printable_columns()

    def _heading(self):
        self.ensure_one()
        line_field = self.env["renovation.form.line"]._fields[self.field_name]
        return self.label or line_field._description_string(self.env)
