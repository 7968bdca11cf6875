from collections import namedtuple

from odoo import api, fields, models

# One escalation due now: ``record`` reaches ``level`` ("1": the person
# responsible, "2": a manager) and ``user`` is warned. ``key`` is the unit of
# work a cron claims (with the model and record), ``info`` whatever the model
# needs to word the warning or log it (replaced by the claim when it creates a
# log row).
Escalation = namedtuple("Escalation", "record level user key info")


class RenovationEscalationMixin(models.AbstractModel):
    """Escalation of overdue records, from the person responsible to a manager.

    The one mechanism behind rectification orders (renovation_quality), repair
    requests and complaints (renovation_aftercare): a cron finds the overdue
    records (``_escalation_overdue_domain``), processes them batch by batch
    (``ir.cron._renovation_process_in_batches``, committed per batch), works out
    the escalations due for each (``_escalation_due``), claims each escalation
    once (``_escalation_claim``: a row inserted under a unique key, so a rerun
    or a second worker at the same time skips it) and, for the claimed ones
    only, schedules an activity for the person warned
    (``_escalation_activity_values``) and records the step
    (``_escalation_reached``).

    A model using it inherits ``mail.activity.mixin`` and implements
    ``_escalation_overdue_domain``, ``_escalation_due`` and
    ``_escalation_activity_values``; ``_escalation_user`` gives the person
    warned at each level from ``_escalation_responsible`` and
    ``_escalation_manager``.
    """

    _name = "renovation.escalation.mixin"
    _description = "Escalation of Overdue Records"

    # the task under which ``renovation.cron.claim`` records the escalations
    # claimed by the default ``_escalation_claim``
    _escalation_claim_task = "escalation"

    # ------------------------------------------------------------------
    # what a model defines
    # ------------------------------------------------------------------
    @api.model
    def _escalation_now(self):
        """The moment the cron compares the deadlines with."""
        return fields.Datetime.now()

    @api.model
    def _escalation_overdue_domain(self, now):
        """The records that may have an escalation due at ``now``."""
        raise NotImplementedError

    def _escalation_due(self, now):
        """The ``Escalation`` tuples due at ``now`` for these records."""
        raise NotImplementedError

    def _escalation_activity_values(self, escalation, now):
        """``activity_schedule`` keyword arguments of the warning (the user
        is added)."""
        raise NotImplementedError

    def _escalation_reached(self, escalation, activity, now):
        """Record that ``escalation`` was done (``activity`` is the warning
        scheduled, possibly empty)."""
        return True

    def _escalation_responsible(self):
        """Who is warned first: the person responsible for the record."""
        raise NotImplementedError

    def _escalation_manager(self):
        """Who is warned when the responsible did not act in time."""
        raise NotImplementedError

    def _escalation_user(self, level):
        self.ensure_one()
        return self._escalation_responsible() if level == "1" else self._escalation_manager()

    # ------------------------------------------------------------------
    # the mechanism
    # ------------------------------------------------------------------
    @api.model
    def _cron_escalate_overdue(self, batch_size=200, now=None):
        now = now or self._escalation_now()
        records = self.search(self._escalation_overdue_domain(now), order="id")
        self.env["ir.cron"]._renovation_process_in_batches(
            records, lambda batch: batch._escalate_overdue(now), batch_size
        )

    def _escalate_overdue(self, now):
        """Escalate these records as due at ``now``. Idempotent: each
        escalation is claimed first and only the claimed ones warn anyone."""
        for escalation in self._escalation_claim(self._escalation_due(now), now):
            record = escalation.record
            activity = self.env["mail.activity"]
            if escalation.user:
                activity = record.activity_schedule(
                    user_id=escalation.user.id,
                    **record._escalation_activity_values(escalation, now),
                )
            record._escalation_reached(escalation, activity, now)

    def _escalation_claim(self, escalations, now):
        """The escalations this transaction claims: those no earlier run nor
        concurrent worker has claimed (``renovation.cron.claim``, one row per
        record and key). A model that logs its escalations overrides this to
        claim with its log rows."""
        if not escalations:
            return []
        # sudo: claims are technical rows of the crons, whoever runs them
        claims = (
            self.env["renovation.cron.claim"]
            .sudo()
            ._insert_ignoring_conflicts(
                [
                    {
                        "task": self._escalation_claim_task,
                        "res_model": self._name,
                        "res_id": escalation.record.id,
                        "key": str(escalation.key),
                    }
                    for escalation in escalations
                ]
            )
        )
        claimed = {(claim.res_id, claim.key) for claim in claims}
        return [e for e in escalations if (e.record.id, str(e.key)) in claimed]
