from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    renovation_callback_months = fields.Char(
        related="company_id.renovation_callback_months", readonly=False
    )
    renovation_callback_interval_months = fields.Integer(
        related="company_id.renovation_callback_interval_months", readonly=False
    )
    renovation_repair_response_hours = fields.Integer(
        related="company_id.renovation_repair_response_hours", readonly=False
    )
    renovation_repair_onsite_hours = fields.Integer(
        related="company_id.renovation_repair_onsite_hours", readonly=False
    )
    renovation_complaint_response_hours = fields.Integer(
        related="company_id.renovation_complaint_response_hours", readonly=False
    )
    renovation_complaint_resolution_hours = fields.Integer(
        related="company_id.renovation_complaint_resolution_hours", readonly=False
    )
    renovation_sla_escalation_hours = fields.Integer(
        related="company_id.renovation_sla_escalation_hours", readonly=False
    )
    renovation_aftercare_manager_id = fields.Many2one(
        related="company_id.renovation_aftercare_manager_id", readonly=False
    )
    renovation_holiday_greetings = fields.Boolean(
        related="company_id.renovation_holiday_greetings", readonly=False
    )
    renovation_greeting_days_before = fields.Integer(
        related="company_id.renovation_greeting_days_before", readonly=False
    )
    renovation_evaluation_low_score = fields.Integer(
        related="company_id.renovation_evaluation_low_score", readonly=False
    )
