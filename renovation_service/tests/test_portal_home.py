import re

from odoo import SUPERUSER_ID, Command
from odoo.tests import tagged

from .common import RenovationHttpCase

# queries of one GET /my/renovation by a portal client, caches warm: session,
# layout, projects, stages, the schedule's nodes and photos, forms, invoices, the
# weekly reports; measured 44 with renovation_quality and renovation_aftercare
# installed too (their sections empty here), fewer without
HOME_QUERY_BUDGET = 46


@tagged("post_install", "-at_install")
class TestRenovationHomePortal(RenovationHttpCase):
    """The client's "My renovation" page: timeline, forms to sign, invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_user = cls._portal_user("home_wang", cls.client.id)
        cls.other_client = cls.env["res.partner"].create({"name": "赵女士"})
        cls.other_user = cls._portal_user("home_zhao", cls.other_client.id)
        cls.old_order, cls.old_project = cls._signed_contract(site_address="老房子 1 号")
        cls.order, cls.project = cls._signed_contract()
        cls.project.with_user(cls.pm).write({"stage_id": cls.stage["handover"].id})
        cls.form = cls._change_order_form(cls.project)
        cls.other_order, cls.other_project = cls._signed_contract(
            partner_id=cls.other_client.id, site_address="赵家秘密地址 9 号"
        )
        cls.other_form = cls._change_order_form(cls.other_project)

    def _add_invoices(self, count):
        """Extra posted down-payment invoices on the contract."""
        order = self.order.with_user(SUPERUSER_ID)
        for _i in range(count):
            wizard = (
                self.env["sale.advance.payment.inv"]
                .with_user(SUPERUSER_ID)
                .create(
                    {
                        "sale_order_ids": [Command.set(order.ids)],
                        "advance_payment_method": "fixed",
                        "fixed_amount": 100.0,
                    }
                )
            )
            wizard._create_invoices(order).action_post()

    # ------------------------------------------------------------------
    # model
    # ------------------------------------------------------------------
    def test_stage_timeline(self):
        timeline = self.project._renovation_stage_timeline()
        stages = [step["stage"] for step in timeline]
        self.assertEqual(stages[:3], [self.stage[s] for s in ("contract", "design", "handover")])
        self.assertIn(self.stage["warranty"], stages)
        self.assertNotIn(self.env.ref("project.project_project_stage_0"), stages, "To Do")
        states = {step["stage"]: step["state"] for step in timeline}
        self.assertEqual(states[self.stage["contract"]], "done")
        self.assertEqual(states[self.stage["design"]], "done")
        self.assertEqual(states[self.stage["handover"]], "current")
        self.assertEqual(states[self.stage["site_start"]], "upcoming")
        self.assertEqual(states[self.stage["warranty"]], "upcoming")
        self.assertEqual(
            [s["state"] for s in self.old_project._renovation_stage_timeline()][:2],
            ["current", "upcoming"],
        )

    # ------------------------------------------------------------------
    # page
    # ------------------------------------------------------------------
    def test_home_shows_latest_project(self):
        self.authenticate("home_wang", "home_wang")
        page = self.url_open("/my/renovation")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.project.name, page.text)
        self.assertIn("o_renovation_stage_current", page.text)
        # Odoo's project portal breadcrumb stays out of it: the client has no /my/projects
        self.assertNotIn('href="/my/projects"', page.text)
        # the form to sign, linked to its signing page
        self.assertIn(f'href="/my/renovation/forms/{self.form.id}"', page.text)
        # the first instalment's invoice, linked to Odoo's invoice page
        invoice = self._instalment(self.order, "first").invoice_id
        self.assertTrue(invoice)
        self.assertIn(f'href="/my/invoices/{invoice.id}"', page.text)
        self.assertEqual(self.url_open(f"/my/invoices/{invoice.id}").status_code, 200)
        # the selector offers both projects of the client, no one else's
        self.assertIn(f'href="/my/renovation/{self.old_project.id}"', page.text)
        self.assertNotIn(f"/my/renovation/{self.other_project.id}", page.text)
        self.assertNotIn(self.other_project.name, page.text)
        self.assertNotIn(f"/my/renovation/forms/{self.other_form.id}", page.text)

    def test_selector_opens_the_older_project(self):
        self.authenticate("home_wang", "home_wang")
        page = self.url_open(f"/my/renovation/{self.old_project.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("老房子 1 号", page.text)
        self.assertIn("Nothing to sign for now.", page.text)
        self.assertNotIn(f"/my/renovation/forms/{self.form.id}", page.text)

    def test_foreign_project_is_not_found(self):
        self.authenticate("home_zhao", "home_zhao")
        for project in (self.project, self.old_project):
            page = self.url_open(f"/my/renovation/{project.id}")
            self.assertEqual(page.status_code, 404)
            self.assertNotIn(project.name, page.text)
            self.assertNotIn(self.client.name, page.text)
            self.assertNotIn(f"/my/renovation/forms/{self.form.id}", page.text)
        own = self.url_open("/my/renovation")
        self.assertIn("赵家秘密地址 9 号", own.text)
        self.assertNotIn(self.project.name, own.text)
        # not a renovation project, or none at all
        plain = self.env["project.project"].create(
            {"name": "Plain project", "partner_id": self.other_client.id}
        )
        self.assertEqual(self.url_open(f"/my/renovation/{plain.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/renovation/999999999").status_code, 404)

    def test_client_without_project(self):
        partner = self.env["res.partner"].create({"name": "钱先生"})
        self._portal_user("home_qian", partner.id)
        self.authenticate("home_qian", "home_qian")
        page = self.url_open("/my/renovation")
        self.assertEqual(page.status_code, 200)
        self.assertIn("You have no renovation project yet.", page.text)
        self.assertEqual(
            self._counters(["renovation_project_count"]), {"renovation_project_count": 0}
        )

    def _counters(self, names):
        return self.make_jsonrpc_request("/my/counters", {"counters": names})

    def test_home_card_counter(self):
        self.authenticate("home_wang", "home_wang")
        self.assertEqual(
            self._counters(["renovation_project_count"]), {"renovation_project_count": 2}
        )
        # the counters are kept in the session: the card is now shown as is
        self.assertIn('href="/my/renovation" title="My Renovation"', self.url_open("/my").text)

    def test_page_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["renovation_service"], ["zh_CN"], overwrite=True
        )
        self.client.lang = "zh_CN"
        self.authenticate("home_wang", "home_wang")
        page = self.url_open("/my/renovation").text
        for term in ("我的装修", "进度", "待签表单", "查看并签字", "发票", "当前阶段"):
            self.assertIn(term, page)

    def test_query_count_is_constant(self):
        """However many forms and invoices the project has, the page costs the
        same queries (HTTP requests run on the test cursor: they are counted)."""
        self.authenticate("home_wang", "home_wang")
        self._waiting_forms(self.project, 2)  # 3 forms to sign with the change order
        few = self._home_queries()
        self._waiting_forms(self.project, 27)  # 30
        self._add_invoices(5)
        many = self._home_queries()
        self.assertEqual(few, many, "the page must not query per form or invoice")

    def _home_queries(self):
        return self._page_queries("/my/renovation", HOME_QUERY_BUDGET)[0]

    # ------------------------------------------------------------------
    # browser
    # ------------------------------------------------------------------
    def test_home_tour(self):
        """From /my, the client opens "My renovation" and a form to sign."""
        self.start_tour("/my", "renovation_home_client", login="home_wang")

    def test_client_gives_and_withdraws_visit_consent(self):
        """The client's consent to visits of their site (可参观工地) lives on the
        portal: only they give or withdraw it; withdrawing unlists the site."""
        self.authenticate("home_wang", "home_wang")
        page = self.url_open(f"/my/renovation/{self.project.id}")
        self.assertIn("o_renovation_visit_consent_refused", page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        url = f"/my/renovation/{self.project.id}/visit-consent"
        self.url_open(url, data={"csrf_token": csrf, "consent": "1"})
        self.assertTrue(self.project.renovation_visit_consent)
        self.assertEqual(self.project.renovation_visit_consent_source, "portal")
        self.authenticate("home_zhao", "home_zhao")
        zhao_page = self.url_open("/my/renovation")
        zhao_csrf = re.search(r'name="csrf_token" value="([^"]+)"', zhao_page.text).group(1)
        refused = self.url_open(url, data={"csrf_token": zhao_csrf, "consent": "0"})
        self.assertEqual(refused.status_code, 404, "another client's project")
        self.assertTrue(self.project.renovation_visit_consent)
        self.authenticate("home_wang", "home_wang")
        page = self.url_open(f"/my/renovation/{self.project.id}")
        self.assertIn("o_renovation_visit_consent_given", page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.url_open(url, data={"csrf_token": csrf, "consent": "0"})
        self.assertFalse(self.project.renovation_visit_consent)
