from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.renovation_service.models.renovation_escalation_mixin import Escalation

MANAGER_GROUP = "renovation_service.group_renovation_manager"
INSPECTOR_GROUP = "renovation_service.group_renovation_quality_inspector"
# escalation level -> whole days overdue that trigger it: the project manager
# after one day, the general manager after another day
ESCALATION_DAYS = {"1": 1, "2": 2}
# the terms of an order, set by quality control or the project manager
ORDER_TERMS = {"deadline", "foreman_id", "description", "inspection_id", "line_ids"}


class RenovationQualityRectification(models.Model):
    """质量限期整改单: failed checks the foreman must put right by a deadline.

    open -> fixed (foreman) -> closed (inspector re-inspected and accepted), or
    back to open when the re-inspection rejects the fix. Overdue orders are
    escalated by a daily cron: to the project manager after one day, to the
    general manager after two.
    """

    _name = "renovation.quality.rectification"
    _description = "Rectification Order"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "renovation.guarded.mixin",
        "renovation.escalation.mixin",
    ]
    _order = "deadline, id"
    # the order's progress: only its actions move it (the gates read it)
    _renovation_guarded_fields = (
        "name",
        "state",
        "fixed_on",
        "closed_on",
        "reinspected_by_id",
        "reject_count",
    )

    name = fields.Char(readonly=True, copy=False, default=lambda self: _("New"))
    inspection_id = fields.Many2one(
        "renovation.quality.inspection", required=True, ondelete="restrict", index=True
    )
    project_id = fields.Many2one(related="inspection_id.project_id", store=True, index=True)
    partner_id = fields.Many2one(related="inspection_id.partner_id", string="Client", store=True)
    company_id = fields.Many2one(related="inspection_id.company_id", store=True, index=True)
    node = fields.Selection(related="inspection_id.node", store=True)
    inspector_id = fields.Many2one(related="inspection_id.inspector_id", store=True)
    project_manager_id = fields.Many2one(related="project_id.user_id", string="Project Manager")
    foreman_id = fields.Many2one(
        "res.users", string="Responsible Foreman", required=True, tracking=True
    )
    deadline = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("fixed", "Fixed, to Re-inspect"), ("closed", "Closed")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many(
        "renovation.quality.inspection.line", "rectification_id", string="Failed Checks"
    )
    description = fields.Text(string="To Rectify", required=True)
    fix_note = fields.Text(string="Work Done")
    fixed_on = fields.Datetime(readonly=True, copy=False)
    closed_on = fields.Datetime(readonly=True, copy=False)
    reinspected_by_id = fields.Many2one("res.users", string="Re-inspected By", readonly=True)
    reject_reason = fields.Text(
        string="Re-inspection Remarks", help="Why the re-inspection rejects the fix."
    )
    reject_count = fields.Integer(string="Rejections", readonly=True, copy=False)
    escalation_ids = fields.One2many(
        "renovation.quality.escalation", "rectification_id", string="Escalations"
    )
    days_overdue = fields.Integer(compute="_compute_days_overdue")
    is_overdue = fields.Boolean(compute="_compute_days_overdue", search="_search_is_overdue")

    @api.depends("deadline", "state")
    @api.depends_context("tz")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for order in self:
            late = (today - order.deadline).days if order.deadline and order.state == "open" else 0
            order.days_overdue = max(late, 0)
            order.is_overdue = late > 0

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue rectification orders."))
        domain = [("state", "=", "open"), ("deadline", "<", fields.Date.context_today(self))]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("name", None)
        orders = super().create(vals_list)
        for order in orders:
            # sudo: the order number comes from its sequence, once
            order.sudo().name = self.env["ir.sequence"].next_by_code(
                "renovation.quality.rectification"
            ) or _("New")
        for order in orders:
            if order.inspection_id.state != "done":
                raise UserError(_("Rectification orders come from completed inspections."))
            order._schedule_fix_activity()
        return orders

    def write(self, vals):
        if set(vals) & ORDER_TERMS:
            self._check_can_set_terms()
        return super().write(vals)

    def _check_can_set_terms(self):
        """The foreman reports on the work; what and by when is set by quality
        control or the project manager."""
        user = self.env.user
        if user.has_group(INSPECTOR_GROUP):
            return
        if self.filtered(lambda o: o.project_id.user_id != user):
            raise UserError(
                _(
                    "Only a quality inspector or the project manager sets what is to be "
                    "rectified, by whom and by when."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_worked_on(self):
        if self.filtered(lambda o: o.state != "open" or o.escalation_ids):
            raise UserError(
                _("Only an open rectification order that was never escalated can be deleted.")
            )

    def _schedule_fix_activity(self):
        for order in self:
            order.activity_schedule(
                "renovation_quality.mail_activity_type_rectification",
                date_deadline=order.deadline,
                user_id=order.foreman_id.id,
                summary=_(
                    "Rectify %(name)s by %(deadline)s", name=order.name, deadline=order.deadline
                ),
            )

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    def action_mark_fixed(self):
        """The foreman reports the works put right."""
        for order in self:
            if order.state != "open":
                raise UserError(_("%s is not open.", order.name))
            user = self.env.user
            if user not in (order.foreman_id | order.project_id.user_id) and not user.has_group(
                MANAGER_GROUP
            ):
                raise UserError(
                    _(
                        "Only the responsible foreman or the project manager reports %s fixed.",
                        order.name,
                    )
                )
            # sudo: who may report it fixed, and when, is checked above
            order.sudo().write({"state": "fixed", "fixed_on": fields.Datetime.now()})
            order.activity_feedback(["renovation_quality.mail_activity_type_rectification"])
            order.activity_schedule(
                "renovation_quality.mail_activity_type_reinspection",
                user_id=order.inspector_id.id or self.env.user.id,
                summary=_("Re-inspect %s", order.name),
            )
        return True

    def _check_reinspector(self):
        self.ensure_one()
        user = self.env.user
        if self.state != "fixed":
            raise UserError(_("%s has not been reported fixed.", self.name))
        if not user.has_group(INSPECTOR_GROUP):
            raise UserError(_("Only a quality inspector re-inspects a rectification."))
        if user == self.foreman_id and not user.has_group(MANAGER_GROUP):
            raise UserError(_("The responsible foreman cannot accept their own rectification."))

    def action_reinspect_accept(self):
        """Re-inspection passed: the order is closed."""
        for order in self:
            order._check_reinspector()
            # sudo: the re-inspector was checked above
            order.sudo().write(
                {
                    "state": "closed",
                    "closed_on": fields.Datetime.now(),
                    "reinspected_by_id": self.env.user.id,
                }
            )
            order._clear_activities()
            order.message_post(body=_("Re-inspected and accepted by %s.", self.env.user.name))
        self.inspection_id._on_rectification_closed()
        return True

    def action_reinspect_reject(self):
        """Re-inspection failed: back to the foreman, with the remarks."""
        for order in self:
            order._check_reinspector()
            if not order.reject_reason:
                raise UserError(_("Write down why the fix is rejected first."))
            # sudo: the re-inspector was checked above
            order.sudo().write({"state": "open", "reject_count": order.reject_count + 1})
            order.activity_unlink(["renovation_quality.mail_activity_type_reinspection"])
            order.message_post(
                body=Markup(_("Re-inspection rejected by %(user)s: %(reason)s"))
                % {"user": self.env.user.name, "reason": order.reject_reason}
            )
            order._schedule_fix_activity()
        return True

    def _clear_activities(self):
        self.activity_unlink(
            [
                "renovation_quality.mail_activity_type_rectification",
                "renovation_quality.mail_activity_type_reinspection",
                "renovation_quality.mail_activity_type_quality_escalation",
            ]
        )

    # ------------------------------------------------------------------
    # escalation (renovation.escalation.mixin)
    # ------------------------------------------------------------------
    @api.model
    def _cron_escalate_overdue(self, batch_size=200, today=None):
        return super()._cron_escalate_overdue(batch_size=batch_size, now=today)

    @api.model
    def _escalation_now(self):
        return fields.Date.context_today(self)

    @api.model
    def _escalation_overdue_domain(self, now):
        return [("state", "=", "open"), ("deadline", "<", now)]

    def _escalation_due(self, now):
        """Every level whose number of days overdue is reached, once per
        order, level and deadline: a new deadline starts a new round."""
        due = []
        for order in self:
            late = (now - order.deadline).days
            for level, days in ESCALATION_DAYS.items():
                user = order._escalation_user(level)
                if late >= days and user:
                    due.append(Escalation(order, level, user, (level, order.deadline), None))
        return due

    def _escalation_claim(self, escalations, now):
        """Claimed with the escalation log, inserted on its unique key (order,
        level, deadline): a rerun, or a second worker at the same time,
        inserts nothing and schedules no second activity."""
        logs = self.env["renovation.quality.escalation"]._insert_ignoring_conflicts(
            [
                {
                    "rectification_id": escalation.record.id,
                    "level": escalation.level,
                    "deadline": escalation.record.deadline,
                    "user_id": escalation.user.id,
                    "date": now,
                }
                for escalation in escalations
            ]
        )
        return [
            Escalation(log.rectification_id, log.level, log.user_id, (log.level, log.deadline), log)
            for log in logs
        ]

    def _escalation_activity_values(self, escalation, now):
        return {
            "act_type_xmlid": "renovation_quality.mail_activity_type_quality_escalation",
            "date_deadline": now,
            "summary": _(
                "%(name)s overdue by %(days)s day(s) (foreman %(foreman)s)",
                name=self.name,
                days=(now - self.deadline).days,
                foreman=self.foreman_id.name,
            ),
        }

    def _escalation_reached(self, escalation, activity, now):
        escalation.info.activity_id = activity
        return True

    def _escalation_responsible(self):
        """The project manager, else the general manager."""
        return self.project_id.user_id or self.company_id.renovation_general_manager_id

    def _escalation_manager(self):
        """The general manager, else the studio manager."""
        return self.company_id.renovation_general_manager_id or self.project_id.studio_id.manager_id
