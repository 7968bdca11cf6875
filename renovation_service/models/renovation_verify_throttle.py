from datetime import timedelta

from odoo import api, fields, models

# requests one client address may make to the verification page per window
DEFAULT_LIMIT = 30
WINDOW_SECONDS = 600


class RenovationVerifyThrottle(models.Model):
    """Requests to the public verification page, counted per client address
    and ten-minute window: the page answers only so many lookups, so
    verification codes cannot be enumerated (they are long and random too)."""

    _name = "renovation.verify.throttle"
    _description = "Verification Page Requests per Address"
    _log_access = False

    ip = fields.Char(string="Client Address", required=True)
    window_start = fields.Datetime(required=True)
    hits = fields.Integer()

    _sql_constraints = [
        ("ip_window_uniq", "unique(ip, window_start)", "One counter per address and window."),
    ]

    @api.model
    def _limit(self):
        value = self.env["ir.config_parameter"].sudo().get_param("renovation.verify_rate_limit")
        return int(value) if value and value.isdigit() else DEFAULT_LIMIT

    @api.model
    def _hit(self, ip):
        """Count one request of ``ip``; False once it is over the limit."""
        now = fields.Datetime.now()
        start = now - timedelta(seconds=int(now.timestamp()) % WINDOW_SECONDS)
        # one statement, safe with concurrent requests: the row is the counter
        self.env.cr.execute(
            """
            INSERT INTO renovation_verify_throttle (ip, window_start, hits)
            VALUES (%s, %s, 1)
            ON CONFLICT (ip, window_start)
            DO UPDATE SET hits = renovation_verify_throttle.hits + 1
            RETURNING hits
            """,
            [ip or "unknown", start],
        )
        return self.env.cr.fetchone()[0] <= self._limit()

    @api.autovacuum
    def _gc_old_windows(self):
        self.env.cr.execute(
            "DELETE FROM renovation_verify_throttle WHERE window_start < %s",
            [fields.Datetime.now() - timedelta(days=1)],
        )
