from datetime import date

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.renovation_service.tests.common import RenovationHttpCase

from .common import AftercareCase


@tagged("post_install", "-at_install")
class TestWarrantyCard(AftercareCase):
    def test_card_issued_when_final_payment_received(self):
        order, project = self._accepted_project()
        self.assertFalse(project.warranty_card_ids, "accepted but unpaid: no card yet")
        self._pay(self._instalment(order, "first").invoice_id)
        self._pay(self._instalment(order, "midterm").invoice_id)
        self.assertFalse(project.warranty_card_ids, "only the final payment issues the card")

        self._pay(self._instalment(order, "final").invoice_id)

        card = project.warranty_card_ids
        self.assertEqual(len(card), 1)
        self.assertTrue(card.name.startswith("BXK"), card.name)
        self.assertEqual(card.start_date, self.ACCEPTANCE, "coverage runs from the acceptance")
        self.assertEqual(card.partner_id, self.client)
        coverage = {line.scope_id: (line.warranty_months, line.end_date) for line in card.line_ids}
        self.assertEqual(coverage[self.scope_basic], (24, date(2028, 5, 28)))
        for scope in (self.scope_kitchen, self.scope_bathroom, self.scope_exterior):
            self.assertEqual(coverage[scope], (60, date(2031, 5, 28)), scope.name)
        self.assertEqual(card.end_date, date(2031, 5, 28))
        self.assertEqual(card.callback_next_date, date(2026, 6, 29))

    def test_manual_issue_refused_without_final_payment(self):
        _order, project = self._accepted_project()
        with self.assertRaisesRegex(UserError, "final payment"):
            project.with_user(self.pm).action_issue_warranty_card()
        self.assertFalse(self.Card.search([("project_id", "=", project.id)]))

    def test_manual_issue_refused_without_completion_acceptance(self):
        _order, project = self._signed_contract()
        project.with_user(self.pm).action_midterm_settlement(date(2026, 3, 1))
        with self.assertRaisesRegex(UserError, "completion acceptance"):
            project.with_user(self.pm).action_issue_warranty_card()
        self.assertFalse(self.Card.search([("project_id", "=", project.id)]))

    def test_manual_issue_when_both_conditions_hold(self):
        order, project = self._completed_project()
        project.warranty_card_ids.unlink()  # as if the automatic issue had not run
        with self.assertRaises(UserError):
            project.with_user(self.foreman).action_issue_warranty_card()
        self.assertFalse(project.warranty_card_ids, "the foreman cannot issue cards")
        action = project.with_user(self.pm).action_issue_warranty_card()
        card = project.warranty_card_ids
        self.assertEqual(action["res_id"], card.id)
        self.assertEqual(card.start_date, self.ACCEPTANCE)
        with self.assertRaisesRegex(UserError, "already"):
            project.with_user(self.pm).action_issue_warranty_card()
        self.assertEqual(len(project.warranty_card_ids), 1)

    def test_card_issued_once(self):
        _order, project = self._completed_project()
        self.assertFalse(project._renovation_issue_warranty_cards(), "a second issue: nothing")
        self.assertEqual(len(project.warranty_card_ids), 1)

    def test_default_scopes_are_configurable(self):
        self.scope_exterior.auto_include = False
        self.scope_basic.warranty_months = 36
        _order, project = self._completed_project()
        lines = project.warranty_card_id.line_ids
        self.assertNotIn(self.scope_exterior, lines.scope_id)
        self.assertEqual(
            lines.filtered(lambda line: line.scope_id == self.scope_basic).end_date,
            date(2029, 5, 28),
        )

    def test_coverage_by_scope_and_boundary_day(self):
        card = self._card_for(self.ACCEPTANCE, self.scope_basic | self.scope_bathroom)
        # basic works: two years, the last day included
        self.assertTrue(card._is_covered(self.scope_basic, date(2028, 5, 28)))
        self.assertFalse(card._is_covered(self.scope_basic, date(2028, 5, 29)))
        # bathroom waterproofing: five years
        self.assertTrue(card._is_covered(self.scope_bathroom, date(2031, 5, 28)))
        self.assertFalse(card._is_covered(self.scope_bathroom, date(2031, 5, 29)))
        self.assertTrue(card._is_covered(self.scope_bathroom, date(2028, 5, 29)))
        # before the acceptance, or a scope the card does not cover
        self.assertFalse(card._is_covered(self.scope_basic, date(2026, 5, 28)))
        self.assertTrue(card._is_covered(self.scope_basic, self.ACCEPTANCE))
        self.assertFalse(card._is_covered(self.scope_kitchen, date(2027, 1, 1)))

    def test_repair_warranty_status_on_boundary_day(self):
        card = self._card_for(self.ACCEPTANCE, self.scope_basic | self.scope_bathroom)
        project = card.project_id

        def repair_on(day, scope):
            return self.Repair.create(
                {
                    "project_id": project.id,
                    "scope_id": scope.id,
                    "description": "墙面开裂",
                    "request_datetime": self._at(day),
                }
            )

        last_day = repair_on(date(2028, 5, 28), self.scope_basic)
        day_after = repair_on(date(2028, 5, 29), self.scope_basic)
        leak = repair_on(date(2028, 5, 29), self.scope_bathroom)
        self.assertEqual(last_day.warranty_status, "in_warranty")
        self.assertEqual(last_day.coverage_end_date, date(2028, 5, 28))
        self.assertEqual(day_after.warranty_status, "out_of_warranty")
        self.assertEqual(leak.warranty_status, "in_warranty")
        no_scope = self.Repair.create({"project_id": project.id, "description": "?"})
        self.assertEqual(no_scope.warranty_status, "to_check")
        card.with_user(self.manager).action_cancel()
        self.assertEqual(
            last_day.warranty_status, "out_of_warranty", "a cancelled card covers nothing"
        )

    def test_cancel_only_by_manager(self):
        card = self._card_for(self.ACCEPTANCE)
        with self.assertRaises(UserError):
            card.with_user(self.pm).action_cancel()
        self.assertEqual(card.state, "issued")
        card.with_user(self.manager).action_cancel()
        self.assertEqual(card.state, "cancelled")
        self.assertFalse(card.callback_next_date)

    def test_is_active_search(self):
        running = self._card_for(date.today())
        expired = self._card_for(date(2015, 1, 1))
        found = self.Card.search([("is_active", "=", True)])
        self.assertIn(running, found)
        self.assertNotIn(expired, found)
        self.assertIn(expired, self.Card.search([("is_active", "=", False)]))

    def test_menu_offers_no_new_card(self):
        """Cards are issued from the accepted project (Issue Warranty Card):
        the Warranty Cards menu offers no New leading to a read-only form, and
        the scopes list shows their names, not their codes."""
        action = self.env.ref("renovation_aftercare.action_renovation_warranty_card")
        Card = self.env["renovation.warranty.card"]
        for mode in action.view_mode.split(","):
            arch = etree.fromstring(Card.get_views([(False, mode)])["views"][mode]["arch"])
            self.assertEqual(arch.get("create"), "0", mode)
        Scope = self.env["renovation.warranty.scope"]
        scopes = etree.fromstring(Scope.get_views([(False, "list")])["views"]["list"]["arch"])
        self.assertEqual(scopes.find(".//field[@name='code']").get("optional"), "hide")


@tagged("post_install", "-at_install")
class TestWarrantyCardPrint(AftercareCase, RenovationHttpCase):
    """The printed card, as a real PDF (wkhtmltopdf needs the HTTP server)."""

    def test_printable_card(self):
        card = self._card_for(self.ACCEPTANCE)
        report = self.env["ir.actions.report"]
        html, _type = report._render_qweb_html(
            "renovation_aftercare.action_report_warranty_card", card.ids
        )
        html = html.decode()
        self.assertIn(card.name, html)
        self.assertIn(self.scope_bathroom.name, html)
        pdf, _type = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "renovation_aftercare.action_report_warranty_card", card.ids
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
