import re
import unittest

from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

# the renovation stages a demo project stands in, in order (README "Demo data")
DEMO_STAGES = (
    "renovation_service.stage_contract",
    "renovation_service.stage_design",
    "renovation_service.stage_handover",
    "renovation_service.stage_site_start",
    "renovation_service.stage_construction",
    "renovation_service.stage_midterm",
    "renovation_service.stage_construction_2",
    "renovation_service.stage_completion",
    "renovation_service.stage_delivered",
    "renovation_service.stage_warranty",
)


@tagged("post_install", "-at_install", "renovation_e2e")
class TestDemoStory(TransactionCase):
    """The demo a prospect or a new user opens: a Chinese company, projects at
    the stages of the process, each standing where its gates allow, a handed-over
    villa with its after-sales file, and two clients who can log in on the
    portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("base.module_renovation_service").demo:
            raise unittest.SkipTest("installed without demo data")
        cls.company = cls.env.ref("renovation_service.demo_company")
        cls.projects = cls.env["project.project"].search(
            [("is_renovation", "=", True), ("company_id", "=", cls.company.id)]
        )
        contract = "renovation_service.demo_contract_%s"
        cls.project_wang = cls.env.ref(contract % "wang").renovation_project_id
        cls.project_zhang = cls.env.ref(contract % "zhang").renovation_project_id
        cls.portal_wang = cls.env.ref("renovation_service.demo_portal_user_wang")
        cls.portal_zhang = cls.env.ref("renovation_service.demo_portal_user_zhang")

    def test_what_the_flows_wrote_reads_chinese(self):
        """What the demo's flows generated (form names, schedule nodes,
        payment-plan lines, the project's chatter) is in Chinese, as in a
        studio: the demo runs in zh_CN, with the Chinese terms loaded first."""
        zh = self.env(context={"lang": "zh_CN"})
        chinese = re.compile("[\u4e00-\u9fff]")
        forms = self.projects.form_ids
        self.assertTrue(forms)
        for form in forms:
            self.assertTrue(form.name.startswith(form.form_type_id.with_env(zh).name), form.name)
        nodes = self.projects.renovation_node_ids
        instalments = self.projects.contract_id.payment_plan_line_ids
        self.assertTrue(nodes and instalments)
        for name in nodes.mapped("name") + instalments.mapped("name"):
            self.assertRegex(name, chinese)
        # the change and delay orders' messages on 王建国's project
        notes = self.project_wang.message_ids.filtered(
            lambda m: "BG2" in (m.body or "") or "YQ2" in (m.body or "")
        )
        self.assertTrue(notes)
        for note in notes:
            self.assertRegex(str(note.body), chinese)

    def test_company_is_chinese(self):
        self.assertEqual(self.company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(self.company.paperformat_id.format, "A4")
        self.assertEqual(self.company.partner_id.tz, "Asia/Shanghai")
        self.assertEqual(self.company.country_id, self.env.ref("base.cn"))
        contracts = self.projects.contract_id
        self.assertTrue(contracts)
        self.assertEqual(contracts.currency_id, self.env.ref("base.CNY"))
        invoices = contracts.payment_plan_line_ids.invoice_id
        self.assertTrue(invoices)
        self.assertEqual(invoices.currency_id, self.env.ref("base.CNY"))
        staff = self.projects.mapped("user_id") | self.projects.mapped("foreman_id")
        self.assertEqual(set(staff.mapped("tz")), {"Asia/Shanghai"})
        self.assertEqual(staff.company_id, self.company)
        if self.env["res.lang"].search_count([("code", "=", "zh_CN")]):
            users = staff | self.portal_wang | self.portal_zhang
            self.assertEqual(set(users.mapped("lang")), {"zh_CN"})

    def test_each_project_passes_the_gates_of_its_stage(self):
        self.assertGreaterEqual(len(self.projects), len(DEMO_STAGES))
        for project in self.projects:
            with self.subTest(project=project.display_name, stage=project.stage_id.name):
                self.assertEqual(project._renovation_gate_failures(project.stage_id), [])

    def test_one_project_per_stage(self):
        for xmlid in DEMO_STAGES:
            with self.subTest(stage=xmlid):
                self.assertIn(self.env.ref(xmlid), self.projects.stage_id)

    def test_handed_over_villa_has_its_aftercare(self):
        project = self.project_zhang
        self.assertEqual(project.stage_id, self.env.ref("renovation_service.stage_delivered"))
        self.assertEqual(len(project.warranty_card_ids), 1)
        callbacks = project.warranty_callback_ids
        done = callbacks.filtered(lambda c: c.state == "done")
        self.assertTrue(done and all(done.mapped("notes")))
        self.assertTrue(callbacks.filtered(lambda c: c.state == "planned"))
        repair = project.repair_request_ids
        self.assertEqual(len(repair), 1)
        self.assertEqual(repair.warranty_status, "in_warranty")
        self.assertEqual(repair.acceptance_form_id.state, "waiting")
        self.assertTrue(project.complaint_ids)
        evaluation = project.customer_evaluation_ids
        self.assertEqual(evaluation.mapped("state"), ["done"])

    def test_portal_clients_reach_only_their_own_project(self):
        for user, project, other in (
            (self.portal_wang, self.project_wang, self.project_zhang),
            (self.portal_zhang, self.project_zhang, self.project_wang),
        ):
            with self.subTest(login=user.login):
                self.assertTrue(user._is_portal())
                self.assertEqual(user.partner_id, project.partner_id)
                # the one definition of "the client's projects" the portal uses
                self.assertEqual(user.partner_id._renovation_client_projects(), project)
                forms = self.env["renovation.form"].with_user(user).search([])
                self.assertTrue(forms)
                self.assertEqual(forms.sudo().project_id, project)
                self.assertFalse(
                    self.env["renovation.form"]
                    .with_user(user)
                    .search([("project_id", "=", other.id)])
                )
        self.assertEqual(self.portal_wang.login, "demo_client_wang")
        self.assertEqual(self.portal_zhang.login, "demo_client_zhang")
        # each has something to do on the portal: a form to sign
        for user in (self.portal_wang, self.portal_zhang):
            waiting = (
                self.env["renovation.form"]
                .with_user(user)
                .search([("state", "=", "waiting")])
                .sudo()
                .signature_ids.filtered(lambda s: s.is_client and not s.is_signed)
            )
            self.assertTrue(waiting, user.login)
        self.assertEqual(
            self.env["renovation.customer.evaluation"].with_user(self.portal_zhang).search([]),
            self.project_zhang.customer_evaluation_ids,
        )
        self.assertEqual(
            self.env["renovation.warranty.card"].with_user(self.portal_wang).search([]),
            self.env["renovation.warranty.card"],
        )

    def test_renovation_enquiries_show_no_crm_sample_lead(self):
        action = self.env.ref("renovation_service.action_renovation_leads")
        enquiries = self.env["crm.lead"].search(safe_eval(action.domain))
        self.assertIn(self.env.ref("renovation_service.demo_lead_wang"), enquiries)
        # CRM's own opportunities (Odoo's English sample leads in a demo database)
        crm_only = self.env["crm.lead"].search(
            [("type", "=", "opportunity"), ("studio_id", "=", False)]
        )
        self.assertFalse(crm_only & enquiries)
        self.assertEqual(enquiries.studio_id.company_id, self.company)
