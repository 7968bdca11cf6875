from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import SIGNATURE, RenovationCase


@tagged("post_install", "-at_install")
class TestStageGates(RenovationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()

    def _move(self, stage_name, user=None):
        project = self.project.with_user(user or self.pm)
        # what the kanban drag and the statusbar click send: a plain write
        project.write({"stage_id": self.stage[stage_name].id})

    def assertRefused(self, stage_name, missing):
        before = self.project.stage_id
        with self.assertRaises(UserError) as caught:
            self._move(stage_name)
        self.assertIn(missing, str(caught.exception))
        self.assertEqual(self.project.stage_id, before, "a refused move changes nothing")

    def test_contract_confirmed_gate(self):
        project = self.env["project.project"].create(
            {"name": "No contract", "is_renovation": True, "stage_id": self.stage["design"].id}
        )
        with self.assertRaises(UserError) as caught:
            project.write({"stage_id": self.stage["contract"].id})
        self.assertIn("Contract confirmed", str(caught.exception))
        self.assertEqual(project.stage_id, self.stage["design"])
        # with the signed contract the gate opens
        self._move("design")
        self.assertEqual(self.project.stage_id, self.stage["design"])

    def test_first_payment_gate(self):
        self._move("design")
        self._sign_gate_forms(self.project, self.stage["construction"])
        self.assertRefused("site_start", "First payment")
        # skipping the gated stage does not skip its gate
        self.assertRefused("construction", "First payment")
        self._pay(self._instalment(self.order, "first").invoice_id)
        self._move("construction")
        self.assertEqual(self.project.stage_id, self.stage["construction"])

    def test_form_gates_name_the_missing_forms(self):
        self._pay(self._instalment(self.order, "first").invoice_id)
        with self.assertRaises(UserError) as caught:
            self._move("site_start")
        self.assertIn("Design Hand-over Sheet (1st) signed", str(caught.exception))
        self.assertIn("Single-item Works Commitment signed", str(caught.exception))
        # a form waiting for signatures does not open the gate
        form = self.env["renovation.form"]._create_from_source(
            self.project, "design_handover_1", self.project
        )
        form.action_request_signatures()
        form.signature_ids[0].with_user(form.signature_ids[0].user_id).action_sign(
            SIGNATURE, "Designer Wang"
        )
        self.assertRefused("site_start", "Design Hand-over Sheet (1st) signed")
        self._sign_all(form)
        self._signed_form(self.project, "foreman_commitment")
        self._move("site_start")
        self.assertEqual(self.project.stage_id, self.stage["site_start"])

    def test_partial_first_payment_does_not_open_gate(self):
        self._sign_gate_forms(self.project, self.stage["site_start"])
        invoice = self._instalment(self.order, "first").invoice_id
        (
            self.env["account.payment.register"]
            .with_user(self.collector)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": invoice.amount_total / 2})
            ._create_payments()
        )
        self.assertRefused("site_start", "First payment")

    def test_midterm_gate_opened_by_signed_payment_notice(self):
        self._pay(self._instalment(self.order, "first").invoice_id)
        self._sign_gate_forms(self.project, self.stage["midterm"])
        self._move("midterm")
        with self.assertRaises(UserError) as caught:
            self._move("construction_2")
        self.assertIn("Mid-term settlement", str(caught.exception))
        self.assertIn("Mid-term Payment Notice signed", str(caught.exception))
        self._signed_form(self.project, "midterm_payment_notice")
        midterm = self._instalment(self.order, "midterm")
        self.assertEqual(midterm.invoice_id.state, "posted", "the signed notice issues the invoice")
        self.assertEqual(self.project.midterm_settlement_date, midterm.invoice_id.invoice_date)
        self._move("construction_2")
        self.assertEqual(self.project.stage_id, self.stage["construction_2"])

    def test_completion_and_final_payment_gates(self):
        self._pay(self._instalment(self.order, "first").invoice_id)
        self._sign_gate_forms(self.project, self.stage["completion"])
        self._move("completion")
        with self.assertRaises(UserError) as caught:
            self._move("delivered")
        for missing in (
            "Completion accepted",
            "Final payment",
            "Completion Acceptance Sheet signed",
        ):
            self.assertIn(missing, str(caught.exception))
        self._signed_form(self.project, "completion_acceptance")
        self.assertTrue(self.project.completion_acceptance_date)
        # seed 002 steps 24-25: the 竣工验收单 signed, the final invoice is posted,
        # due 3 days after; the 尾期交款通知书 is handed to the client by e-mail
        final = self._instalment(self.order, "final").invoice_id
        self.assertEqual(final.state, "posted")
        self.assertEqual(
            final.invoice_date_due,
            fields.Date.add(self.project.completion_acceptance_date, days=3),
            "the final payment is due 3 days after the acceptance signature",
        )
        notice = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.client.ids), ("subject", "like", final.name)]
        )
        self.assertEqual(len(notice), 1, "the final payment notice, to the client")
        self.assertIn(final.access_token, notice.body_html)
        self.assertFalse(
            self.env["renovation.form.type"].search([("code", "=", "final_payment_notice")]),
            "a notice, not a form to sign",
        )
        self.assertRefused("delivered", "Final payment")
        self._pay(self._instalment(self.order, "midterm").invoice_id)
        self._pay(final)
        self._move("delivered")
        self.assertEqual(self.project.stage_id, self.stage["delivered"])

    def test_gate_status_shown_for_next_stage(self):
        self._move("design")
        self._move("handover")
        self._sign_gate_forms(self.project, self.stage["site_start"])
        self.assertEqual(self.project.next_stage_id, self.stage["site_start"])
        self.assertIn("First payment", self.project.next_stage_blockers)
        self.assertFalse(self.project.next_stage_ready)
        self._pay(self._instalment(self.order, "first").invoice_id)
        self.project.invalidate_recordset(["next_stage_blockers", "next_stage_ready"])
        self.assertTrue(self.project.next_stage_ready)
        self.assertFalse(self.project.next_stage_blockers)

    def test_page_of_projects_gets_each_projects_own_blockers(self):
        """The gates of a kanban column or list page are evaluated for all its
        projects at once: each project still gets exactly what it misses
        itself, whatever the other projects of the page have."""
        order, paid = self._signed_contract()
        self._pay(self._instalment(order, "first").invoice_id)
        self._sign_gate_forms(paid, self.stage["site_start"])
        unpaid = self.project
        self._sign_gate_forms(unpaid, self.stage["site_start"])
        bare = self.env["project.project"].create(
            {"name": "No contract", "is_renovation": True, "stage_id": self.stage["design"].id}
        )
        page = (paid | unpaid | bare).with_user(self.manager)
        site_start = self.stage["site_start"]
        together = page._renovation_gate_failures_batch(lambda project: site_start)
        first = self.env.ref("renovation_service.gate_first_payment_paid").name
        contract = self.env.ref("renovation_service.gate_contract_confirmed").name
        self.assertEqual(together[paid.id], [], "paid and signed: nothing missing")
        self.assertEqual(together[unpaid.id], [first])
        self.assertIn(contract, together[bare.id])
        self.assertIn(first, together[bare.id])
        for project in page:
            # the same names, in the same order, as the project's own check
            self.assertEqual(together[project.id], project._renovation_gate_failures(site_start))
        # the kanban badge: each card's next stage, the page evaluated at once
        page.invalidate_recordset()
        for project in page:
            alone = project._renovation_gate_failures(project.next_stage_id)
            self.assertEqual(project.next_stage_blockers, "\n".join(alone))
            self.assertEqual(project.next_stage_ready, not alone)

    def test_pipeline_shows_only_the_renovation_stages(self):
        """The renovation kanban's columns and the form's status bar are the
        lifecycle's stages; Odoo's project kanban keeps its own stages."""
        generic = self.env.ref("project.project_project_stage_0")  # To Do
        cancelled = self.env.ref("project.project_project_stage_3")
        lifecycle = list(self.stage.values())
        action = self.env.ref("renovation_service.action_renovation_project")
        domain = safe_eval(action.domain)
        Project = self.env["project.project"].with_user(self.manager)
        groups = Project.web_read_group(domain, ["stage_id"], ["stage_id"])["groups"]
        columns = self.env["project.project.stage"].browse([g["stage_id"][0] for g in groups])
        self.assertTrue(set(lifecycle) <= set(columns), "every step of the lifecycle")
        self.assertNotIn(generic, columns)
        self.assertNotIn(cancelled, columns)
        self.assertEqual(list(columns), sorted(columns, key=lambda s: (s.sequence, s.id)))
        # Odoo's own project kanban (no renovation domain) keeps Odoo's stages
        groups = Project.web_read_group([], ["stage_id"], ["stage_id"])["groups"]
        self.assertIn(generic.id, [g["stage_id"][0] for g in groups if g["stage_id"]])
        # a renovation project left in a generic stage still shows in its column
        stray = self.env["project.project"].create(
            {"name": "Stray", "is_renovation": True, "stage_id": generic.id}
        )
        groups = Project.web_read_group(domain, ["stage_id"], ["stage_id"])["groups"]
        self.assertIn(generic.id, [g["stage_id"][0] for g in groups])
        stray.unlink()
        # the status bar lists the renovation stages only
        arch = etree.fromstring(
            Project.get_view(action.view_ids.filtered(lambda v: v.view_mode == "form").view_id.id)[
                "arch"
            ]
        )
        [statusbar] = arch.xpath("//field[@name='stage_id'][@widget='renovation_statusbar']")
        stage_domain = safe_eval(statusbar.get("domain"))
        stages = self.env["project.project.stage"].search(stage_domain)
        self.assertTrue(set(lifecycle) <= set(stages))
        self.assertNotIn(generic, stages)
        self.assertNotIn(cancelled, stages)

    def test_non_renovation_projects_are_not_gated(self):
        project = self.env["project.project"].create({"name": "Office move"})
        project.write({"stage_id": self.stage["delivered"].id})
        self.assertEqual(project.stage_id, self.stage["delivered"])

    def test_gate_is_extensible_by_data(self):
        """A gate record added on a stage is enforced without code in the stage."""
        self.env["renovation.stage.gate"].create(
            {
                "name": "Custom: completion accepted",
                "stage_id": self.stage["design"].id,
                "gate_type": "completion_accepted",
            }
        )
        self.assertRefused("design", "Custom: completion accepted")

    def test_hand_settlement_then_notice_does_not_invoice_twice(self):
        self._pay(self._instalment(self.order, "first").invoice_id)
        self.project.with_user(self.pm).action_midterm_settlement()
        invoice = self._instalment(self.order, "midterm").invoice_id
        form = self.env["renovation.form"]._create_from_source(
            self.project, "midterm_payment_notice", self.project
        )
        form.action_request_signatures()
        self._sign_all(form)
        self.assertEqual(form.state, "signed", "the notice documents the settlement")
        self.assertEqual(self._instalment(self.order, "midterm").invoice_id, invoice)
        self.assertEqual(len(self._instalment(self.order, "midterm").invoice_id), 1)

    def test_only_pm_or_manager_triggers_settlement(self):
        self._pay(self._instalment(self.order, "first").invoice_id)
        with self.assertRaises(UserError):
            self.project.with_user(self.designer).action_midterm_settlement()
        self.assertFalse(self.project.midterm_settlement_date)
        self.assertFalse(self._instalment(self.order, "midterm").invoice_id)
