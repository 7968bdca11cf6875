from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RenovationSiteMeasurement(models.Model):
    """Site measurement (上门量房). It may never be refused (seed 002 step 04):
    staff cannot cancel one, only record the client's own cancellation with
    its reason. Without a deposit the studio manager is asked (an activity)
    to approve it before it is scheduled."""

    _name = "renovation.site.measurement"
    _description = "Site Measurement"
    _inherit = ["mail.thread", "mail.activity.mixin", "renovation.guarded.mixin"]
    _order = "scheduled_at desc, id desc"
    _renovation_guarded_fields = (
        "state",
        "approved_by_id",
        "approved_on",
        "calendar_event_id",
        "cancelled_on",
    )

    name = fields.Char(compute="_compute_name", store=True)
    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True)
    studio_id = fields.Many2one(related="lead_id.studio_id", store=True)
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    site_address = fields.Char(related="lead_id.site_address", readonly=False)
    deposit_paid = fields.Boolean(related="lead_id.deposit_paid")
    surveyor_id = fields.Many2one("res.users", default=lambda self: self.env.user, tracking=True)
    scheduled_at = fields.Datetime(string="Appointment", tracking=True)
    duration = fields.Float(default=1.5, help="Expected duration in hours.")
    state = fields.Selection(
        [
            ("draft", "To Schedule"),
            ("scheduled", "Scheduled"),
            ("done", "Measured"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    cancel_reason = fields.Text(
        string="Client's Reason",
        help="Why the client cancelled the measurement (only the client cancels one).",
    )
    cancelled_on = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    approved_on = fields.Datetime(readonly=True)
    needs_approval = fields.Boolean(compute="_compute_needs_approval")
    can_approve = fields.Boolean(
        compute="_compute_can_approve",
        help="The measurement waits for an approval the current user may give "
        "(the studio manager or a renovation manager).",
    )
    calendar_event_id = fields.Many2one("calendar.event", readonly=True, copy=False)
    wall_structure_findings = fields.Text(
        help="Load-bearing walls, insulated walls, heating/gas lines found on site: "
        "these may not be altered."
    )
    notes = fields.Text()
    line_ids = fields.One2many("renovation.site.measurement.line", "measurement_id", string="Rooms")
    total_area = fields.Float(
        string="Measured Area (m²)", compute="_compute_total_area", store=True
    )

    @api.depends("lead_id.name", "scheduled_at")
    def _compute_name(self):
        for rec in self:
            rec.name = _("Measurement – %s", rec.lead_id.name or "")

    @api.depends("deposit_paid", "approved_by_id")
    def _compute_needs_approval(self):
        for rec in self:
            rec.needs_approval = not rec.deposit_paid and not rec.approved_by_id

    @api.depends("needs_approval", "state", "studio_id.manager_id")
    @api.depends_context("uid")
    def _compute_can_approve(self):
        # only what shows the button: action_approve checks the same rule itself
        for rec in self:
            rec.can_approve = (
                rec.needs_approval and rec.state == "draft" and rec._is_studio_manager()
            )

    @api.depends("line_ids.area")
    def _compute_total_area(self):
        for rec in self:
            rec.total_area = sum(rec.line_ids.mapped("area"))

    @api.model_create_multi
    def create(self, vals_list):
        measurements = super().create(vals_list)
        measurements.filtered("needs_approval")._request_approval()
        return measurements

    def _request_approval(self):
        """No deposit: the studio manager is told to approve the measurement."""
        for rec in self:
            manager = rec.studio_id.manager_id or rec.company_id.renovation_general_manager_id
            if manager:
                rec.activity_schedule(
                    "renovation_service.mail_activity_type_measurement_approval",
                    user_id=manager.id,
                    summary=_("Approve the site measurement of %s (no deposit)", rec.lead_id.name),
                )

    def _is_studio_manager(self):
        self.ensure_one()
        user = self.env.user
        return user == self.studio_id.manager_id or user.has_group(
            "renovation_service.group_renovation_manager"
        )

    def action_approve(self):
        for rec in self:
            if not rec._is_studio_manager():
                raise UserError(
                    _(
                        "Only the studio manager of %(studio)s can approve a site "
                        "measurement without a deposit.",
                        studio=rec.studio_id.display_name or _("this studio"),
                    )
                )
            # sudo: the studio manager was checked above
            rec.sudo().write({"approved_by_id": self.env.uid, "approved_on": fields.Datetime.now()})
            rec.activity_feedback(["renovation_service.mail_activity_type_measurement_approval"])
            rec.message_post(body=_("Measurement without deposit approved."))

    def action_schedule(self):
        for rec in self:
            if rec.state != "draft":
                raise UserError(_("Only a measurement to schedule can be scheduled."))
            if not rec.scheduled_at:
                raise UserError(_("Set the appointment date and time first."))
            if rec.needs_approval:
                raise UserError(
                    _(
                        "No deposit has been paid for %(lead)s: the studio manager must "
                        "approve the site measurement before it is scheduled.",
                        lead=rec.lead_id.display_name,
                    )
                )
            rec._create_calendar_event()
            # sudo: the checks above make the measurement ready to schedule
            rec.sudo().state = "scheduled"

    def _create_calendar_event(self):
        self.ensure_one()
        partners = self.surveyor_id.partner_id | self.partner_id
        event = self.env["calendar.event"].create(
            {
                "name": _("Site measurement: %s", self.lead_id.name),
                "start": self.scheduled_at,
                "stop": self.scheduled_at + timedelta(hours=self.duration or 1.0),
                "user_id": self.surveyor_id.id,
                "partner_ids": [(6, 0, partners.ids)],
                "opportunity_id": self.lead_id.id,
                "location": self.site_address or False,
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": self.id,
            }
        )
        # sudo: the appointment just booked for this measurement
        self.sudo().calendar_event_id = event

    def action_done(self):
        for rec in self:
            if rec.state != "scheduled":
                raise UserError(_("Only a scheduled measurement can be marked as measured."))
            if not rec.line_ids:
                raise UserError(_("Record at least one measured room."))
            # sudo: a scheduled measurement with its rooms is measured
            rec.sudo().state = "done"
            rec.lead_id.message_post(
                body=_(
                    "Site measured: %(area)s m² over %(rooms)s rooms.",
                    area=round(rec.total_area, 2),
                    rooms=len(rec.line_ids),
                )
            )

    def action_client_cancel(self):
        """The client cancels the measurement: staff record it, with the
        client's reason. A measurement is never refused by the company."""
        for rec in self:
            if rec.state in ("done", "cancelled"):
                raise UserError(_("Only a measurement still to be made can be cancelled."))
            if not (rec.cancel_reason or "").strip():
                raise UserError(
                    _(
                        "A site measurement is never refused: only the client cancels it. "
                        "Write down the client's reason first."
                    )
                )
            rec.check_access("write")
            rec.calendar_event_id.unlink()
            # sudo: state is guarded; the client's cancellation and its reason are recorded
            rec.sudo().write({"state": "cancelled", "cancelled_on": fields.Datetime.now()})
            rec.activity_unlink(["renovation_service.mail_activity_type_measurement_approval"])
            rec.message_post(body=_("Cancelled by the client: %s", rec.cancel_reason))

    def action_reset_draft(self):
        """The client asks again: the measurement is to schedule again."""
        cancelled = self.filtered(lambda r: r.state == "cancelled")
        cancelled.check_access("write")
        # sudo: state is guarded; a cancelled measurement may always be asked again
        cancelled.sudo().write({"state": "draft", "cancelled_on": False})
        cancelled.filtered("needs_approval")._request_approval()
