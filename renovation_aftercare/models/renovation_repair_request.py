import base64

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

REPAIR_SOURCES = [
    ("back_office", "Back office"),
    ("phone", "Phone (front desk)"),
    ("portal", "Client portal"),
    ("callback", "Callback"),
]
MAX_PORTAL_PHOTOS = 10
MAX_PORTAL_PHOTO_BYTES = 10 * 1024 * 1024


class RenovationRepairRequest(models.Model):
    """报修记录、派工、验收、回访单: request -> dispatch -> on site -> fixed ->
    client acceptance (signed form) -> return visit. In warranty when the
    card covers the scope on the request date; otherwise the client gets a
    quotation first."""

    _name = "renovation.repair.request"
    _description = "Repair Request"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "renovation.form.source.mixin",
        "renovation.aftercare.sla.mixin",
        "renovation.aftercare.portal.mixin",
        "renovation.project.record.mixin",
    ]
    _order = "request_datetime desc, id desc"

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    studio_id = fields.Many2one(related="project_id.studio_id", store=True)
    foreman_id = fields.Many2one(related="project_id.foreman_id", store=True)
    site_address = fields.Char(related="project_id.site_address")
    card_id = fields.Many2one(
        "renovation.warranty.card",
        string="Warranty Card",
        compute="_compute_card_id",
        store=True,
        index=True,
    )
    source = fields.Selection(REPAIR_SOURCES, default="back_office", required=True)
    callback_id = fields.Many2one("renovation.warranty.callback", readonly=True, copy=False)
    complaint_ids = fields.One2many("renovation.complaint", "repair_id", string="Complaints")
    request_datetime = fields.Datetime(
        string="Requested On", required=True, default=fields.Datetime.now, tracking=True
    )
    request_date = fields.Date(compute="_compute_request_date", store=True)
    scope_id = fields.Many2one(
        "renovation.warranty.scope",
        tracking=True,
        help="What needs repairing (basic works, waterproofing...): decides the warranty.",
    )
    location = fields.Char(string="Where", help="Room or part of the home.")
    description = fields.Text(required=True)
    photo_ids = fields.Many2many(
        "ir.attachment", "renovation_repair_request_photo_rel", string="Photos"
    )
    warranty_status = fields.Selection(
        [
            ("to_check", "Scope to set"),
            ("in_warranty", "In warranty"),
            ("out_of_warranty", "Out of warranty"),
        ],
        compute="_compute_warranty_status",
        store=True,
        tracking=True,
    )
    coverage_end_date = fields.Date(
        string="Covered Until", compute="_compute_warranty_status", store=True
    )
    quotation_id = fields.Many2one("sale.order", readonly=True, copy=False, tracking=True)
    quotation_state = fields.Selection(related="quotation_id.state", string="Quotation Status")
    state = fields.Selection(
        [
            ("new", "New"),
            ("dispatched", "Dispatched"),
            ("in_progress", "On Site"),
            ("to_accept", "Awaiting Acceptance"),
            ("accepted", "Accepted by Client"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        help="Answers the client and follows the repair; warned first when a deadline is missed.",
    )
    responded_datetime = fields.Datetime(string="Responded On", readonly=True, copy=False)
    technician_id = fields.Many2one("res.users", tracking=True)
    planned_visit_datetime = fields.Datetime(string="Planned Visit", tracking=True)
    onsite_datetime = fields.Datetime(string="On Site On", readonly=True, copy=False)
    work_done = fields.Text()
    done_datetime = fields.Datetime(string="Fixed On", readonly=True, copy=False)
    acceptance_form_id = fields.Many2one("renovation.form", readonly=True, copy=False)
    accepted_datetime = fields.Datetime(string="Client Accepted On", readonly=True, copy=False)
    return_visit_datetime = fields.Datetime(string="Return Visit On", readonly=True, copy=False)
    return_satisfaction = fields.Integer(
        string="Satisfaction", aggregator="avg", help="Given on the return visit, 1 to 5."
    )
    return_visit_notes = fields.Text()
    is_dissatisfied = fields.Boolean(compute="_compute_is_dissatisfied")

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.depends("project_id.warranty_card_ids")
    def _compute_card_id(self):
        for repair in self:
            repair.card_id = repair.project_id.warranty_card_ids[:1]

    @api.depends("request_datetime")
    def _compute_request_date(self):
        for repair in self:
            repair.request_date = (
                fields.Date.context_today(repair, repair.request_datetime)
                if repair.request_datetime
                else False
            )

    @api.depends(
        "scope_id",
        "request_date",
        "card_id.state",
        "card_id.line_ids.end_date",
        "card_id.line_ids.scope_id",
    )
    def _compute_warranty_status(self):
        for repair in self:
            if not repair.scope_id:
                repair.warranty_status = "to_check"
                repair.coverage_end_date = False
                continue
            card = repair.card_id
            lines = card.line_ids.filtered(lambda line, r=repair: line.scope_id == r.scope_id)
            repair.coverage_end_date = lines[:1].end_date
            covered = bool(card) and card._is_covered(repair.scope_id, repair.request_date)
            repair.warranty_status = "in_warranty" if covered else "out_of_warranty"

    # the company's hours at request time are the commitment made to the client:
    # changing the settings later does not move the deadlines of past requests
    @api.depends("request_datetime")
    def _compute_sla_deadlines(self):
        for repair in self:
            company = repair.company_id or self.env.company
            repair.sla_response_deadline = self._sla_deadline_after(
                repair.request_datetime, company.renovation_repair_response_hours
            )
            repair.sla_resolution_deadline = self._sla_deadline_after(
                repair.request_datetime, company.renovation_repair_onsite_hours
            )

    @api.depends("return_satisfaction", "company_id.renovation_evaluation_low_score")
    def _compute_is_dissatisfied(self):
        for repair in self:
            low = repair.company_id.renovation_evaluation_low_score or 2
            repair.is_dissatisfied = 0 < repair.return_satisfaction <= low

    def _compute_access_url(self):
        super()._compute_access_url()
        for repair in self:
            repair.access_url = f"/my/repairs/{repair.id}"

    @api.constrains("return_satisfaction")
    def _check_return_satisfaction(self):
        if any(not 0 <= repair.return_satisfaction <= 5 for repair in self):
            raise ValidationError(_("Satisfaction is a score from 1 to 5."))

    # ------------------------------------------------------------------
    # SLA
    # ------------------------------------------------------------------
    def _sla_open_domain(self):
        return [("state", "in", ("new", "dispatched"))]

    def _sla_missed_deadlines(self, now):
        self.ensure_one()
        missed = []
        if self.state not in ("new", "dispatched"):
            return missed
        if (
            not self.responded_datetime
            and self.sla_response_deadline
            and (self.sla_response_deadline < now)
        ):
            missed.append(_("response"))
        if (
            not self.onsite_datetime
            and self.sla_resolution_deadline
            and (self.sla_resolution_deadline < now)
        ):
            missed.append(_("technician on site"))
        return missed

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        Project = self.env["project.project"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: numbering is technical; portal clients create requests too
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("renovation.repair.request")
                )
            if not vals.get("user_id") and vals.get("project_id"):
                # sudo: only reads who manages the project, for a client on the portal
                # as for a technician outside the project team
                manager = Project.browse(vals["project_id"]).sudo().user_id
                if not manager and not self.env.user.share:
                    manager = self.env.user
                vals["user_id"] = manager.id
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    def _check_state(self, allowed, problem):
        """Raise ``problem`` (naming the request and its state) unless every
        request is in one of the ``allowed`` states."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for repair in self:
            if repair.state not in allowed:
                raise UserError(
                    _(
                        "%(repair)s (%(state)s): %(problem)s",
                        repair=repair.display_name,
                        state=labels[repair.state],
                        problem=problem,
                    )
                )

    def action_respond(self):
        """The client has been answered (called back, visit agreed)."""
        self._check_state(
            ("new", "dispatched"), _("only a new or dispatched request can be answered.")
        )
        self.filtered(lambda r: not r.responded_datetime).write(
            {"responded_datetime": fields.Datetime.now()}
        )

    def action_dispatch(self):
        """派工: a technician and a planned visit; the warranty must be decided,
        and outside the warranty the client must have accepted the quotation."""
        self._check_state(
            ("new", "dispatched"), _("only a new or dispatched request can be dispatched.")
        )
        activity_type = self.env.ref("renovation_aftercare.mail_activity_type_repair_visit")
        for repair in self:
            if not repair.scope_id:
                raise UserError(_("Set the scope of %s to decide the warranty.", repair.name))
            if not repair.technician_id or not repair.planned_visit_datetime:
                raise UserError(
                    _("Choose the technician and the planned visit of %s.", repair.name)
                )
            if repair.warranty_status == "out_of_warranty" and (
                not repair.quotation_id or repair.quotation_id.state != "sale"
            ):
                raise UserError(
                    _(
                        "%s is out of warranty: the client must confirm the repair quotation "
                        "before a technician is sent.",
                        repair.name,
                    )
                )
            repair.write(
                {
                    "state": "dispatched",
                    "responded_datetime": repair.responded_datetime or fields.Datetime.now(),
                }
            )
            repair.activity_unlink(["renovation_aftercare.mail_activity_type_repair_visit"])
            repair.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=repair.technician_id.id,
                date_deadline=fields.Date.context_today(repair, repair.planned_visit_datetime),
                summary=_("Repair visit: %s", repair.site_address or repair.project_id.name),
            )

    def action_arrive(self):
        """The technician is on site."""
        self._check_state(("dispatched",), _("only a dispatched request can start on site."))
        self.write({"state": "in_progress", "onsite_datetime": fields.Datetime.now()})
        self.activity_feedback(["renovation_aftercare.mail_activity_type_repair_visit"])

    def action_fixed(self):
        """The repair is done: the client (and the foreman) sign the acceptance
        form (维修验收)."""
        self._check_state(("in_progress",), _("only a repair on site can be marked fixed."))
        for repair in self:
            if not repair.work_done:
                raise UserError(_("Describe the work done on %s.", repair.name))
            repair.write({"state": "to_accept", "done_datetime": fields.Datetime.now()})
            repair.acceptance_form_id = repair._create_acceptance_form()

    def _create_acceptance_form(self):
        self.ensure_one()
        content = Markup(
            "<p><strong>%s</strong> %s</p>"
            "<p><strong>%s</strong> %s</p>"
            "<p><strong>%s</strong> %s</p>"
        ) % (
            _("Repair request:"),
            f"{self.name} ({self.scope_id.name or ''}, {self.location or ''})",
            _("Problem:"),
            self.description,
            _("Work done:"),
            self.work_done,
        )
        # sudo: the technician who fixed it is often no member of the project team the
        # form rules expect; the form only carries this repair's own data, and its
        # signers are fixed by the form type (client, foreman), not by the caller.
        form = (
            self.env["renovation.form"]
            .sudo()
            ._create_from_source(
                self, "repair_acceptance", self.project_id.sudo(), values={"content": content}
            )
        )
        form.action_request_signatures()
        return form.sudo(False)

    def _renovation_form_prefill(self, form):
        """维修验收单: what was reported, where, and the work done."""
        return {
            "repair_number": self.name,
            "scope": self.scope_id.name or None,
            "location": self.location or None,
            "in_warranty": self.warranty_status == "in_warranty",
            "problem": self.description,
            "work_done": self.work_done or None,
        }

    def _renovation_form_signed(self, form):
        """The acceptance form is fully signed: the repair is accepted; the
        statistician makes the return visit (回访)."""
        activity_type = self.env.ref("renovation_aftercare.mail_activity_type_callback")
        for repair in self.filtered(lambda r: r.state == "to_accept"):
            if form != repair.acceptance_form_id:
                continue
            repair.write({"state": "accepted", "accepted_datetime": form.signed_on})
            statistician = (
                repair.project_id.statistician_id
                or repair.company_id.renovation_statistician_id
                or repair.user_id
            )
            if statistician:
                repair.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=statistician.id,
                    summary=_("Return visit: %s", repair.name),
                )

    def action_return_visit(self):
        """回访: the client's satisfaction with the repair closes it."""
        self._check_state(("accepted",), _("only an accepted repair is closed by a return visit."))
        for repair in self:
            if not 1 <= repair.return_satisfaction <= 5:
                raise UserError(_("Record the client's satisfaction (1 to 5)."))
            if not repair.return_visit_notes:
                raise UserError(_("Write down what the client said on the return visit."))
            repair.write({"state": "closed", "return_visit_datetime": fields.Datetime.now()})
            repair.activity_feedback(["renovation_aftercare.mail_activity_type_callback"])

    def action_cancel(self):
        self._check_state(
            ("new", "dispatched", "in_progress"),
            _("a repair already fixed, accepted or closed cannot be cancelled."),
        )
        self.write({"state": "cancelled"})
        self.activity_unlink(
            [
                "renovation_aftercare.mail_activity_type_repair_visit",
                "renovation_aftercare.mail_activity_type_sla_overdue",
            ]
        )

    def action_create_quotation(self):
        """Out of warranty: a draft quotation for the client, to be priced and
        confirmed before the technician goes."""
        self.ensure_one()
        if self.warranty_status != "out_of_warranty":
            raise UserError(
                _(
                    "%s is not out of warranty: set its scope, in-warranty repairs are free.",
                    self.name,
                )
            )
        if self.quotation_id and self.quotation_id.state != "cancel":
            raise UserError(_("%s already has a quotation.", self.name))
        product = self.env.ref("renovation_aftercare.product_repair_service")
        self.quotation_id = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "origin": self.name,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "name": f"{self.name}: {self.description}",
                            "product_uom_qty": 1,
                        },
                    )
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.quotation_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_open_complaint(self):
        """A dissatisfied client on the return visit: the complaint in one click."""
        self.ensure_one()
        if not self.is_dissatisfied:
            raise UserError(
                _("Only a client dissatisfied on the return visit opens a complaint from here.")
            )
        complaint = self.complaint_ids[:1]
        if not complaint:
            complaint = self.env["renovation.complaint"].create(
                {
                    "project_id": self.project_id.id,
                    "source": "repair",
                    "repair_id": self.id,
                    "description": self.return_visit_notes or self.description,
                }
            )
        return complaint._get_form_action()

    # ------------------------------------------------------------------
    # portal
    # ------------------------------------------------------------------
    @api.model
    def _portal_projects(self):
        """Renovation projects of the current portal user's company (commercial
        partner) that have passed completion acceptance: the ones a repair can
        be requested for."""
        # as superuser, restricted to the user's own (company's) projects
        return self.env.user.partner_id._renovation_client_projects(
            [("completion_acceptance_date", "!=", False)]
        )

    @api.model
    def _portal_create_request(
        self, project_id, description, scope_id=None, location=None, photos=()
    ):
        """A client's repair request from the portal. ``photos``: iterable of
        (file name, raw bytes, mimetype). The request is created as the portal
        user, so the portal record rule applies on top of this check."""
        project = self._portal_projects().filtered(lambda p: p.id == project_id)
        if not project:
            raise AccessError(_("You can only request repairs for your own renovation."))
        description = (description or "").strip()
        if not description:
            raise UserError(_("Describe what needs repairing."))
        photos = list(photos)
        if len(photos) > MAX_PORTAL_PHOTOS:
            raise UserError(_("Attach at most %s photos.", MAX_PORTAL_PHOTOS))
        for filename, raw, mimetype in photos:
            if not (mimetype or "").startswith("image/"):
                raise UserError(_("%s is not a photo.", filename))
            if len(raw) > MAX_PORTAL_PHOTO_BYTES:
                raise UserError(_("%s is larger than 10 MB.", filename))
        Scope = self.env["renovation.warranty.scope"]
        scope = Scope.browse(scope_id).exists() if scope_id else None
        repair = self._portal_create(
            {
                "project_id": project.id,
                "description": description,
                "location": location or False,
                "scope_id": scope.id if scope else False,
                "source": "portal",
            }
        )
        if photos:
            # sudo: attachments need write access on the record they belong to and
            # the client only reads their request; they are attached to the request
            # the client has just created, nothing else.
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": filename,
                            "datas": base64.b64encode(raw),
                            "mimetype": mimetype,
                            "res_model": self._name,
                            "res_id": repair.id,
                        }
                        for filename, raw, mimetype in photos
                    ]
                )
            )
            attachments.generate_access_token()
            repair.sudo().photo_ids = attachments  # sudo: same reason as above
        return repair
