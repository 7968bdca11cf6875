from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import RenovationCase


@tagged("post_install", "-at_install")
class TestPaymentPlan(RenovationCase):
    def test_instalments_sum_to_contract_total_with_rounding(self):
        tax = self.env["account.tax"].create(
            {"name": "VAT 9%", "amount": 9.0, "amount_type": "percent", "type_tax_use": "sale"}
        )
        self.works.taxes_id = tax
        self.company.renovation_first_payment_percent = 33.33
        self.company.renovation_midterm_payment_percent = 33.33
        order, project = self._signed_contract(amount=100000.07)
        project.with_user(self.pm).action_midterm_settlement()
        project.with_user(self.pm).action_completion_acceptance()
        invoices = order.payment_plan_line_ids.invoice_id
        self.assertEqual(len(invoices), 3)
        self.assertTrue(all(inv.state == "posted" for inv in invoices))
        self.assertEqual(
            order.currency_id.compare_amounts(
                sum(invoices.mapped("amount_total")), order.amount_total
            ),
            0,
            "the three instalments must add up to the contract total",
        )
        self.assertAlmostEqual(
            self._instalment(order, "first").invoice_id.amount_total,
            order.currency_id.round(order.amount_total * 0.3333),
        )

    def test_final_due_three_days_after_acceptance(self):
        order, project = self._signed_contract()
        project.with_user(self.pm).action_midterm_settlement(date(2026, 3, 1))
        project.with_user(self.pm).action_completion_acceptance(date(2026, 5, 29))
        final = self._instalment(order, "final").invoice_id
        self.assertEqual(final.invoice_date, date(2026, 5, 29))
        self.assertEqual(final.invoice_date_due, date(2026, 6, 1))

    def test_completion_needs_midterm_settlement_first(self):
        order, project = self._signed_contract()
        with self.assertRaises(UserError):
            project.with_user(self.pm).action_completion_acceptance()
        self.assertFalse(project.completion_acceptance_date)
        self.assertFalse(self._instalment(order, "final").invoice_id)

    def test_settlement_only_once(self):
        order, project = self._signed_contract()
        project.with_user(self.pm).action_midterm_settlement()
        with self.assertRaises(UserError):
            project.with_user(self.pm).action_midterm_settlement()
        self.assertEqual(len(order.invoice_ids), 2)

    def test_only_cash_collectors_register_payments(self):
        order, _project = self._signed_contract()
        invoice = self._instalment(order, "first").invoice_id
        with self.assertRaises(UserError):
            invoice.with_user(self.pm).action_register_payment()
        with self.assertRaises(UserError):
            self._pay(invoice, user=self.pm)
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertFalse(self._instalment(order, "first")._is_paid())
        self._pay(invoice, user=self.collector)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self._instalment(order, "first").state, "paid")

    def test_plan_shares_must_leave_a_final_payment(self):
        order = self.env["sale.order"].create(self._contract_values())
        midterm = self._instalment(order, "midterm")
        with self.assertRaises(ValidationError):
            midterm.percent = 70.0  # 30 + 70 = 100: nothing left for the final payment
        self.assertEqual(midterm.percent, 60.0)
        with self.assertRaises(ValidationError):
            midterm.percent = -5.0

    def test_plan_needs_each_instalment_once(self):
        order = self.env["sale.order"].create(self._contract_values())
        self._instalment(order, "midterm").unlink()
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_overdue_cron_creates_one_activity_per_manager(self):
        order, project = self._signed_contract()
        invoice = self._instalment(order, "first").invoice_id
        activity_type = self.env.ref("renovation_service.mail_activity_type_overdue_instalment")

        def overdue_activities():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "project.project"),
                    ("res_id", "=", project.id),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        self.env["account.move"]._cron_renovation_overdue_instalments()
        self.assertFalse(overdue_activities(), "not due yet: no activity")
        with freeze_time(invoice.invoice_date_due + timedelta(days=1)):
            self.env["account.move"]._cron_renovation_overdue_instalments()
            self.assertEqual(overdue_activities().user_id, self.pm | self.gm)
            self.env["account.move"]._cron_renovation_overdue_instalments()
            self.assertEqual(len(overdue_activities()), 2, "a second run doubles nothing")
            self._pay(invoice)
            overdue_activities().unlink()
            self.env["account.move"]._cron_renovation_overdue_instalments()
            self.assertFalse(overdue_activities(), "paid: no new activity")
