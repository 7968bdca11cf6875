from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

MANAGER_GROUP = "renovation_service.group_renovation_manager"


class RenovationDesignerVisit(models.Model):
    """设计师去现场 (seed 002 step 16): the designer visits the site at the
    nodes that need them, checks that the works follow the drawings and
    records findings and photos. Visits are planned with a due date (a node's
    date by default); one not done by then is reported to the studio manager
    by a daily cron, once per visit and due date."""

    _name = "renovation.designer.visit"
    _description = "Designer Site Visit"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "renovation.project.record.mixin",
        "renovation.guarded.mixin",
    ]
    _order = "due_date, id"
    _renovation_guarded_fields = ("state", "done_on")

    designer_id = fields.Many2one(
        "res.users",
        compute="_compute_designer_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    node_task_id = fields.Many2one(
        "project.task",
        string="Node",
        domain="[('project_id', '=', project_id)]",
        index="btree_not_null",
    )
    due_date = fields.Date(
        compute="_compute_due_date",
        store=True,
        readonly=False,
        tracking=True,
        help="The visit is due by this date: the node's date by default.",
    )
    visit_date = fields.Date(string="Visited on", tracking=True)
    findings = fields.Text()
    drawing_check = fields.Selection(
        [("pass", "Built to drawing"), ("fail", "Deviates from drawing")],
        string="Build-to-drawing Check",
        tracking=True,
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "renovation_designer_visit_photo_rel",
        "visit_id",
        "attachment_id",
        string="Photos",
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    done_on = fields.Datetime(readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    @api.depends("project_id", "node_task_id", "due_date")
    def _compute_display_name(self):
        for visit in self:
            parts = [visit.project_id.name or "", visit.node_task_id.name or ""]
            visit.display_name = " · ".join(p for p in parts if p) or _("Designer Visit")

    @api.depends("project_id")
    def _compute_designer_id(self):
        for visit in self:
            visit.designer_id = visit.designer_id or visit.project_id.designer_id

    @api.depends("node_task_id.date_deadline")
    def _compute_due_date(self):
        # the node's date, following the node while the visit is planned (a
        # delay moves the schedule); without a node the date is the one entered
        for visit in self:
            if visit.state != "planned" and visit.due_date:
                continue
            day = visit.node_task_id._renovation_node_day()
            if day:
                visit.due_date = day

    @api.constrains("due_date")
    def _check_due_date(self):
        # required, but computed from the node after the row is inserted
        if self.filtered(lambda visit: not visit.due_date):
            raise ValidationError(_("Give the visit a due date, or the node it is due at."))

    @api.depends("state", "due_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for visit in self:
            visit.is_overdue = bool(
                visit.state == "planned" and visit.due_date and visit.due_date < today
            )

    def _check_visit_user(self):
        user = self.env.user
        for visit in self:
            allowed = visit.designer_id | visit.project_id.designer_id
            allowed |= visit.project_id.studio_id.manager_id
            if user not in allowed and not user.has_group(MANAGER_GROUP):
                raise UserError(
                    _(
                        "Only the designer of %s, the studio manager or a renovation manager "
                        "records a designer visit.",
                        visit.project_id.display_name,
                    )
                )

    def action_done(self):
        """The designer was on site: findings and the build-to-drawing check
        are recorded; a deviation is told to the project manager."""
        self._check_visit_user()
        for visit in self:
            if visit.state != "planned":
                raise UserError(_("Only a planned visit can be recorded as done."))
            if not visit.drawing_check:
                raise UserError(_("Record whether the works follow the drawings."))
            if visit.drawing_check == "fail" and not visit.findings:
                raise UserError(_("Describe how the works deviate from the drawings."))
            # sudo: the state follows the checks above, by the designer or a manager
            visit.sudo().write({"state": "done", "done_on": fields.Datetime.now()})
            if not visit.visit_date:
                visit.visit_date = fields.Date.context_today(self)
            visit.activity_feedback(["mail.mail_activity_data_todo"])
            pm = visit.project_id.user_id
            if visit.drawing_check == "fail" and pm:
                visit.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=pm.id,
                    summary=_("The works deviate from the drawings: see the designer's findings"),
                )
        return True

    def action_cancel(self):
        self._check_visit_user()
        for visit in self:
            if visit.state != "planned":
                raise UserError(_("Only a planned visit can be cancelled."))
        # sudo: cancelling follows the check above
        self.sudo().write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    # ------------------------------------------------------------------
    # missed visits → the studio manager
    # ------------------------------------------------------------------
    @api.model
    def _missed_domain(self):
        return [
            ("state", "=", "planned"),
            ("due_date", "<", fields.Date.context_today(self)),
            ("project_id.is_renovation", "=", True),
        ]

    @api.model
    def _cron_renovation_missed_designer_visits(self, batch_size=200):
        """Daily: each visit not done by its due date gives the studio
        manager an activity, once per visit and due date (a visit moved to a
        later date and missed again is reported again)."""
        visits = self.search(self._missed_domain(), order="id")
        self.env["ir.cron"]._renovation_process_in_batches(
            visits, lambda batch: batch._renovation_report_missed(), batch_size
        )

    def _renovation_report_missed(self):
        visits = self.env["renovation.cron.claim"]._claim(
            "designer_visit_missed", self, lambda visit: visit.due_date
        )
        today = fields.Date.context_today(self)
        for visit in visits:
            company = visit.company_id or self.env.company
            manager = visit.project_id.studio_id.manager_id or company.renovation_general_manager_id
            if not manager:
                continue
            # for the studio manager, in the company's language (not the scheduler user's)
            env = company._renovation_company_env()
            visit.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                date_deadline=today,
                summary=env._(
                    "Designer visit missed: %(project)s, due %(date)s",
                    project=visit.project_id.display_name,
                    date=visit.due_date,
                ),
                note=env._(
                    "%(designer)s has not recorded the visit.",
                    designer=visit.designer_id.name or "",
                ),
            )
        return visits
