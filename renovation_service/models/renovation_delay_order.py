from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class RenovationDelayOrder(models.Model):
    """工程延期单: moves the planned completion date of a project."""

    _name = "renovation.delay.order"
    _description = "Delay Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "renovation.client.order.mixin"]

    _client_order_form_type = "delay_order"
    _client_order_sequence = "renovation.delay.order"
    _client_order_signed_fields = ("project_id", "reason", "days", "responsibility", "task_id")
    _renovation_guarded_fields = (
        "name",
        "state",
        "approved_by_id",
        "approved_on",
        "previous_end_date",
    )

    days = fields.Integer(string="Delay (days)", required=True, default=1)
    responsibility = fields.Selection(
        [("client", "Client"), ("company", "Company"), ("force_majeure", "Force majeure")],
        required=True,
        default="client",
    )
    task_id = fields.Many2one(
        "project.task",
        string="Schedule Node",
        domain="[('project_id', '=', project_id), ('renovation_node_code', '!=', False)]",
        help="The node delayed: it and the nodes after it move by the delay, counted in "
        "working days (so does the planned end). Without a node the planned end moves "
        "by calendar days.",
    )
    previous_end_date = fields.Date(readonly=True, copy=False)
    new_end_date = fields.Date(compute="_compute_new_end_date", store=True)

    @api.depends("days", "project_id.date", "previous_end_date", "state", "task_id")
    def _compute_new_end_date(self):
        for order in self:
            base = order.previous_end_date if order.state == "approved" else order.project_id.date
            order.new_end_date = base and order._shifted_end(base)

    def _shifted_end(self, base):
        if self.task_id and self.days > 0:
            return self.project_id._renovation_shift_workdays(base, self.days)
        return base + timedelta(days=self.days)

    @api.constrains("task_id", "project_id")
    def _check_task(self):
        for order in self:
            if order.task_id and order.task_id.project_id != order.project_id:
                raise ValidationError(_("The delayed node must be a node of the order's project."))

    @api.constrains("days")
    def _check_days(self):
        for order in self:
            if order.days <= 0:
                raise ValidationError(_("A delay order must delay by at least one day."))

    def _client_order_form_values(self):
        if self.task_id:
            # the client signs which node moves, and that the days are working days
            delay = _(
                "Delay of %(node)s by %(days)s working days (and the nodes after it), "
                "planned end %(end)s.",
                node=self.task_id.name,
                days=self.days,
                end=self.new_end_date or "",
            )
        else:
            delay = _(
                "Delay of %(days)s days, planned end %(end)s.",
                days=self.days,
                end=self.new_end_date or "",
            )
        return {
            "content": Markup("<p>%s</p><p>%s</p>")
            % (
                delay,
                self.reason,
            )
        }

    def _renovation_form_prefill(self, form):
        """工程延期单: the delay, who is responsible, the planned end before and after."""
        labels = dict(self._fields["responsibility"]._description_selection(self.env))
        return {
            "delay_days": float(self.days),
            "responsibility": labels.get(self.responsibility),
            "planned_end_before": self.project_id.date or None,
            "planned_end_after": self.new_end_date or None,
            "reason": self.reason,
        }

    def _client_order_check_approve(self):
        if not self.project_id.date:
            raise UserError(
                _(
                    "Set the planned end date of %s before delaying it.",
                    self.project_id.display_name,
                )
            )

    def _client_order_apply(self):
        project = self.project_id
        previous = project.date
        # sudo: the approved order (checked by _approve's callers) moves the end date
        self.sudo().previous_end_date = previous
        project.sudo().date = self._shifted_end(previous)
        if self.task_id:
            # the node and its successors move; the nodes before it stay
            project._renovation_shift_nodes(self.task_id, self.days)
        project.message_post(
            body=_(
                "Delay order %(name)s: planned end moved from %(old)s to %(new)s.",
                name=self.name,
                old=previous,
                new=project.date,
            )
        )
