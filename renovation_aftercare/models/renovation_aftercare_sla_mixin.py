from datetime import timedelta

from odoo import _, api, fields, models


class RenovationAftercareSlaMixin(models.AbstractModel):
    """Service level of repair requests and complaints: two deadlines counted
    from the request, and a two-step escalation when one is missed (an
    activity for the person responsible, then one for the aftercare manager).

    A model using it defines the deadlines (``_compute_sla_deadlines``), which
    of them are missed (``_sla_missed_deadlines``), the open records
    (``_sla_open_domain``) and the person responsible (``user_id``).
    """

    _name = "renovation.aftercare.sla.mixin"
    _description = "Aftercare Service Level"

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
    # escalation cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_sla_escalation(self, batch_size=200):
        now = fields.Datetime.now()
        records = self.search(
            [
                *self._sla_open_domain(),
                ("sla_escalation_level", "!=", "2"),
                "|",
                ("sla_response_deadline", "<", now),
                ("sla_resolution_deadline", "<", now),
            ],
            order="id",
        )
        self.env["ir.cron"]._renovation_process_in_batches(
            records, lambda batch: batch._sla_escalate(now), batch_size
        )

    def _sla_escalate(self, now):
        """Warn the responsible at the first missed deadline, the manager once
        it is still missed ``renovation_sla_escalation_hours`` later. Each level
        is reached once: the level is stored, and each record's next level is
        claimed first, so a second cron worker skips it instead of warning
        twice."""
        due = {}  # record -> (level reached now, who is warned, what was missed)
        for record in self:
            missed = record._sla_missed_deadlines(now)
            if not missed:
                continue
            company = record.company_id or self.env.company
            if record.sla_escalation_level == "0":
                user = record.user_id or company._renovation_aftercare_manager()
                due[record] = ("1", user, missed)
            elif record.sla_escalation_level == "1" and now >= record.sla_breached_on + timedelta(
                hours=company.renovation_sla_escalation_hours
            ):
                due[record] = ("2", company._renovation_aftercare_manager(), missed)
        records = self.browse([record.id for record in due])
        claimed = self.env["renovation.cron.claim"]._claim(
            "sla_escalation", records, key=lambda r: due[r][0]
        )
        activity_type = self.env.ref("renovation_aftercare.mail_activity_type_sla_overdue")
        for record in claimed:
            level, user, missed = due[record]
            if level == "1":
                record.sla_breached_on = now
            record.sla_escalation_level = level
            if user:
                record.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=user.id,
                    date_deadline=fields.Date.context_today(record),
                    summary=_("Overdue: %s", ", ".join(missed)),
                    note=_(
                        "%(record)s missed: %(missed)s.",
                        record=record.display_name,
                        missed=", ".join(missed),
                    ),
                )
