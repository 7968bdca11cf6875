import logging
import threading

from odoo import api, models
from odoo.modules import module as odoo_module

_logger = logging.getLogger(__name__)


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _renovation_process_in_batches(self, records, process, batch_size=500):
        """Run ``process`` on ``records`` batch by batch, committing after each
        batch so a crash keeps the work done (the renovation crons are idempotent,
        so a rerun only does what is left). Shared by all renovation addons."""
        total = len(records)
        done = 0
        for start in range(0, total, batch_size):
            batch = records[start : start + batch_size]
            process(batch)
            done += len(batch)
            self._notify_progress(done=done, remaining=total - done)
            if not self._renovation_in_test():
                # a real cron run: keep the batch even if a later one fails
                self.env.cr.commit()  # pylint: disable=invalid-commit
            _logger.debug("renovation batch %s/%s done", done, total)
        return done

    @api.model
    def _renovation_in_test(self):
        """True under Odoo's test runner and pytest-odoo alike: never commit there."""
        return bool(
            odoo_module.current_test
            or getattr(threading.current_thread(), "testing", False)
            or self.env.registry.in_test_mode()
        )
