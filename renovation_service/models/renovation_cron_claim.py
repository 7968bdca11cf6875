from datetime import timedelta

from odoo import api, fields, models

# claims are kept this long: longer than any period a cron claims work for
KEEP_DAYS = 60


class RenovationCronClaim(models.Model):
    """Work a renovation cron has claimed: one row per task, record and key
    (a day, a week, a deadline, a level...).

    The crons' single idempotency strategy is to claim each unit of work by
    inserting a row under a unique key (``renovation.idempotent.mixin``) and
    to do only the work whose row they inserted. Most crons claim with the
    records they create (follow-up calls, escalations, callbacks, report
    dispatches); work that creates no record of its own (an activity on an
    overdue invoice, rendering a signed PDF) is claimed here. Two workers at
    once, or a rerun, therefore never do the same unit twice, and neither
    fails."""

    _name = "renovation.cron.claim"
    _description = "Work Claimed by a Renovation Cron"
    _inherit = ["renovation.idempotent.mixin"]
    _order = "id desc"
    _renovation_conflict_columns = ("task", "res_model", "res_id", "key")

    task = fields.Char(required=True)
    res_model = fields.Char(string="Model", required=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True)
    key = fields.Char(required=True)

    _sql_constraints = [
        (
            "task_record_key_uniq",
            "unique(task, res_model, res_id, key)",
            "This work has been claimed already.",
        ),
    ]

    @api.model
    def _claim(self, task, records, key):
        """The records of ``records`` this transaction claims for ``task`` and
        ``key`` (a value, or a function of the record): those no earlier run
        nor concurrent worker has claimed."""
        # sudo: claims are technical rows of the crons, whoever runs them
        claims = self.sudo()._insert_ignoring_conflicts(
            [
                {
                    "task": task,
                    "res_model": records._name,
                    "res_id": record.id,
                    "key": str(key(record) if callable(key) else key),
                }
                for record in records
            ]
        )
        return records.browse(claims.mapped("res_id"))

    @api.autovacuum
    def _gc_old_claims(self):
        self.env.cr.execute(
            "DELETE FROM renovation_cron_claim WHERE create_date < %s",
            [fields.Datetime.now() - timedelta(days=KEEP_DAYS)],
        )
