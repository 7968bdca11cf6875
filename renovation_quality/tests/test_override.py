from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestOutOfToleranceOverride(QualityCase):
    def setUp(self):
        super().setUp()
        self.inspection = self._inspection("carpentry")
        self.line = self.inspection.line_ids.filtered(lambda line: line.code == "4.0.2")
        self.line.with_user(self.inspector).measured_value = 2.5  # tolerance ±2 mm

    def test_measured_fail_is_a_fail(self):
        self.assertEqual(self.line.tolerance_result, "fail")
        self.assertEqual(self.line.result, "fail")

    def test_inspector_cannot_override(self):
        for result in ("pass", "na"):
            with self.subTest(result=result), self.assertRaises(UserError):
                self.line.with_user(self.inspector).write({"result": result, "note": "看着还行"})
        self.assertEqual(self.line.result, "fail")
        self.assertFalse(self.line.override_by_id)
        self.assertFalse(self.line.note)
        # nor by sending value and result together (what a form save sends)
        with self.assertRaises(UserError):
            self.line.with_user(self.inspector).write({"measured_value": 3.0, "result": "pass"})
        self.assertEqual(self.line.measured_value, 2.5)
        self.assertEqual(self.line.result, "fail")

    def test_pm_cannot_override_either(self):
        with self.assertRaises(UserError):
            self.line.with_user(self.pm).write({"result": "pass", "note": "x"})
        self.assertEqual(self.line.result, "fail")

    def test_manager_overrides_with_a_reason(self):
        with self.assertRaises(UserError):
            self.line.with_user(self.manager).write({"result": "pass"})
        self.assertEqual(self.line.result, "fail")
        self.line.with_user(self.manager).write(
            {"result": "pass", "note": "石膏线遮挡,客户同意验收"}
        )
        self.assertEqual(self.line.result, "pass")
        self.assertEqual(self.line.override_by_id, self.manager)
        self.assertIn("out of tolerance", self.inspection.message_ids[0].body)
        # the inspector may still edit other things of the line
        self.line.with_user(self.inspector).write({"note": "石膏线遮挡"})
        self.assertEqual(self.line.result, "pass")

    def test_new_measurement_drops_the_override(self):
        self.line.with_user(self.manager).write({"result": "pass", "note": "客户同意"})
        self.line.with_user(self.inspector).measured_value = 2.6
        self.assertEqual(self.line.result, "fail")
        self.assertFalse(self.line.override_by_id)
        self.line.with_user(self.inspector).measured_value = 1.0
        self.assertEqual(self.line.result, "pass")

    def test_visual_checks_are_the_inspectors_call(self):
        visual = self.inspection.line_ids.filtered(lambda line: line.check_kind == "visual")[:1]
        visual.with_user(self.inspector).result = "fail"
        visual.with_user(self.inspector).result = "pass"
        self.assertEqual(visual.result, "pass")
        self.assertFalse(visual.override_by_id)
