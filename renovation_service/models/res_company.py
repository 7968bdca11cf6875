from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    renovation_first_payment_percent = fields.Float(
        string="First Payment (%)",
        default=30.0,
        help="Default share of the contract total invoiced at signing (首期款).",
    )
    renovation_midterm_payment_percent = fields.Float(
        string="Mid-term Payment (%)",
        default=60.0,
        help="Default share of the current contract total invoiced at the mid-term "
        "settlement (中期款).",
    )
    renovation_midterm_due_days = fields.Integer(string="Mid-term Payment Due (days)", default=7)
    renovation_final_due_days = fields.Integer(
        string="Final Payment Due (days)",
        default=3,
        help="The final payment (尾款) is due this many days after the completion "
        "acceptance signature.",
    )
    renovation_general_manager_id = fields.Many2one(
        "res.users",
        string="General Manager",
        help="Receives escalations such as overdue instalments.",
    )
    renovation_statistician_id = fields.Many2one(
        "res.users",
        string="Project Statistician",
        help="Default statistician for weekly follow-up calls of new projects.",
    )
    # recipients of the management reports e-mailed by the crons
    renovation_report_payment_user_ids = fields.Many2many(
        "res.users",
        "res_company_renovation_report_payment_rel",
        "company_id",
        "user_id",
        string="Payments Report Recipients",
        help="Receive the daily 工程款收支明细表 (payments in and out per project), "
        "e.g. the general manager and the project statistician.",
    )
    renovation_report_contract_user_ids = fields.Many2many(
        "res.users",
        "res_company_renovation_report_contract_rel",
        "company_id",
        "user_id",
        string="Contracts Report Recipients",
        help="Receive the daily 签单统计表 (contracts signed per studio and designer), "
        "e.g. the general manager, finance and the engineering department.",
    )
    renovation_report_client_user_ids = fields.Many2many(
        "res.users",
        "res_company_renovation_report_client_rel",
        "company_id",
        "user_id",
        string="Client Resources Report Recipients",
        help="Receive the weekly 客户资源统计表 (enquiries and conversion) on Mondays.",
    )
