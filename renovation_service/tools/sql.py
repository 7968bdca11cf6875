from psycopg2.errors import SerializationFailure


def execute_skipping_races(cr, rows, statement):
    """The ids ``statement(rows)`` returns (an ``INSERT ... ON CONFLICT DO
    NOTHING`` or a compare-and-set ``UPDATE``, each ``RETURNING id``), minus
    the rows a concurrent transaction committed after this one began.

    Odoo's cursors run in REPEATABLE READ, where PostgreSQL refuses to skip a
    conflicting row, or to update a row, that it cannot see (a serialization
    failure aborts the statement): the statement runs in a savepoint and,
    when refused, row by row, leaving out exactly the refused rows. This is
    how two cron workers share the same work without doing any of it twice
    and without either failing."""
    try:
        with cr.savepoint(flush=False):
            cr.execute(statement(rows), log_exceptions=False)
            return [row[0] for row in cr.fetchall()]
    except SerializationFailure:
        ids = []
        for row in rows:
            try:
                with cr.savepoint(flush=False):
                    cr.execute(statement([row]), log_exceptions=False)
                    ids += [returned[0] for returned in cr.fetchall()]
            except SerializationFailure:
                continue
        return ids
