from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.renovation_service.tests.common import SIGNATURE

from .common import QualityCase

HOLD_POINT = "Hidden works inspected, accepted and signed (hold point)"


@tagged("post_install", "-at_install")
class TestQualityGates(QualityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._pay(cls._instalment(cls.order, "first").invoice_id)

    def assertRefused(self, stage_name, missing):
        before = self.project.stage_id
        with self.assertRaises(UserError) as caught:
            self._move(self.project, stage_name)
        self.assertIn(missing, str(caught.exception))
        self.assertEqual(self.project.stage_id, before, "a refused move changes nothing")

    def test_open_rectification_blocks_the_next_node(self):
        self._sign_gate_forms(self.project, self.stage["construction"])
        self._move(self.project, "site_start")
        inspection = self._completed("material_entry", c6_0_1=13.5)  # timber too wet
        order = inspection.rectification_ids
        self.assertEqual(order.state, "open")
        self.assertRefused("construction", "Materials entry rectifications closed")
        # skipping the stage does not skip the gate
        self.assertRefused("construction_2", "Materials entry rectifications closed")
        order.with_user(self.foreman).action_mark_fixed()
        self.assertRefused("construction", "Materials entry rectifications closed")
        order.with_user(self.inspector).action_reinspect_accept()
        self._move(self.project, "construction")
        self.assertEqual(self.project.stage_id, self.stage["construction"])

    def test_rectification_of_another_node_does_not_block(self):
        self._sign_gate_forms(self.project, self.stage["construction"])
        self._move(self.project, "site_start")
        self._completed("tiling", c8_1_4=9.0)  # hollow tiles: blocks completion, not construction
        self._move(self.project, "construction")
        self.assertEqual(self.project.stage_id, self.stage["construction"])
        self.assertIn(
            "Tiling rectifications closed",
            self.project._renovation_gate_failures(self.stage["completion"]),
        )

    def test_hidden_works_hold_point(self):
        self._sign_gate_forms(self.project, self.stage["construction"])
        self._move(self.project, "construction")
        # the forms renovation_service waits for, including a hidden-works form
        # made by hand: it does not replace the inspection
        self._sign_gate_forms(self.project, self.stage["midterm"])
        self.assertRefused("midterm", HOLD_POINT)
        inspection = self._completed("hidden_works")
        self.assertEqual(inspection.result, "pass")
        self.assertRefused("midterm", HOLD_POINT)  # form not signed yet
        form = inspection.form_id
        form._sign_as_client(SIGNATURE, "王建国", "127.0.0.1")
        self.assertRefused("midterm", HOLD_POINT)  # the foreman has not signed
        self._sign_all(form)
        self._move(self.project, "midterm")
        self.assertEqual(self.project.stage_id, self.stage["midterm"])

    def test_failed_hidden_works_hold_until_rectified_and_signed(self):
        self._sign_gate_forms(self.project, self.stage["construction"])
        self._move(self.project, "construction")
        self._sign_gate_forms(self.project, self.stage["midterm"])
        inspection = self._completed("hidden_works", c3_0_3="fail")
        self.assertRefused("midterm", HOLD_POINT)
        self.assertRefused("midterm", "Hidden works rectifications closed")
        order = inspection.rectification_ids
        order.with_user(self.foreman).action_mark_fixed()
        order.with_user(self.inspector).action_reinspect_accept()
        self.assertEqual(inspection.result, "rectified")
        self.assertRefused("midterm", HOLD_POINT)
        self._sign_all(inspection.form_id)
        self._move(self.project, "midterm")
        self.assertEqual(self.project.stage_id, self.stage["midterm"])

    def test_every_hidden_works_inspection_must_be_accepted(self):
        self._sign_gate_forms(self.project, self.stage["construction"])
        self._move(self.project, "construction")
        self._sign_gate_forms(self.project, self.stage["midterm"])
        plumbing = self._completed("hidden_works")
        self._sign_all(plumbing.form_id)
        electrical = self._inspection("hidden_works", notes="<p>电路</p>")
        self.assertRefused("midterm", HOLD_POINT)
        electrical.with_user(self.inspector).action_cancel()
        self._move(self.project, "midterm")
        self.assertEqual(self.project.stage_id, self.stage["midterm"])

    def test_no_covering_work_before_the_hidden_works_are_accepted(self):
        """Seed 002 step 18: hidden works are covered only once the inspector
        and the client accepted them: no tiling or carpentry before."""
        project = self._signed_contract()[1]
        for node in ("tiling", "carpentry"):
            with self.subTest(node=node), self.assertRaisesRegex(UserError, "hold point"):
                self.Inspection.with_user(self.inspector).create(
                    {"project_id": project.id, "node": node}
                )
        hidden = self._completed("hidden_works", project=project)
        with self.assertRaisesRegex(UserError, "hold point"):
            self.Inspection.with_user(self.inspector).create(
                {"project_id": project.id, "node": "tiling"}
            )  # accepted, but its form is not signed yet
        self._sign_all(hidden.form_id)
        tiling = self.Inspection.with_user(self.inspector).create(
            {"project_id": project.id, "node": "tiling"}
        )
        self.assertTrue(tiling)
