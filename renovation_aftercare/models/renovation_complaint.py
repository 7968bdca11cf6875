from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

COMPLAINT_SOURCES = [
    ("front_desk", "Front desk (phone, visit)"),
    ("back_office", "Back office"),
    ("portal", "Client portal"),
    ("callback", "Callback"),
    ("repair", "Repair return visit"),
    ("evaluation", "Customer evaluation"),
]
RESPONSIBILITIES = [
    ("design", "Design"),
    ("construction", "Construction quality"),
    ("material", "Materials / supplier"),
    ("service", "Service attitude"),
    ("schedule", "Schedule"),
    ("client", "Client side"),
    ("none", "No fault found"),
]


class RenovationComplaint(models.Model):
    """客户投诉记录单. Handled in five steps (seed 004): accept (record,
    apologise, promise) -> investigate (facts, responsibility) -> solution
    (measures, owner, deadline) -> feedback to the client (until accepted)
    -> follow-up visit (satisfaction). Each step needs its own fields."""

    _name = "renovation.complaint"
    _description = "Client Complaint"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "renovation.aftercare.sla.mixin",
        "renovation.aftercare.portal.mixin",
        "renovation.project.record.mixin",
    ]
    _order = "received_datetime desc, id desc"

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    studio_id = fields.Many2one(related="project_id.studio_id", store=True)
    designer_id = fields.Many2one(related="project_id.designer_id", store=True)
    foreman_id = fields.Many2one(related="project_id.foreman_id", store=True)
    source = fields.Selection(COMPLAINT_SOURCES, default="back_office", required=True)
    callback_id = fields.Many2one("renovation.warranty.callback", readonly=True, copy=False)
    repair_id = fields.Many2one("renovation.repair.request", copy=False, index="btree_not_null")
    evaluation_id = fields.Many2one("renovation.customer.evaluation", readonly=True, copy=False)
    received_datetime = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, tracking=True
    )
    description = fields.Text(string="Complaint", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Handled By",
        tracking=True,
        help="Owns the complaint (usually the client advisor); warned first when a "
        "deadline is missed.",
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("accepted", "Accepted"),
            ("investigated", "Investigated"),
            ("solution", "Solution Proposed"),
            ("feedback", "Solution Accepted"),
            ("closed", "Followed Up"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    # 1. accept
    acceptance_note = fields.Text(
        string="Apology and Promise", help="What was said to the client when accepting."
    )
    accepted_datetime = fields.Datetime(string="Accepted On", readonly=True, copy=False)
    # 2. investigate
    investigation_facts = fields.Text(string="Facts Found")
    responsibility = fields.Selection(RESPONSIBILITIES, tracking=True)
    investigated_datetime = fields.Datetime(string="Investigated On", readonly=True, copy=False)
    # 3. solution
    solution_measures = fields.Text(string="Measures")
    solution_owner_id = fields.Many2one("res.users", tracking=True)
    solution_deadline = fields.Date(tracking=True)
    solution_datetime = fields.Datetime(string="Solution Proposed On", readonly=True, copy=False)
    # 4. feedback
    feedback_notes = fields.Text(string="Client Feedback")
    feedback_round = fields.Integer(
        string="Rejected Solutions", readonly=True, copy=False, default=0
    )
    feedback_datetime = fields.Datetime(string="Solution Accepted On", readonly=True, copy=False)
    # 5. follow-up
    followup_notes = fields.Text(string="Follow-up Notes")
    followup_satisfaction = fields.Integer(
        string="Satisfaction", aggregator="avg", help="Given on the follow-up visit, 1 to 5."
    )
    followup_datetime = fields.Datetime(string="Followed Up On", readonly=True, copy=False)
    cancel_reason = fields.Text()

    # the company's hours when the complaint came in are the commitment made:
    # changing the settings later does not move the deadlines of past complaints
    @api.depends("received_datetime")
    def _compute_sla_deadlines(self):
        for complaint in self:
            company = complaint.company_id or self.env.company
            complaint.sla_response_deadline = self._sla_deadline_after(
                complaint.received_datetime, company.renovation_complaint_response_hours
            )
            complaint.sla_resolution_deadline = self._sla_deadline_after(
                complaint.received_datetime, company.renovation_complaint_resolution_hours
            )

    def _compute_access_url(self):
        super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    @api.constrains("project_id", "callback_id", "repair_id", "evaluation_id")
    def _check_links_same_project(self):
        for complaint in self:
            for linked in (complaint.callback_id, complaint.repair_id, complaint.evaluation_id):
                if linked and linked.project_id != complaint.project_id:
                    raise ValidationError(
                        _("%s belongs to another project than the complaint.", linked.display_name)
                    )

    @api.constrains("followup_satisfaction")
    def _check_followup_satisfaction(self):
        if any(not 0 <= c.followup_satisfaction <= 5 for c in self):
            raise ValidationError(_("Satisfaction is a score from 1 to 5."))

    # ------------------------------------------------------------------
    # SLA
    # ------------------------------------------------------------------
    def _sla_open_domain(self):
        return [("state", "in", ("new", "accepted", "investigated", "solution"))]

    def _sla_missed_deadlines(self, now):
        self.ensure_one()
        missed = []
        if self.state not in ("new", "accepted", "investigated", "solution"):
            return missed
        if (
            not self.accepted_datetime
            and self.sla_response_deadline
            and (self.sla_response_deadline < now)
        ):
            missed.append(_("acceptance"))
        if (
            not self.feedback_datetime
            and self.sla_resolution_deadline
            and (self.sla_resolution_deadline < now)
        ):
            missed.append(_("resolution"))
        if (
            self.state == "solution"
            and self.solution_deadline
            and (self.solution_deadline < now.date())
        ):
            missed.append(_("solution deadline"))
        return missed

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        Project = self.env["project.project"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: numbering is technical; portal clients file complaints too
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("renovation.complaint")
            if not vals.get("user_id") and vals.get("project_id"):
                # sudo: reads who owns the client relationship (客户顾问 handles
                # complaints), also for a client on the portal
                project = Project.browse(vals["project_id"]).sudo()
                owner = project.advisor_id or project.user_id
                if not owner and not self.env.user.share:
                    owner = self.env.user
                vals["user_id"] = owner.id
        complaints = super().create(vals_list)
        activity_type = self.env.ref("renovation_aftercare.mail_activity_type_complaint")
        for complaint in complaints.filtered("user_id"):
            # sudo: a client filing on the portal may not schedule activities for staff;
            # this is the complaint's own "accept it" task for its handler
            complaint.sudo().activity_schedule(
                activity_type_id=activity_type.id,
                user_id=complaint.user_id.id,
                date_deadline=fields.Date.context_today(complaint, complaint.sla_response_deadline),
                summary=_("Accept complaint %s", complaint.name),
            )
        return complaints

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    def _check_step(self, state, required_fields):
        """Raise unless every complaint is in ``state`` and has ``required_fields``."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for complaint in self:
            if complaint.state != state:
                raise UserError(
                    _(
                        "%(complaint)s is “%(current)s”; this step needs it “%(expected)s”.",
                        complaint=complaint.display_name,
                        current=labels[complaint.state],
                        expected=labels[state],
                    )
                )
            missing = [
                self._fields[name].get_description(self.env)["string"]
                for name in required_fields
                if not complaint[name]
            ]
            if missing:
                raise UserError(
                    _(
                        "Fill in first on %(complaint)s: %(missing)s.",
                        complaint=complaint.display_name,
                        missing=", ".join(missing),
                    )
                )

    def action_accept(self):
        """1. Accept: recorded, apologised for, something promised."""
        self._check_step("new", ("description", "user_id", "acceptance_note"))
        self.write({"state": "accepted", "accepted_datetime": fields.Datetime.now()})
        self.activity_feedback(["renovation_aftercare.mail_activity_type_complaint"])

    def action_investigate(self):
        """2. Investigate: the facts and who is responsible."""
        self._check_step("accepted", ("investigation_facts", "responsibility"))
        self.write({"state": "investigated", "investigated_datetime": fields.Datetime.now()})

    def action_propose_solution(self):
        """3. Solution: measures, an owner and a deadline."""
        self._check_step(
            "investigated", ("solution_measures", "solution_owner_id", "solution_deadline")
        )
        activity_type = self.env.ref("renovation_aftercare.mail_activity_type_complaint")
        for complaint in self:
            complaint.write({"state": "solution", "solution_datetime": fields.Datetime.now()})
            complaint.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=complaint.solution_owner_id.id,
                date_deadline=complaint.solution_deadline,
                summary=_("Carry out the solution of %s", complaint.name),
            )

    def action_client_accepts(self):
        """4. Feedback: the client accepts the solution."""
        self._check_step("solution", ("feedback_notes",))
        self.write({"state": "feedback", "feedback_datetime": fields.Datetime.now()})
        self.activity_feedback(["renovation_aftercare.mail_activity_type_complaint"])

    def action_client_rejects(self):
        """4. Feedback: the client rejects the solution; back to a new solution."""
        self._check_step("solution", ("feedback_notes",))
        for complaint in self:
            complaint.message_post(
                body=_("The client rejected the solution: %s", complaint.feedback_notes)
            )
            complaint.write(
                {
                    "state": "investigated",
                    "feedback_round": complaint.feedback_round + 1,
                    "feedback_notes": False,
                    "solution_datetime": False,
                }
            )
        self.activity_unlink(["renovation_aftercare.mail_activity_type_complaint"])

    def action_follow_up(self):
        """5. Follow-up visit: the client's satisfaction closes the complaint."""
        self._check_step("feedback", ("followup_notes", "followup_satisfaction"))
        self.write({"state": "closed", "followup_datetime": fields.Datetime.now()})

    def action_cancel(self):
        for complaint in self:
            if complaint.state in ("closed", "cancelled"):
                raise UserError(_("%s is already finished.", complaint.display_name))
            if not complaint.cancel_reason:
                raise UserError(_("Give the reason to cancel %s.", complaint.display_name))
        if not self.env.user.has_group("renovation_service.group_renovation_manager"):
            raise UserError(_("Only a renovation manager can cancel a complaint."))
        self.write({"state": "cancelled"})
        self.activity_unlink(
            [
                "renovation_aftercare.mail_activity_type_complaint",
                "renovation_aftercare.mail_activity_type_sla_overdue",
            ]
        )

    # ------------------------------------------------------------------
    # portal
    # ------------------------------------------------------------------
    @api.model
    def _portal_projects(self):
        # as superuser, restricted to the user's own (company's) projects
        return self.env.user.partner_id._renovation_client_projects()

    @api.model
    def _portal_create_complaint(self, project_id, description):
        """A complaint filed by the client on the portal, created as the portal
        user (the portal record rule applies on top of this check)."""
        project = self._portal_projects().filtered(lambda p: p.id == project_id)
        if not project:
            raise AccessError(_("You can only complain about your own renovation."))
        description = (description or "").strip()
        if not description:
            raise UserError(_("Tell us what went wrong."))
        return self._portal_create(
            {"project_id": project.id, "description": description, "source": "portal"}
        )
