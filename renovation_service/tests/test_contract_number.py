import psycopg2
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RenovationCase


@tagged("post_install", "-at_install")
class TestContractNumber(RenovationCase):
    def _confirm(self, studio):
        order = self.env["sale.order"].create(self._contract_values(studio))
        order.action_confirm()
        return order

    @freeze_time("2025-11-22 10:00:00")
    def test_number_format_and_daily_sequence_per_studio(self):
        first = self._confirm(self.studio_a)
        second = self._confirm(self.studio_a)
        other_studio = self._confirm(self.studio_b)
        self.assertEqual(first.contract_number, "T25112201")
        self.assertEqual(second.contract_number, "T25112202")
        self.assertEqual(other_studio.contract_number, "U25112201")
        self.assertEqual(str(first.contract_date), "2025-11-22")

    def test_sequence_restarts_next_day(self):
        with freeze_time("2025-11-22 10:00:00"):
            self._confirm(self.studio_a)
            last_of_day = self._confirm(self.studio_a)
        with freeze_time("2025-11-23 09:00:00"):
            next_day = self._confirm(self.studio_a)
        self.assertEqual(last_of_day.contract_number, "T25112202")
        self.assertEqual(next_day.contract_number, "T25112301")
        ranges = self.studio_a.contract_sequence_id.date_range_ids
        self.assertEqual(
            sorted((str(r.date_from), str(r.date_to)) for r in ranges),
            [("2025-11-22", "2025-11-22"), ("2025-11-23", "2025-11-23")],
        )

    def test_day_range_created_once(self):
        sequence = self.studio_a.contract_sequence_id
        day = "2025-12-01"
        first = sequence._create_date_range_seq(day)
        again = sequence._create_date_range_seq(day)
        self.assertEqual(first, again, "a second call must reuse the day's range")

    def test_contract_number_unique_in_database(self):
        order = self._confirm(self.studio_a)
        other = self.env["sale.order"].create(self._contract_values(self.studio_b))
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.cr.savepoint():
                other.write({"contract_number": order.contract_number})
                other.flush_recordset()

    @freeze_time("2026-12-01 10:00:00")
    def test_two_companies_with_the_same_studio_letter(self):
        """Each company numbers its own contracts: both sign T26120101 today."""
        other_company = self.env["res.company"].create({"name": "杭州另一家装公司"})
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=other_company, install_demo=False
        )
        other_studio = self.env["renovation.studio"].create(
            {"name": "杭州 T 工作室", "code": "T", "company_id": other_company.id}
        )
        first = self._confirm(self.studio_a)
        order = (
            self.env["sale.order"]
            .with_company(other_company)
            .create({**self._contract_values(other_studio), "company_id": other_company.id})
        )
        order.with_company(other_company).action_confirm()
        self.assertEqual(first.contract_number, "T26120101")
        self.assertEqual(order.contract_number, "T26120101")
        self.assertEqual(order.company_id, other_company)
        self.assertEqual(order.renovation_project_id.company_id, other_company)

    def test_duplicate_studio_letter_is_a_clear_error(self):
        studios = self.env["renovation.studio"].search_count([])
        with self.assertRaisesRegex(ValidationError, "own letter code"):
            self.env["renovation.studio"].create({"name": "Another T", "code": "T"})
        with self.assertRaisesRegex(ValidationError, "own letter code"):
            self.studio_b.write({"code": "T"})
        self.assertEqual(self.env["renovation.studio"].search_count([]), studios)
        self.assertEqual(self.studio_b.code, "U")

    def test_studio_letter_must_be_one_capital(self):
        for code in ("a", "1", "AB"):
            with self.subTest(code=code), self.assertRaises(ValidationError):
                self.env["renovation.studio"].create({"name": "Bad", "code": code})

    def test_signing_requires_acknowledgements_and_annexes(self):
        for missing in ("ack_client_costs", "ack_no_structural_change", "annex_drawings"):
            with self.subTest(missing=missing):
                order = self.env["sale.order"].create(self._contract_values(**{missing: False}))
                with self.assertRaises(UserError):
                    order.action_confirm()
                self.assertEqual(order.state, "draft")
                self.assertFalse(order.contract_number)
                self.assertFalse(order.renovation_project_id)
                self.assertFalse(order.invoice_ids)

    def test_ordinary_sale_order_unaffected(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "order_line": [(0, 0, {"product_id": self.works.id, "price_unit": 50})],
            }
        )
        order.action_confirm()
        self.assertFalse(order.contract_number)
        self.assertFalse(order.renovation_project_id)
        self.assertFalse(order.invoice_ids)

    def test_confirmation_creates_project_and_first_invoice(self):
        order, project = self._signed_contract()
        self.assertTrue(project.is_renovation)
        self.assertEqual(project.contract_id, order)
        self.assertEqual(project.stage_id, self.stage["contract"])
        self.assertEqual(project.partner_id, self.client)
        self.assertEqual(project.designer_id, self.designer)
        self.assertIn(self.designer, project.renovation_member_ids)
        first = self._instalment(order, "first")
        self.assertEqual(first.invoice_id.state, "posted")
        self.assertAlmostEqual(first.invoice_id.amount_total, 30000.0)

    def test_contract_opens_its_project_in_the_renovation_form(self):
        """From the contract (and any link to it) the team lands on the
        renovation project's form, not on Odoo's project form."""
        order, project = self._signed_contract()
        form_view = self.env.ref("renovation_service.view_project_renovation_form")
        action = order.with_user(self.designer).action_view_renovation_project()
        self.assertEqual(action["res_id"], project.id)
        self.assertEqual(action["views"], [(form_view.id, "form")])
        self.assertEqual(project.get_formview_id(), form_view.id)
        other = self.env["project.project"].create({"name": "Office"})
        self.assertNotEqual(other.get_formview_id(), form_view.id)
