from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class RenovationDelayOrder(models.Model):
    """工程延期单: moves the planned completion date of a project."""

    _name = "renovation.delay.order"
    _description = "Delay Order"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "renovation.form.source.mixin",
        "renovation.project.record.mixin",
    ]
    _order = "date desc, id desc"

    name = fields.Char(default=lambda self: _("New"), readonly=True, copy=False)
    date = fields.Date(default=fields.Date.context_today, required=True)
    days = fields.Integer(string="Delay (days)", required=True, default=1)
    reason = fields.Text(required=True)
    responsibility = fields.Selection(
        [("client", "Client"), ("company", "Company"), ("force_majeure", "Force majeure")],
        required=True,
        default="client",
    )
    previous_end_date = fields.Date(readonly=True, copy=False)
    new_end_date = fields.Date(compute="_compute_new_end_date", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
    )
    form_signed = fields.Boolean(compute="_compute_form_signed")

    @api.depends("form_ids.state")
    def _compute_form_signed(self):
        for order in self:
            order.form_signed = "signed" in order.form_ids.mapped("state")

    @api.depends("days", "project_id.date", "previous_end_date", "state")
    def _compute_new_end_date(self):
        for order in self:
            base = order.previous_end_date if order.state == "approved" else order.project_id.date
            order.new_end_date = base and base + timedelta(days=order.days)

    @api.constrains("days")
    def _check_days(self):
        for order in self:
            if order.days <= 0:
                raise ValidationError(_("A delay order must delay by at least one day."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("renovation.delay.order")
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) & {"days", "project_id"} and self.filtered(lambda o: o.state != "draft"):
            raise UserError(_("Only draft delay orders can be edited."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda o: o.state == "approved"):
            raise UserError(_("An approved delay order cannot be deleted."))

    def action_request_signature(self):
        """工程延期单 to be signed by the client and the PM."""
        forms = self.env["renovation.form"]
        for order in self:
            if order.state != "draft" or order.form_ids.filtered(lambda f: f.state != "cancelled"):
                raise UserError(_("%s is not a draft waiting to be sent.", order.name))
            form = forms._create_from_source(
                order,
                "delay_order",
                values={
                    "content": Markup("<p>%s</p><p>%s</p>")
                    % (
                        _(
                            "Delay of %(days)s days, planned end %(end)s.",
                            days=order.days,
                            end=order.new_end_date or "",
                        ),
                        order.reason,
                    )
                },
            )
            form.action_request_signatures()
            forms |= form
        return forms

    def action_approve(self):
        """Approve a delay the client has signed; a renovation manager may
        approve one signed on paper."""
        self.project_id._check_renovation_manager_role()
        is_manager = self.env.user.has_group("renovation_service.group_renovation_manager")
        for order in self:
            if not order.form_signed and not is_manager:
                raise UserError(_("The client must sign the delay order %s first.", order.name))
        self._approve()

    def _renovation_form_signed(self, form):
        self.filtered(lambda o: o.state == "draft")._approve()

    def _approve(self):
        for order in self:
            if order.state != "draft":
                raise UserError(_("Only draft delay orders can be approved."))
            project = order.project_id
            if not project.date:
                raise UserError(
                    _("Set the planned end date of %s before delaying it.", project.display_name)
                )
            previous = project.date
            order.write({"state": "approved", "previous_end_date": previous})
            project.date = previous + timedelta(days=order.days)
            project.message_post(
                body=_(
                    "Delay order %(name)s: planned end moved from %(old)s to %(new)s.",
                    name=order.name,
                    old=previous,
                    new=project.date,
                )
            )

    def action_cancel(self):
        if self.filtered(lambda o: o.state == "approved"):
            raise UserError(_("An approved delay order cannot be cancelled."))
        self.state = "cancelled"
