from odoo import fields, models


class RenovationWarrantyGreeting(models.Model):
    """Log of the holiday greetings sent: one per card and holiday, which is
    what keeps the greeting cron from greeting a client twice."""

    _name = "renovation.warranty.greeting"
    _description = "Holiday Greeting Sent"
    _inherit = ["renovation.idempotent.mixin"]
    _order = "id desc"
    _renovation_conflict_columns = ("card_id", "holiday_id")

    card_id = fields.Many2one(
        "renovation.warranty.card", required=True, ondelete="cascade", index=True
    )
    holiday_id = fields.Many2one(
        "renovation.aftercare.holiday", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(related="card_id.partner_id")
    company_id = fields.Many2one(related="card_id.company_id", store=True)
    message_id = fields.Many2one("mail.message", readonly=True)

    _sql_constraints = [
        (
            "card_holiday_uniq",
            "unique(card_id, holiday_id)",
            "A client is greeted once per holiday.",
        ),
    ]
