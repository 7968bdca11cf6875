from datetime import timedelta

from odoo import _, api, fields, models

from odoo.addons.renovation_service.models.renovation_escalation_mixin import Escalation


class RenovationAftercareSlaMixin(models.AbstractModel):
    """Service level of repair requests and complaints: two deadlines counted
    from the request, and a two-step escalation when one is missed (an
    activity for the person responsible, then one for the aftercare manager).

    A model using it defines the deadlines (``_compute_sla_deadlines``), which
    of them are missed (``_sla_missed_deadlines``), the open records
    (``_sla_open_domain``) and the person responsible (``user_id``). The cron,
    its batches and the claim of each level are renovation_service's
    ``renovation.escalation.mixin``.
    """

    _name = "renovation.aftercare.sla.mixin"
    _description = "Aftercare Service Level"
    _inherit = ["renovation.escalation.mixin"]
    # the claims of the escalations (renovation.cron.claim) as before the
    # shared mixin, so a level reached stays claimed
    _escalation_claim_task = "sla_escalation"

    sla_response_deadline = fields.Datetime(
        string="Respond By", compute="_compute_sla_deadlines", store=True, readonly=True
    )
    sla_resolution_deadline = fields.Datetime(
        string="Resolution Deadline", compute="_compute_sla_deadlines", store=True, readonly=True
    )
    sla_escalation_level = fields.Selection(
        [
            ("0", "On time"),
            ("1", "Responsible warned"),
            ("2", "Manager warned"),
        ],
        string="Escalation",
        default="0",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    sla_breached_on = fields.Datetime(
        string="Deadline Missed On",
        readonly=True,
        copy=False,
        help="When the cron first found a missed deadline.",
    )

    def _compute_sla_deadlines(self):
        raise NotImplementedError

    def _sla_open_domain(self):
        """Records still under the service level."""
        raise NotImplementedError

    def _sla_missed_deadlines(self, now):
        """Labels of the deadlines of this record missed at ``now``."""
        raise NotImplementedError

    @api.model
    def _sla_deadline_after(self, start, hours):
        return start + timedelta(hours=hours) if start and hours else False

    # ------------------------------------------------------------------
    # escalation (renovation.escalation.mixin)
    # ------------------------------------------------------------------
    @api.model
    def _cron_sla_escalation(self, batch_size=200):
        return self._cron_escalate_overdue(batch_size=batch_size)

    def _sla_escalate(self, now):
        return self._escalate_overdue(now)

    @api.model
    def _escalation_overdue_domain(self, now):
        return [
            *self._sla_open_domain(),
            ("sla_escalation_level", "!=", "2"),
            "|",
            ("sla_response_deadline", "<", now),
            ("sla_resolution_deadline", "<", now),
        ]

    def _escalation_due(self, now):
        """The responsible at the first missed deadline, the manager once it
        is still missed ``renovation_sla_escalation_hours`` later. Each level
        is reached once: the level is stored, and claimed first (key: the
        level), so a second cron worker skips it instead of warning twice."""
        due = []
        for record in self:
            missed = record._sla_missed_deadlines(now)
            if not missed:
                continue
            company = record.company_id or self.env.company
            if record.sla_escalation_level == "0":
                level = "1"
            elif record.sla_escalation_level == "1" and now >= record.sla_breached_on + timedelta(
                hours=company.renovation_sla_escalation_hours
            ):
                level = "2"
            else:
                continue
            due.append(Escalation(record, level, record._escalation_user(level), level, missed))
        return due

    def _escalation_responsible(self):
        return self.user_id or self._escalation_manager()

    def _escalation_manager(self):
        return (self.company_id or self.env.company)._renovation_aftercare_manager()

    def _escalation_activity_values(self, escalation, now):
        missed = ", ".join(escalation.info)
        return {
            "activity_type_id": self.env.ref(
                "renovation_aftercare.mail_activity_type_sla_overdue"
            ).id,
            "date_deadline": fields.Date.context_today(self),
            "summary": _("Overdue: %s", missed),
            "note": _("%(record)s missed: %(missed)s.", record=self.display_name, missed=missed),
        }

    def _escalation_reached(self, escalation, activity, now):
        values = {"sla_escalation_level": escalation.level}
        if escalation.level == "1":
            values["sla_breached_on"] = now
        self.write(values)
        return True
