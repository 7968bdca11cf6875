from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    renovation_first_payment_percent = fields.Float(
        related="company_id.renovation_first_payment_percent", readonly=False
    )
    renovation_midterm_payment_percent = fields.Float(
        related="company_id.renovation_midterm_payment_percent", readonly=False
    )
    renovation_midterm_due_days = fields.Integer(
        related="company_id.renovation_midterm_due_days", readonly=False
    )
    renovation_final_due_days = fields.Integer(
        related="company_id.renovation_final_due_days", readonly=False
    )
    renovation_general_manager_id = fields.Many2one(
        related="company_id.renovation_general_manager_id", readonly=False
    )
    renovation_statistician_id = fields.Many2one(
        related="company_id.renovation_statistician_id", readonly=False
    )
    renovation_finance_user_id = fields.Many2one(
        related="company_id.renovation_finance_user_id", readonly=False
    )
    renovation_marketing_user_id = fields.Many2one(
        related="company_id.renovation_marketing_user_id", readonly=False
    )
    renovation_report_hour = fields.Integer(
        related="company_id.renovation_report_hour", readonly=False
    )
    renovation_report_payment_user_ids = fields.Many2many(
        related="company_id.renovation_report_payment_user_ids", readonly=False
    )
    renovation_report_contract_user_ids = fields.Many2many(
        related="company_id.renovation_report_contract_user_ids", readonly=False
    )
    renovation_report_client_user_ids = fields.Many2many(
        related="company_id.renovation_report_client_user_ids", readonly=False
    )
