from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RenovationSiteMeasurementLine(models.Model):
    _name = "renovation.site.measurement.line"
    _description = "Measured Room"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    measurement_id = fields.Many2one(
        "renovation.site.measurement", required=True, ondelete="cascade", index=True
    )
    room = fields.Char(required=True)
    length = fields.Float(string="Length (m)")
    width = fields.Float(string="Width (m)")
    height = fields.Float(string="Height (m)")
    area = fields.Float(string="Area (m²)", compute="_compute_area", store=True)
    note = fields.Char()

    @api.depends("length", "width")
    def _compute_area(self):
        for line in self:
            line.area = line.length * line.width

    @api.constrains("length", "width", "height")
    def _check_positive(self):
        for line in self:
            if min(line.length, line.width, line.height) < 0:
                raise ValidationError(_("Measurements cannot be negative."))
