from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from odoo.addons.renovation_aftercare.tests.common import AftercareCase
from odoo.addons.renovation_quality.tests.common import QualityCase
from odoo.addons.renovation_service.tests.common import RenovationHttpCase

# queries of one GET /my/renovation with every section (renovation_service,
# renovation_quality, renovation_aftercare, the schedule and the weekly reports),
# caches warm; measured 61 (58 with no form to sign)
FULL_HOME_QUERY_BUDGET = 63


@tagged("post_install", "-at_install", "renovation_e2e")
class TestRenovationHome(QualityCase, AftercareCase, RenovationHttpCase):
    """The client's "My renovation" page with all three addons: timeline, forms
    to sign, invoices, inspections, warranty card, callbacks, repairs and
    complaints; the client walks it in a browser."""

    # stage moves here are about the home page, not the quality hold points
    gates_of_addons = ("renovation_service",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_user = cls._portal_user("e2e_home_wang", cls.client.id)
        cls.other_client = cls.env["res.partner"].create({"name": "赵女士"})
        cls._portal_user("e2e_home_zhao", cls.other_client.id)
        # the client's finished home, through its signed forms: accepted, paid,
        # its warranty card issued, handed over, under warranty
        cls.home_order, cls.home = cls._signed_contract()
        cls._pay(cls._instalment(cls.home_order, "first").invoice_id)
        cls._sign_gate_forms(cls.home, cls.stage["completion"])  # with the mid-term notice
        cls._signed_form(cls.home, "completion_acceptance")  # the final invoice with it
        cls._pay(cls._instalment(cls.home_order, "midterm").invoice_id)
        cls._pay(cls._instalment(cls.home_order, "final").invoice_id)
        cls._sign_gate_forms(cls.home, cls.stage["warranty"])  # 结算登记表
        cls.home.with_user(cls.pm).write({"stage_id": cls.stage["warranty"].id})
        cls.card = cls.home.warranty_card_id
        cls.inspection = cls._completed("tiling", project=cls.home)
        cls.repair = cls._repair(cls.home, "主卫天花板滴水")
        cls.complaint = cls.Complaint.create(
            {"project_id": cls.home.id, "description": "保洁没有做完就离场"}
        )
        cls._callbacks(cls.card, 2)
        # another client's home, with the same kinds of records
        cls.other_order, cls.other_home = cls._completed_project(
            date(2026, 5, 29), partner_id=cls.other_client.id, site_address="赵家秘密地址 9 号"
        )
        cls.other_inspection = cls._completed("carpentry", project=cls.other_home)
        cls.other_repair = cls._repair(cls.other_home, "赵家厨房漏水")

    @classmethod
    def _repair(cls, project, description):
        return cls.Repair.create(
            {"project_id": project.id, "description": description, "location": "主卫"}
        )

    @classmethod
    def _callbacks(cls, card, count):
        existing = len(card.callback_ids)
        return cls.Callback.create(
            [
                {
                    "card_id": card.id,
                    "project_id": card.project_id.id,
                    "partner_id": card.partner_id.id,
                    "company_id": card.company_id.id,
                    "due_date": card.start_date + relativedelta(months=3 * (existing + i + 1)),
                    "offset_months": 3 * (existing + i + 1),
                }
                for i in range(count)
            ]
        )

    def _home_queries(self):
        count, page = self._page_queries(f"/my/renovation/{self.home.id}", FULL_HOME_QUERY_BUDGET)
        return count, page.text

    def test_full_page(self):
        self.authenticate("e2e_home_wang", "e2e_home_wang")
        count, page = self._home_queries()
        for url in (
            self.inspection.access_url,
            self.card.access_url,
            self.repair.access_url,
            self.complaint.access_url,
        ):
            self.assertIn(f'href="{url}"', page)
        self.assertIn(f"/my/repairs/new?project_id={self.home.id}", page)
        self.assertEqual(page.count("o_renovation_home_callback"), 2)
        self.assertEqual(page.count("o_renovation_stage_done"), 9)
        self.assertEqual(page.count("o_renovation_stage_current"), 1)
        for foreign in (self.other_inspection.name, self.other_repair.name, "赵家"):
            self.assertNotIn(foreign, page)
        # each section links its own portal pages, which open for the client
        for url in (self.inspection.access_url, self.card.access_url, self.repair.access_url):
            self.assertEqual(self.url_open(url).status_code, 200, url)

    def test_query_count_is_constant(self):
        """Few or many records in every section: the same queries."""
        self.authenticate("e2e_home_wang", "e2e_home_wang")
        self._waiting_forms(self.home, 3)
        few, page = self._home_queries()
        # the tiling inspection and the hidden works accepted before it (hold point)
        self.assertEqual(page.count("o_renovation_home_inspection"), 2)
        self._waiting_forms(self.home, 27)
        for node in ("carpentry", "completion"):
            self._completed(node, project=self.home)
        for i in range(9):
            self._repair(self.home, f"维修 {i}")
            self.Complaint.create({"project_id": self.home.id, "description": f"投诉 {i}"})
        self._callbacks(self.card, 18)
        many, page = self._home_queries()
        self.assertEqual(page.count("o_renovation_home_inspection"), 4)
        self.assertEqual(page.count("o_renovation_home_repair"), 10)
        self.assertEqual(page.count("o_renovation_home_complaint"), 10)
        self.assertEqual(page.count("o_renovation_home_callback"), 20)
        self.assertGreaterEqual(page.count("o_renovation_home_form"), 30)
        self.assertEqual(few, many, "the page must not query per record")

    def test_other_clients_home_is_not_found(self):
        self.authenticate("e2e_home_zhao", "e2e_home_zhao")
        page = self.url_open(f"/my/renovation/{self.home.id}")
        self.assertEqual(page.status_code, 404)
        for leak in (self.home.name, self.inspection.name, self.card.name, self.repair.name):
            self.assertNotIn(leak, page.text)
        own = self.url_open("/my/renovation")
        self.assertEqual(own.status_code, 200)
        self.assertIn(self.other_repair.name, own.text)
        for leak in (self.home.name, self.inspection.name, self.card.name, self.repair.name):
            self.assertNotIn(leak, own.text)

    def test_home_tour(self):
        """/my → My renovation → timeline, inspections, warranty card → a repair."""
        self.start_tour("/my", "renovation_e2e_home", login="e2e_home_wang")
