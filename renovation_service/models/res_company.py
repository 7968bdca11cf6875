from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .renovation_management_report import RECIPIENT_FIELDS

# the daily reports are due before 10:00 (seed 002 step 07)
REPORT_DEADLINE_HOUR = 10


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
    renovation_finance_user_id = fields.Many2one(
        "res.users",
        string="Finance",
        help="The finance department's contact: receives the daily reports by default.",
    )
    renovation_marketing_user_id = fields.Many2one(
        "res.users",
        string="Marketing Manager",
        help="Told of each new visitable site; receives the weekly list with the general "
        "manager (可参观工地一览表).",
    )
    renovation_report_hour = fields.Integer(
        string="Daily Reports At",
        default=8,
        help="Local hour (the company's time zone) at which the daily reports of the "
        "previous day are e-mailed; they are due before 10:00.",
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

    @api.constrains("renovation_report_hour")
    def _check_renovation_report_hour(self):
        for company in self:
            if not 0 <= company.renovation_report_hour < REPORT_DEADLINE_HOUR:
                raise ValidationError(
                    _("The daily reports are due before 10:00: choose an hour from 0 to 9.")
                )

    def _renovation_report_recipients(self, report):
        """Who receives ``report``: the users set in Settings, else the general
        manager, the statistician and finance (seed 002 step 07)."""
        self.ensure_one()
        recipients = self[RECIPIENT_FIELDS[report]] or (
            self.renovation_general_manager_id
            | self.renovation_statistician_id
            | self.renovation_finance_user_id
        )
        return recipients.filtered("active")

    def _renovation_company_env(self):
        """The environment in the company's language (its partner's): what a
        cron writes for the staff (activity summaries, record names) must read
        in their language, not in the scheduler user's. One company or none
        (then the current language)."""
        lang = self[:1].partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env
