from odoo import fields, models


class RenovationQualityEscalation(models.Model):
    """Log of the escalations of overdue rectification orders. Its unique key
    makes the daily cron idempotent: one escalation per order, level and deadline."""

    _name = "renovation.quality.escalation"
    _description = "Rectification Escalation"
    _inherit = ["renovation.idempotent.mixin"]
    _order = "date desc, id desc"
    _renovation_conflict_columns = ("rectification_id", "level", "deadline")

    rectification_id = fields.Many2one(
        "renovation.quality.rectification", required=True, ondelete="cascade", index=True
    )
    project_id = fields.Many2one(related="rectification_id.project_id", store=True)
    company_id = fields.Many2one(related="rectification_id.company_id", store=True)
    level = fields.Selection([("1", "Project Manager"), ("2", "General Manager")], required=True)
    deadline = fields.Date(required=True, help="The deadline that was missed.")
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Escalated To", required=True)
    activity_id = fields.Many2one("mail.activity", ondelete="set null")

    _sql_constraints = [
        (
            "rectification_level_deadline_uniq",
            "unique(rectification_id, level, deadline)",
            "This rectification order has been escalated to this level already.",
        ),
    ]
