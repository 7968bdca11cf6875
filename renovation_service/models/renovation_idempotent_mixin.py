from odoo import api, models
from odoo.tools import SQL

from ..tools.sql import execute_skipping_races

MAGIC_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


class RenovationIdempotentMixin(models.AbstractModel):
    """Creation that cron workers can race on without duplicates.

    The one idempotency strategy of every renovation cron (follow-up calls,
    quality escalations, callbacks, greetings, report dispatches). Checking
    for a row and then creating it is not enough: two cron workers both see
    nothing and the second ``create`` violates the UNIQUE constraint, which
    aborts its transaction. Rows are instead inserted with
    ``INSERT ... ON CONFLICT DO NOTHING`` on the model's unique key: a second
    worker waits for the first one's transaction, then silently skips what
    it committed, and only gets back the rows it really inserted; so does a
    rerun after a crash. Whatever goes with a new row (its activity, its
    e-mail) is done for the returned rows only.
    """

    _name = "renovation.idempotent.mixin"
    _description = "Insert-or-skip on a Unique Key"

    # the columns of the model's UNIQUE constraint
    _renovation_conflict_columns = ()

    @api.model
    def _insert_ignoring_conflicts(self, vals_list):
        """Insert ``vals_list`` (plain column values: ids, dates, strings) and
        return only the records actually inserted, skipping rows whose unique
        key exists already. Stored computed fields the rows give are kept, as
        ``create`` keeps them (a cron that has the values at hand saves their
        recomputation); the others are computed as after ``create``."""
        if not vals_list:
            return self.browse()
        assert self._renovation_conflict_columns, "the model must name its unique key"
        self.check_access("create")
        self.flush_model()
        defaults = self.default_get(
            [
                name
                for name, field in self._fields.items()
                if field.store
                and field.column_type
                and not field.compute
                and name not in MAGIC_COLUMNS
                and name != "id"
            ]
        )
        rows = [{**defaults, **vals} for vals in vals_list]
        columns = sorted(set().union(*rows))
        ids = self._renovation_insert_rows(rows, columns)
        records = self.browse(ids)
        if records:
            # what ``create`` does after its INSERT: stored computed fields of
            # the new rows (except those the rows give, kept as ``create``
            # keeps them), inverse one2many caches, constraints, record rules
            given = [
                self._fields[name]
                for name in columns
                if self._fields[name].compute and all(name in row for row in rows)
            ]
            for field in self._fields.values():
                if field.store and field.compute and field not in given:
                    self.env.add_to_compute(field, records)
            with self.env.protecting(given, records):
                records.modified(columns, create=True)
            if hasattr(records, "_track_discard"):
                # as mail.thread's create: filling the stored related fields of
                # a new row is not a change to log ("Studio: None → ...")
                records._track_discard()
            for name in columns:
                field = self._fields[name]
                if field.type == "many2one":
                    # e.g. card.callback_ids cached before the insert
                    for inverse in self.pool.field_inverses[field]:
                        self.env[inverse.model_name].invalidate_model([inverse.name])
            records._validate_fields(columns)
            records.check_access("create")
        return records

    def _renovation_insert_rows(self, rows, columns):
        """INSERT ... ON CONFLICT DO NOTHING of ``rows``, skipping the keys a
        concurrent worker committed meanwhile; the new ids."""
        now = self.env.cr.now()
        fields_ = [self._fields[name] for name in columns]
        magic = (self.env.uid, now, self.env.uid, now)
        # one SQL object per row (not per value): the crons insert hundreds of rows
        placeholders = "(%s)" % ", ".join(["%s"] * (len(columns) + len(MAGIC_COLUMNS)))

        def insert(rows):
            return SQL(
                "INSERT INTO %s (%s) VALUES %s ON CONFLICT (%s) DO NOTHING RETURNING id",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(name) for name in (*columns, *MAGIC_COLUMNS)),
                SQL(", ").join(
                    SQL(
                        placeholders,
                        *(
                            field.convert_to_column_insert(row.get(field.name), self, row)
                            for field in fields_
                        ),
                        *magic,
                    )
                    for row in rows
                ),
                SQL(", ").join(SQL.identifier(name) for name in self._renovation_conflict_columns),
            )

        return execute_skipping_races(self.env.cr, rows, insert)
