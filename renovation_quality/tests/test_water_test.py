from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestWaterClosureTest(QualityCase):
    def setUp(self):
        super().setUp()
        self.start = fields.Datetime.to_datetime("2025-06-01 08:00:00")
        self.test = (
            self.env["renovation.quality.water.test"]
            .with_user(self.foreman)
            .create({"project_id": self.project.id, "area": "厨房", "start_datetime": self.start})
        )

    def test_shorter_than_24_hours_refused(self):
        self.test.end_datetime = self.start + timedelta(hours=23, minutes=59)
        with self.assertRaises(UserError) as caught:
            self.test.action_pass()
        self.assertIn("24 hours", str(caught.exception))
        self.assertEqual(self.test.state, "draft")
        self.assertFalse(self.test.result_by_id)
        self.test.end_datetime = self.start + timedelta(hours=23, minutes=59, seconds=59)
        with self.assertRaises(UserError):
            self.test.action_pass()
        self.assertEqual(self.test.state, "draft")

    def test_24_hours_pass(self):
        self.test.end_datetime = self.start + timedelta(hours=24)
        self.test.action_pass()
        self.assertEqual(self.test.state, "passed")
        self.assertAlmostEqual(self.test.duration_hours, 24.0)
        self.assertEqual(self.test.result_by_id, self.foreman)

    def test_check_time_required_and_after_start(self):
        with self.assertRaises(UserError):
            self.test.action_pass()
        with self.assertRaises(ValidationError):
            self.test.end_datetime = self.start - timedelta(hours=1)
        self.assertFalse(self.test.end_datetime)
        self.assertEqual(self.test.state, "draft")

    def test_leak_needs_a_description(self):
        self.test.end_datetime = self.start + timedelta(hours=3)
        with self.assertRaises(UserError):
            self.test.action_fail()
        self.assertEqual(self.test.state, "draft")
        self.test.note = "地漏周边渗水至楼下"
        self.test.action_fail()  # a leak ends the test early
        self.assertEqual(self.test.state, "failed")

    def test_result_is_final(self):
        self.test.end_datetime = self.start + timedelta(hours=30)
        self.test.action_pass()
        with self.assertRaises(UserError):
            self.test.write({"end_datetime": self.start + timedelta(hours=20)})
        with self.assertRaises(UserError):
            self.test.action_fail()
        with self.assertRaises(UserError):
            self.test.unlink()
        self.assertEqual(self.test.end_datetime, self.start + timedelta(hours=30))
        self.assertEqual(self.test.state, "passed")

    def test_inspection_of_another_project_refused(self):
        _order, other_project = self._signed_contract()
        other_inspection = self._inspection("waterproofing", project=other_project)
        with self.assertRaises(ValidationError):
            self.test.write({"inspection_id": other_inspection.id})
        self.assertFalse(self.test.inspection_id)

    def test_only_foreman_inspector_or_manager_records_the_result(self):
        self.test.end_datetime = self.start + timedelta(hours=25)
        with self.assertRaises(UserError):
            self.test.with_user(self.designer).action_pass()
        self.assertEqual(self.test.state, "draft")
        self.test.with_user(self.inspector).action_pass()
        self.assertEqual(self.test.result_by_id, self.inspector)
