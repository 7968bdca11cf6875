from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestRectification(QualityCase):
    def setUp(self):
        super().setUp()
        self.inspection = self._completed("hidden_works", c2_0_3="fail")
        self.order = self.inspection.rectification_ids

    def test_fix_and_reinspect_closes_and_issues_the_form(self):
        self.order.with_user(self.foreman).write({"fix_note": "更换接头,重新试压"})
        self.order.with_user(self.foreman).action_mark_fixed()
        self.assertEqual(self.order.state, "fixed")
        self.assertTrue(self.order.fixed_on)
        self.assertTrue(
            self.order.activity_ids.filtered(lambda a: a.user_id == self.inspector),
            "the inspector is asked to re-inspect",
        )
        self.order.with_user(self.inspector).action_reinspect_accept()
        self.assertEqual(self.order.state, "closed")
        self.assertEqual(self.order.reinspected_by_id, self.inspector)
        self.assertFalse(self.order.activity_ids)
        self.assertEqual(self.inspection.result, "rectified")
        form = self.inspection.form_id
        self.assertEqual(form.form_type_code, "hidden_works")
        rectified = form.line_ids.filtered(lambda line: line.name.startswith("2.0.3"))
        self.assertEqual(rectified.result, "pass")
        self.assertIn(self.order.name, rectified.note)
        # the first result stays a fail for the first-pass rate
        failed = self.inspection.line_ids.filtered(lambda line: line.code == "2.0.3")
        self.assertEqual(failed.result, "fail")

    def test_rejected_fix_goes_back_to_open(self):
        self.order.with_user(self.foreman).action_mark_fixed()
        with self.assertRaises(UserError):
            self.order.with_user(self.inspector).action_reinspect_reject()  # no remarks
        self.assertEqual(self.order.state, "fixed")
        self.order.with_user(self.inspector).write({"reject_reason": "接头仍渗水"})
        self.order.with_user(self.inspector).action_reinspect_reject()
        self.assertEqual(self.order.state, "open")
        self.assertEqual(self.order.reject_count, 1)
        self.assertTrue(self.order.activity_ids.filtered(lambda a: a.user_id == self.foreman))
        self.assertEqual(self.inspection.result, "fail")
        self.assertFalse(self.inspection.form_id)

    def test_who_does_what(self):
        # only the foreman or PM reports it fixed
        with self.assertRaises(UserError):
            self.order.with_user(self.designer).action_mark_fixed()
        self.assertEqual(self.order.state, "open")
        # nobody re-inspects an order that was not reported fixed
        with self.assertRaises(UserError):
            self.order.with_user(self.inspector).action_reinspect_accept()
        self.assertEqual(self.order.state, "open")
        self.order.with_user(self.pm).action_mark_fixed()
        # the foreman (no inspector) cannot accept their own work, nor can the PM
        for user in (self.foreman, self.pm):
            with self.subTest(user=user.name), self.assertRaises(UserError):
                self.order.with_user(user).action_reinspect_accept()
        self.assertEqual(self.order.state, "fixed")
        self.assertEqual(self.inspection.result, "fail")

    def test_foreman_cannot_move_the_deadline(self):
        deadline = self.order.deadline
        with self.assertRaises(UserError):
            self.order.with_user(self.foreman).write({"deadline": "2099-01-01"})
        with self.assertRaises(UserError):
            self.order.with_user(self.foreman).write({"foreman_id": self.designer.id})
        self.assertEqual(self.order.deadline, deadline)
        self.assertEqual(self.order.foreman_id, self.foreman)
        # quality control and the project manager can
        self.order.with_user(self.pm).write({"deadline": "2099-01-01"})
        self.order.with_user(self.inspector).write({"deadline": "2099-01-02"})
        self.assertEqual(str(self.order.deadline), "2099-01-02")

    def test_worked_on_order_cannot_be_deleted(self):
        self.order.with_user(self.foreman).action_mark_fixed()
        with self.assertRaises(UserError):
            self.order.with_user(self.manager).unlink()
        self.assertTrue(self.order.exists())
