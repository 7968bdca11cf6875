from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RenovationSiteMeasurement(models.Model):
    """Site measurement (上门量房). It may never be refused; without a deposit
    it needs the studio manager's approval before it is scheduled."""

    _name = "renovation.site.measurement"
    _description = "Site Measurement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "scheduled_at desc, id desc"

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
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    approved_on = fields.Datetime(readonly=True)
    needs_approval = fields.Boolean(compute="_compute_needs_approval")
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

    @api.depends("line_ids.area")
    def _compute_total_area(self):
        for rec in self:
            rec.total_area = sum(rec.line_ids.mapped("area"))

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
            rec.write({"approved_by_id": self.env.uid, "approved_on": fields.Datetime.now()})
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
            rec.state = "scheduled"

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
        self.calendar_event_id = event

    def action_done(self):
        for rec in self:
            if rec.state != "scheduled":
                raise UserError(_("Only a scheduled measurement can be marked as measured."))
            if not rec.line_ids:
                raise UserError(_("Record at least one measured room."))
            rec.state = "done"
            rec.lead_id.message_post(
                body=_(
                    "Site measured: %(area)s m² over %(rooms)s rooms.",
                    area=round(rec.total_area, 2),
                    rooms=len(rec.line_ids),
                )
            )

    def action_cancel(self):
        for rec in self:
            if rec.state == "done":
                raise UserError(_("A completed measurement cannot be cancelled."))
            rec.calendar_event_id.unlink()
            rec.state = "cancelled"

    def action_reset_draft(self):
        self.filtered(lambda r: r.state == "cancelled").state = "draft"
