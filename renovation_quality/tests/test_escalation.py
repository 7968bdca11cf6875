from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestEscalationCron(QualityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.escalation_type = cls.env.ref(
            "renovation_quality.mail_activity_type_quality_escalation"
        )
        cls.order = cls._completed("hidden_works", c2_0_3="fail").rectification_ids
        cls.deadline = cls.order.deadline

    def _run(self, days_late, batch_size=200):
        self.Rectification._cron_escalate_overdue(
            batch_size=batch_size, today=self.deadline + timedelta(days=days_late)
        )

    def _escalations(self, order=None):
        order = order or self.order
        activities = order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.escalation_type
        )
        return activities, order.escalation_ids

    def test_pm_then_general_manager_idempotent(self):
        self._run(0)
        self.assertEqual(self._escalations()[0], self.env["mail.activity"], "not overdue yet")
        self._run(1)
        activities, log = self._escalations()
        self.assertEqual(activities.user_id, self.pm)
        self.assertEqual(log.mapped("level"), ["1"])
        self._run(1)
        self.assertEqual(self._escalations()[0], activities, "a rerun creates nothing")
        self.assertEqual(len(self._escalations()[1]), 1)
        self._run(2)
        activities, log = self._escalations()
        self.assertEqual(set(activities.user_id.ids), {self.pm.id, self.gm.id})
        self.assertEqual(sorted(log.mapped("level")), ["1", "2"])
        self._run(2)
        self._run(5)
        self.assertEqual(self._escalations()[0], activities)
        self.assertEqual(len(self._escalations()[1]), 2)

    def test_general_manager_falls_back_to_studio_manager(self):
        self.company.renovation_general_manager_id = False
        self._run(2)
        self.assertEqual(
            set(self._escalations()[0].user_id.ids), {self.pm.id, self.studio_manager.id}
        )

    def test_closed_or_fixed_orders_are_not_escalated(self):
        self.order.with_user(self.foreman).action_mark_fixed()
        self._run(3)
        self.assertFalse(self._escalations()[1])
        self.order.with_user(self.inspector).action_reinspect_accept()
        self._run(3)
        self.assertFalse(self._escalations()[1])

    def test_closing_clears_escalation_activities(self):
        self._run(2)
        self.order.with_user(self.foreman).action_mark_fixed()
        self.order.with_user(self.inspector).action_reinspect_accept()
        self.assertFalse(self._escalations()[0])
        self.assertEqual(len(self._escalations()[1]), 2, "the log stays")

    def test_new_deadline_starts_a_new_round(self):
        self._run(1)
        self.order.with_user(self.inspector).deadline = self.deadline + timedelta(days=5)
        self._run(5)
        self.assertEqual(len(self._escalations()[1]), 1, "not late against the new deadline")
        self._run(6)
        log = self._escalations()[1]
        self.assertEqual(len(log), 2)
        self.assertEqual(set(log.mapped("deadline")), {self.deadline, self.order.deadline})

    def test_processed_in_batches(self):
        others = self.Rectification
        for _i in range(2):
            others |= self._completed("hidden_works", c2_0_3="fail").rectification_ids
        others.with_user(self.inspector).write({"deadline": self.deadline})
        orders = self.order | others
        calls = []
        rectification_class = type(self.Rectification)
        original = rectification_class._escalate_overdue

        def spy(records, today):
            calls.append(records.ids)
            return original(records, today)

        # the database may hold other overdue orders (demo data): all are processed
        overdue = self.Rectification.search(
            [("state", "=", "open"), ("deadline", "<", self.deadline + timedelta(days=1))],
            order="id",
        ).ids
        self.assertLessEqual(set(orders.ids), set(overdue))
        with patch.object(rectification_class, "_escalate_overdue", spy):
            self._run(1, batch_size=2)
        self.assertEqual(calls, [overdue[i : i + 2] for i in range(0, len(overdue), 2)])
        for order in orders:
            self.assertEqual(len(self._escalations(order)[1]), 1)
