from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class RenovationDelayOrder(models.Model):
    """工程延期单: moves the planned completion date of a project."""

    _name = "renovation.delay.order"
    _description = "Delay Order"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(default=lambda self: _("New"), readonly=True, copy=False)
    project_id = fields.Many2one(
        "project.project",
        required=True,
        index=True,
        domain=[("is_renovation", "=", True)],
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True)
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

    def unlink(self):
        if self.filtered(lambda o: o.state == "approved"):
            raise UserError(_("An approved delay order cannot be deleted."))
        return super().unlink()

    def action_approve(self):
        self.project_id._check_renovation_manager_role()
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
                    name=order.name, old=previous, new=project.date,
                )
            )

    def action_cancel(self):
        if self.filtered(lambda o: o.state == "approved"):
            raise UserError(_("An approved delay order cannot be cancelled."))
        self.state = "cancelled"
