from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RenovationCase, RenovationHttpCase


@tagged("post_install", "-at_install")
class TestStageMoves(RenovationCase):
    """Moving a live project back is a manager's call (or the PM's, with the
    reason logged); a step recorded by hand never leaves the gates stuck."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.cancelled = cls.env.ref("project.project_project_stage_3")

    def _walk_to(self, stage_name):
        """Sign and pay what the gates up to ``stage_name`` need, and move."""
        stage = self.stage[stage_name]
        self._sign_gate_forms(self.project, stage)
        for instalment in self.order.payment_plan_line_ids:
            invoice = instalment.invoice_id
            if invoice and invoice.payment_state not in ("paid", "in_payment"):
                self._pay(invoice)
        self.project.with_user(self.pm).write({"stage_id": stage.id})
        self.assertEqual(self.project.stage_id, stage)

    def test_team_cannot_move_back_or_cancel(self):
        self._walk_to("construction")
        for user in (self.pm, self.foreman, self.designer, self.inspector):
            for stage in (self.stage["design"], self.cancelled):
                with self.subTest(user=user.name, stage=stage.name):
                    with self.assertRaises(UserError):
                        self.project.with_user(user).write({"stage_id": stage.id})
                    self.assertEqual(self.project.stage_id, self.stage["construction"])

    def test_pm_moves_back_with_a_reason(self):
        self._walk_to("construction")
        Wizard = self.env["renovation.move.back.wizard"].with_user(self.pm)
        wizard = Wizard.create(
            {"project_id": self.project.id, "stage_id": self.stage["site_start"].id, "reason": " "}
        )
        with self.assertRaises(UserError):
            wizard.action_move_back()
        self.assertEqual(self.project.stage_id, self.stage["construction"])
        wizard.reason = "客户要求暂停，材料未到"
        wizard.action_move_back()
        self.assertEqual(self.project.stage_id, self.stage["site_start"])
        bodies = " ".join(self.project.message_ids[:3].mapped("body"))
        self.assertIn("客户要求暂停", bodies)
        with self.assertRaises(UserError):
            self.project.with_user(self.foreman).action_renovation_move_back(
                self.stage["design"], "no"
            )
        with self.assertRaises(UserError):
            self.project.with_user(self.pm).action_renovation_move_back(
                self.stage["warranty"], "forward is not back"
            )

    def test_manager_moves_back_and_it_is_logged(self):
        self._walk_to("construction")
        self.project.with_user(self.manager).write({"stage_id": self.cancelled.id})
        self.assertEqual(self.project.stage_id, self.cancelled)
        self.assertIn("Moved back", self.project.message_ids[0].body)

    def test_forward_moves_still_pass_their_gates(self):
        self._walk_to("construction")
        with self.assertRaises(UserError):
            self.project.with_user(self.manager).write({"stage_id": self.stage["warranty"].id})

    def test_manual_midterm_settlement_then_the_form_then_the_next_stage(self):
        self._walk_to("midterm")
        self.project.with_user(self.pm).action_midterm_settlement()
        self.assertTrue(self.project.midterm_settlement_date)
        invoice = self._instalment(self.order, "midterm").invoice_id
        # the 中期交款通知书 can still be signed: it documents the settlement
        notice = self._signed_form(self.project, "midterm_payment_notice")
        self.assertEqual(notice.state, "signed")
        self.assertEqual(self._instalment(self.order, "midterm").invoice_id, invoice, "once")
        self._walk_to("construction_2")

    def test_manual_completion_then_the_forms_then_hand_over(self):
        self._walk_to("completion")
        self.project.with_user(self.pm).action_completion_acceptance()
        final = self._instalment(self.order, "final").invoice_id
        self.assertTrue(final)
        form = self._signed_form(self.project, "completion_acceptance")
        self.assertEqual(form.state, "signed")
        self.assertEqual(self._instalment(self.order, "final").invoice_id, final, "once")
        self._walk_to("delivered")


@tagged("post_install", "-at_install")
class TestProjectPipelineTour(RenovationHttpCase):
    """In the browser: the kanban badge lists every missing gate; a stage move
    the gates refuse from the status bar leaves the form as it was."""

    def test_refused_move_leaves_the_form_as_it_was(self):
        _order, project = self._signed_contract()
        project.name = "Tour Project"
        project.stage_id = self.stage["handover"]
        self.assertGreater(len(project.next_stage_blockers.splitlines()), 1)
        # the tour reads the stage names and the error in English, whatever the
        # database's language
        self.env["res.lang"]._activate_lang("en_US")
        self.manager.lang = "en_US"
        self.start_tour(
            "/odoo/action-renovation_service.action_renovation_project",
            "renovation_project_stage_refused",
            login=self.manager.login,
        )
        self.assertEqual(project.stage_id, self.stage["handover"])
