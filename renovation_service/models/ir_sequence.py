from odoo import fields, models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    renovation_daily_reset = fields.Boolean(
        help="Restart numbering every day: each day gets its own date range.",
    )

    def _create_date_range_seq(self, date):
        if not self.renovation_daily_reset:
            return super()._create_date_range_seq(date)
        # Two transactions confirming the first contract of the day must not both
        # create a range for that day (each would hand out number 01). Touching
        # the parent row makes the second one fail with a serialization error,
        # which Odoo retries; on retry it sees the committed range.
        self.env.cr.execute(
            "UPDATE ir_sequence SET number_next = number_next WHERE id = %s",
            [self.id],
        )
        existing = self.env["ir.sequence.date_range"].search(
            [
                ("sequence_id", "=", self.id),
                ("date_from", "<=", date),
                ("date_to", ">=", date),
            ],
            limit=1,
        )
        if existing:
            return existing
        return (
            self.env["ir.sequence.date_range"]
            .sudo()  # ranges are technical rows of the sequence the user may draw from
            .create({"sequence_id": self.id, "date_from": date, "date_to": date})
        )
