from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # callbacks (回访) after completion
    renovation_callback_months = fields.Char(
        string="Callback Months",
        default="1,3,6,12",
        help="Months after the completion acceptance at which the client is called back, "
        "comma separated (e.g. 1,3,6,12).",
    )
    renovation_callback_interval_months = fields.Integer(
        string="And Every (months)",
        default=3,
        help="Besides the listed months, call back at this interval counted from the "
        "completion acceptance (every quarter: 3, 6, 9, 12...) while any warranty of the "
        "card runs. 0 calls back at the listed months only.",
    )
    # repair requests (报修)
    renovation_repair_response_hours = fields.Integer(
        string="Repair Response (hours)",
        default=4,
        help="A repair request must be answered within this many hours of the request.",
    )
    renovation_repair_onsite_hours = fields.Integer(
        string="Repair On-site (hours)",
        default=48,
        help="A technician must be on site within this many hours of the request.",
    )
    # complaints (投诉)
    renovation_complaint_response_hours = fields.Integer(
        string="Complaint Acceptance (hours)",
        default=24,
        help="A complaint must be accepted (recorded, apologised for) within this many hours.",
    )
    renovation_complaint_resolution_hours = fields.Integer(
        string="Complaint Resolution (hours)",
        default=168,
        help="The client must have accepted a solution within this many hours.",
    )
    renovation_sla_escalation_hours = fields.Integer(
        string="Escalate to Manager After (hours)",
        default=24,
        help="A missed deadline first warns the person responsible; if it is still missed "
        "this many hours later, the aftercare manager is warned too.",
    )
    renovation_aftercare_manager_id = fields.Many2one(
        "res.users",
        string="Aftercare Manager",
        help="Receives escalated repair requests and complaints. Defaults to the general manager.",
    )
    # holiday greetings
    renovation_holiday_greetings = fields.Boolean(
        string="Holiday Greetings",
        help="Send a greeting to every client whose warranty is running on the holidays "
        "listed under Configuration > Aftercare > Greeting Holidays.",
    )
    renovation_greeting_days_before = fields.Integer(
        string="Greet Days Before",
        default=0,
        help="Greetings go out from this many days before the holiday until the holiday "
        "itself (a missed cron run then still greets on time).",
    )
    # customer evaluation (客户评价表)
    renovation_evaluation_low_score = fields.Integer(
        string="Low Score Threshold",
        default=2,
        help="An evaluation with the overall score or any dimension at or below this score "
        "opens a complaint.",
    )

    @api.constrains("renovation_callback_months", "renovation_callback_interval_months")
    def _check_renovation_callback_plan(self):
        for company in self:
            company._renovation_callback_months()
            if company.renovation_callback_interval_months < 0:
                raise ValidationError(_("The callback interval cannot be negative."))

    @api.constrains(
        "renovation_repair_response_hours",
        "renovation_repair_onsite_hours",
        "renovation_complaint_response_hours",
        "renovation_complaint_resolution_hours",
        "renovation_sla_escalation_hours",
    )
    def _check_renovation_sla_hours(self):
        for company in self:
            hours = (
                company.renovation_repair_response_hours,
                company.renovation_repair_onsite_hours,
                company.renovation_complaint_response_hours,
                company.renovation_complaint_resolution_hours,
                company.renovation_sla_escalation_hours,
            )
            if any(h <= 0 for h in hours):
                raise ValidationError(_("Service level hours must be positive."))

    @api.constrains("renovation_evaluation_low_score", "renovation_greeting_days_before")
    def _check_renovation_evaluation_low_score(self):
        for company in self:
            if not 1 <= company.renovation_evaluation_low_score <= 4:
                raise ValidationError(_("The low score threshold must be between 1 and 4."))
            if company.renovation_greeting_days_before < 0:
                raise ValidationError(_("Greeting days before a holiday cannot be negative."))

    def write(self, vals):
        res = super().write(vals)
        if {"renovation_callback_months", "renovation_callback_interval_months"} & set(vals):
            # the new plan applies from today on; callbacks already made stay
            cards = (
                self.env["renovation.warranty.card"]
                .sudo()
                .search([("company_id", "in", self.ids), ("state", "=", "issued")])
            )  # sudo: every card of the company follows its plan, visible or not
            cards._schedule_next_callback(fields.Date.context_today(self))
        return res

    def _renovation_callback_plan_months(self):
        """(the listed callback months, the interval of the periodic ones):
        what a warranty card's callback plan is made of."""
        return self._renovation_callback_months(), self.renovation_callback_interval_months

    def _renovation_callback_months(self):
        """The configured callback months as a sorted list of distinct positive ints."""
        self.ensure_one()
        text = (self.renovation_callback_months or "").replace("，", ",")
        months = set()
        for part in filter(None, (p.strip() for p in text.split(","))):
            if not part.isdigit() or int(part) <= 0:
                raise ValidationError(
                    _(
                        "Callback months must be positive whole numbers separated by commas "
                        "(e.g. 1,3,6,12), not “%s”.",
                        part,
                    )
                )
            months.add(int(part))
        return sorted(months)

    def _renovation_aftercare_manager(self):
        self.ensure_one()
        return self.renovation_aftercare_manager_id or self.renovation_general_manager_id
