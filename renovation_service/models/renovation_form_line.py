from odoo import api, fields, models


class RenovationFormLine(models.Model):
    _name = "renovation.form.line"
    _description = "Form Line"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    form_id = fields.Many2one("renovation.form", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Item", required=True)
    description = fields.Text()
    quantity = fields.Float()
    uom = fields.Char(string="Unit")
    amount = fields.Float()
    result = fields.Selection([("pass", "Pass"), ("fail", "Fail"), ("na", "Not applicable")])
    note = fields.Char()

    def write(self, vals):
        self.form_id._check_content_editable()
        return super().write(vals)

    def unlink(self):
        self.form_id._check_content_editable()
        return super().unlink()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.form_id._check_content_editable()
        return lines
