from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RenovationOutsourcedItem(models.Model):
    """委托项目记录单 (seed 002 step 11): an item of the works the client
    entrusts to another contractor (glass, stone counters, air conditioning,
    security doors...), recorded with the project so that the schedule, the
    acceptance and the warranty know what the company did not build."""

    _name = "renovation.outsourced.item"
    _description = "Outsourced Item"
    _inherit = ["mail.thread", "renovation.project.record.mixin"]
    _order = "project_id, date_start, id"

    name = fields.Char(string="Item", required=True, tracking=True)
    contractor_id = fields.Many2one("res.partner", tracking=True, help="Who carries the item out.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(tracking=True)
    date_start = fields.Date(string="Start")
    date_end = fields.Date(string="End")
    note = fields.Text(string="Notes")

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for item in self:
            if item.date_start and item.date_end and item.date_end < item.date_start:
                raise ValidationError(_("An outsourced item cannot end before it starts."))
