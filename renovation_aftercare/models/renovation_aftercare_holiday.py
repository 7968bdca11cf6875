from odoo import fields, models


class RenovationAftercareHoliday(models.Model):
    """A holiday on which clients under warranty get a greeting (春节, 中秋节...).
    Lunar holidays move every year, so each year's dates are records."""

    _name = "renovation.aftercare.holiday"
    _description = "Greeting Holiday"
    _order = "date desc, id desc"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True, index=True)
    company_id = fields.Many2one("res.company", help="Leave empty for every company.")
    greeting_ids = fields.One2many("renovation.warranty.greeting", "holiday_id")
    greeting_count = fields.Integer(compute="_compute_greeting_count")

    def _compute_greeting_count(self):
        for holiday in self:
            holiday.greeting_count = len(holiday.greeting_ids)
