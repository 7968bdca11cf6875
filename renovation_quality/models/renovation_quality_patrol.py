from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

PATROL_TYPES = [
    ("quality", "Quality inspector's patrol"),
    ("site", "Project manager's daily patrol"),
]


class RenovationQualityPatrol(models.Model):
    """A patrol log (巡检日志): sites visited and findings. The quality
    inspector patrols the sites (unannounced checks and key nodes); the
    project manager patrols each of their sites every day (seed 000 §4.2:
    项目经理需每日巡查工地) — a daily cron puts each PM's patrol of the day
    on their list. The project managers of the sites follow the logs."""

    _name = "renovation.quality.patrol"
    _description = "Site Patrol Log"
    _inherit = ["mail.thread", "mail.activity.mixin", "renovation.idempotent.mixin"]
    _order = "date desc, id desc"
    _renovation_conflict_columns = ("inspector_id", "date", "patrol_type")

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(default=fields.Date.context_today, required=True, tracking=True)
    patrol_type = fields.Selection(PATROL_TYPES, required=True, default="quality")
    state = fields.Selection(
        [("todo", "To Patrol"), ("done", "Logged")], default="done", required=True, tracking=True
    )
    inspector_id = fields.Many2one(
        "res.users",
        string="Patrolled By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    project_ids = fields.Many2many(
        "project.project",
        "renovation_quality_patrol_project_rel",
        "patrol_id",
        "project_id",
        string="Sites Visited",
        domain=[("is_renovation", "=", True)],
    )
    project_manager_ids = fields.Many2many(
        "res.users", compute="_compute_project_manager_ids", string="Project Managers"
    )
    findings = fields.Html()
    spot_check_ids = fields.One2many(
        "renovation.quality.inspection", "patrol_id", string="Spot Checks"
    )

    _sql_constraints = [
        (
            "patrol_per_day_uniq",
            "unique(inspector_id, date, patrol_type)",
            "One patrol log of each kind per person and day.",
        ),
    ]

    @api.constrains("state", "findings")
    def _check_findings(self):
        for patrol in self:
            if patrol.state == "done" and is_html_empty(patrol.findings):
                raise UserError(_("Write down what the patrol found."))

    @api.depends("date", "inspector_id")
    def _compute_name(self):
        for patrol in self:
            patrol.name = _(
                "Patrol %(date)s %(inspector)s",
                date=patrol.date,
                inspector=patrol.inspector_id.name,
            )

    @api.depends("project_ids.user_id")
    def _compute_project_manager_ids(self):
        for patrol in self:
            patrol.project_manager_ids = patrol.project_ids.user_id

    @api.model_create_multi
    def create(self, vals_list):
        patrols = super().create(vals_list)
        patrols._subscribe_project_managers()
        return patrols

    def write(self, vals):
        res = super().write(vals)
        if "project_ids" in vals:
            self._subscribe_project_managers()
        return res

    def _subscribe_project_managers(self):
        for patrol in self:
            patrol.message_subscribe(partner_ids=patrol.project_ids.user_id.partner_id.ids)

    def action_done(self):
        """The patrol of the day is logged (its findings written)."""
        for patrol in self:
            if patrol.inspector_id != self.env.user and not self.env.user.has_group(
                "renovation_service.group_renovation_manager"
            ):
                raise UserError(_("Only %s logs this patrol.", patrol.inspector_id.name))
            patrol.state = "done"
            patrol.activity_feedback(["renovation_quality.mail_activity_type_site_patrol"])
        return True

    @api.model
    def _cron_schedule_site_patrols(self, batch_size=200):
        """Daily: the project manager of sites under construction patrols each
        of them today — one patrol log per PM, listing their sites, with an
        activity. Inserted on its unique key (PM, day): a rerun or a second
        worker adds nothing."""
        projects = self.env["project.project"].search(
            [
                ("is_renovation", "=", True),
                ("stage_id.renovation_is_construction", "=", True),
                ("user_id", "!=", False),
            ],
            order="user_id, id",
        )
        managers = projects.user_id
        self.env["ir.cron"]._renovation_process_in_batches(
            managers,
            lambda batch: self._schedule_site_patrols(batch, projects),
            batch_size,
        )

    @api.model
    def _schedule_site_patrols(self, managers, projects):
        today = fields.Date.context_today(self)
        patrols = self._insert_ignoring_conflicts(
            [
                {
                    "inspector_id": manager.id,
                    "date": today,
                    "patrol_type": "site",
                    "state": "todo",
                    "company_id": manager.company_id.id,
                }
                for manager in managers
            ]
        )
        for patrol in patrols:
            sites = projects.filtered(lambda p, pm=patrol.inspector_id: p.user_id == pm)
            patrol.project_ids = sites
            patrol.activity_schedule(
                "renovation_quality.mail_activity_type_site_patrol",
                user_id=patrol.inspector_id.id,
                date_deadline=today,
                summary=_("Daily site patrol: %s site(s)", len(sites)),
            )
        return patrols

    def action_new_spot_check(self):
        """A spot check on one of the visited sites, from the patrol."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_quality.action_renovation_quality_inspection"
        )
        action.update(
            views=[(False, "form")],
            view_mode="form",
            context={
                "default_patrol_id": self.id,
                "default_is_spot_check": True,
                "default_project_id": self.project_ids[:1].id,
            },
        )
        return action
