from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RenovationCase


@tagged("post_install", "-at_install")
class TestFollowupCron(RenovationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls._pay(cls._instalment(cls.order, "first").invoice_id)
        cls._sign_gate_forms(cls.project, cls.stage["construction"])
        cls.project.write({"stage_id": cls.stage["construction"].id})
        cls.other_order, cls.not_started = cls._signed_contract(studio=cls.studio_b)
        cls.Call = cls.env["renovation.followup.call"]
        cls.activity_type = cls.env.ref("renovation_service.mail_activity_type_followup_call")

    def _calls(self):
        return self.Call.search([("project_id", "in", (self.project | self.not_started).ids)])

    def test_one_call_per_project_under_construction_per_week(self):
        with freeze_time("2026-11-23 08:00:00"):  # a Monday
            self.env["project.project"]._cron_renovation_weekly_followup()
        with freeze_time("2026-11-26 08:00:00"):  # same week
            self.env["project.project"]._cron_renovation_weekly_followup()
            self.env["project.project"]._cron_renovation_weekly_followup()
        calls = self._calls()
        self.assertEqual(calls.project_id, self.project, "only projects on site are called")
        self.assertEqual(len(calls), 1, "running again in the same week creates nothing")
        self.assertEqual(str(calls.week_start), "2026-11-23")
        self.assertEqual(calls.statistician_id, self.statistician)
        activities = calls.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.statistician)
        with freeze_time("2026-11-30 08:00:00"):  # next week
            self.env["project.project"]._cron_renovation_weekly_followup()
        self.assertEqual(len(self._calls()), 2)

    def test_small_batches_give_the_same_result(self):
        with freeze_time("2026-11-23 08:00:00"):
            self.env["project.project"]._cron_renovation_weekly_followup(batch_size=1)
            self.env["project.project"]._cron_renovation_weekly_followup(batch_size=1)
        self.assertEqual(len(self._calls()), 1)

    def test_logging_the_call(self):
        with freeze_time("2026-11-23 08:00:00"):
            self.env["project.project"]._cron_renovation_weekly_followup()
        call = self._calls().with_user(self.statistician)
        with self.assertRaises(UserError):
            call.action_done()
        call.outcome = "complaint"
        with self.assertRaises(UserError):
            call.action_done()
        self.assertEqual(call.state, "todo")
        call.write({"complaint_description": "工人周末施工噪音大", "notes": "已致歉"})
        call.action_done()
        self.assertEqual(call.state, "done")
        self.assertFalse(call.activity_ids, "the activity is marked done")
        last = self.project.message_ids[:1]
        self.assertIn("工人周末施工噪音大", last.body)
