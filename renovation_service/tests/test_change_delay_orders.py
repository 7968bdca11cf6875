from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import RenovationCase


@tagged("post_install", "-at_install")
class TestChangeAndDelayOrders(RenovationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract(amount=100000.0)

    def _attach_scan(self, order):
        """The scan of the paper form the client signed, on the order."""
        return self.env["ir.attachment"].create(
            {
                "name": f"{order.name} 客户签字.pdf",
                "raw": b"%PDF-1.4 scan",
                "mimetype": "application/pdf",
                "res_model": order._name,
                "res_id": order.id,
            }
        )

    def _approve(self, order):
        """A manager approves a change signed on paper (its scan attached)."""
        self._attach_scan(order)
        order.with_user(self.manager).action_approve()

    def _change(self, *lines):
        return (
            self.env["renovation.change.order"]
            .with_user(self.pm)
            .create(
                {
                    "project_id": self.project.id,
                    "reason": "客户要求变更",
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": name,
                                "quantity": qty,
                                "price_unit": price,
                                "product_id": self.change_work.id,
                            },
                        )
                        for name, qty, price in lines
                    ],
                }
            )
        )

    def test_reduction_of_exactly_ten_percent_is_allowed(self):
        change = self._change(("取消吊顶", -1, 10000.0))
        self._approve(change)
        self.assertEqual(change.state, "approved")
        self.assertEqual(self.order.amount_untaxed, 90000.0)

    def test_reduction_above_ten_percent_is_refused(self):
        change = self._change(("取消吊顶", -1, 10000.01))
        lines_before = len(self.order.order_line)
        with self.assertRaises(ValidationError):
            self._approve(change)
        self.assertEqual(change.state, "draft")
        self.assertEqual(len(self.order.order_line), lines_before, "the contract is untouched")
        self.assertEqual(self.order.amount_untaxed, 100000.0)

    def test_reductions_are_cumulative(self):
        self._approve(self._change(("取消吊顶", -1, 6000.0)))
        second = self._change(("取消柜体", -2, 2000.01))
        with self.assertRaises(ValidationError):
            self._approve(second)
        self.assertEqual(second.state, "draft")
        self.assertEqual(self.order.amount_untaxed, 94000.0)
        # additions do not offset the limit on reductions
        self._approve(self._change(("增加地暖", 1, 20000.0)))
        with self.assertRaises(ValidationError):
            self._approve(second)
        self._approve(self._change(("取消柜体", -2, 2000.0)))
        approved = self.project.change_order_ids.filtered(lambda c: c.state == "approved")
        self.assertEqual(sum(approved.mapped("amount_reduced")), 10000.0)

    def test_approved_change_updates_midterm_settlement(self):
        self._approve(self._change(("增加地暖", 1, 20000.0)))
        self.assertEqual(self.project.current_contract_amount, 120000.0)
        self.assertEqual(self.project.contract_amount, 100000.0, "signed amount stays")
        self.project.with_user(self.pm).action_midterm_settlement()
        midterm = self._instalment(self.order, "midterm").invoice_id
        self.assertAlmostEqual(midterm.amount_total, 72000.0)  # 60 % of 120 000

    def test_draft_change_blocks_settlement(self):
        self._change(("增加地暖", 1, 20000.0))
        with self.assertRaises(UserError):
            self.project.with_user(self.pm).action_midterm_settlement()
        self.assertFalse(self.project.midterm_settlement_date)

    def test_approved_change_is_locked(self):
        change = self._change(("增加地暖", 1, 20000.0))
        self._approve(change)
        with self.assertRaises(UserError):
            change.write({"line_ids": [(0, 0, {"name": "x", "quantity": 1, "price_unit": 1})]})
        with self.assertRaises(UserError):
            change.unlink()
        with self.assertRaises(UserError):
            change.action_cancel()
        self.assertEqual(change.state, "approved")

    def test_change_line_rules(self):
        with self.assertRaises(ValidationError):
            self._change(("负单价", 1, -100.0))
        with self.assertRaises(ValidationError):
            self._change(("零数量", 0, 100.0))

    def test_client_signature_approves_the_change(self):
        change = self._change(("增加地暖", 1, 20000.0))
        with self.assertRaises(UserError):
            change.with_user(self.pm).action_approve()  # nobody signed yet
        self.assertEqual(change.state, "draft")
        with self.assertRaises(UserError):
            change.with_user(self.designer).action_approve()
        form = change.with_user(self.pm).action_request_signature()
        self.assertEqual(form.form_type_code, "change_order")
        # seed 002 step 16: 工程变更单 signed by the client and the foreman
        self.assertEqual(form.signature_ids.role_id.mapped("code"), ["client", "foreman"])
        self.assertEqual(form.line_ids.mapped("name"), ["增加地暖"])
        with self.assertRaises(UserError):
            change.write(
                {
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "x",
                                "quantity": 1,
                                "price_unit": 1,
                                "product_id": self.change_work.id,
                            },
                        )
                    ]
                }
            )
        self._sign_all(form)
        self.assertEqual(change.state, "approved")
        self.assertEqual(self.order.amount_untaxed, 120000.0)

    def test_reduction_over_limit_is_not_sent_for_signature(self):
        change = self._change(("取消全部吊顶", -1, 15000.0))
        with self.assertRaises(ValidationError):
            change.with_user(self.pm).action_request_signature()
        self.assertFalse(change.form_ids)
        self.assertEqual(change.state, "draft")
        self.assertEqual(self.order.amount_untaxed, 100000.0)

    def test_delay_order_moves_planned_end(self):
        end = self.project.date
        delay = (
            self.env["renovation.delay.order"]
            .with_user(self.pm)
            .create({"project_id": self.project.id, "days": 10, "reason": "材料延迟到货"})
        )
        self.assertEqual(delay.new_end_date, end + timedelta(days=10))
        with self.assertRaises(UserError):
            delay.action_approve()  # the client has not signed
        self.assertEqual(self.project.date, end)
        self._sign_all(delay.action_request_signature())
        self.assertEqual(delay.state, "approved")
        self.assertEqual(self.project.date, end + timedelta(days=10))
        self.assertEqual(delay.previous_end_date, end)
        self.assertEqual(delay.new_end_date, end + timedelta(days=10))
        with self.assertRaises(UserError):
            delay.write({"days": 3})
        self.assertEqual(self.project.date, end + timedelta(days=10))

    def test_delay_must_be_positive(self):
        for days in (0, -3):
            with self.subTest(days=days), self.assertRaises(ValidationError):
                self.env["renovation.delay.order"].create(
                    {"project_id": self.project.id, "days": days, "reason": "x"}
                )

    def test_delay_needs_planned_end(self):
        self.project.date = False
        delay = self.env["renovation.delay.order"].create(
            {"project_id": self.project.id, "days": 5, "reason": "x"}
        )
        self._attach_scan(delay)
        with self.assertRaisesRegex(UserError, "planned end"):
            delay.with_user(self.manager).action_approve()
        self.assertEqual(delay.state, "draft")

    def test_reduction_limit_is_measured_on_the_contract_total_as_signed(self):
        """合同总价 (seed 002 step 16): the total the client signed, taxes included."""
        vat = self.env["account.tax"].create(
            {"name": "增值税 13%", "amount": 13.0, "type_tax_use": "sale"}
        )
        order_taxed = self.env["sale.order"].create(self._contract_values(amount=100000.0))
        order_taxed.order_line.tax_id = vat
        order_taxed.action_confirm()
        self.assertAlmostEqual(order_taxed.contract_total, 113000.0)
        self.assertAlmostEqual(order_taxed.contract_amount, 100000.0)
        project = order_taxed.renovation_project_id
        change = self.env["renovation.change.order"].create(
            {
                "project_id": project.id,
                "reason": "取消部分吊顶",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "取消吊顶",
                            "quantity": -1,
                            "price_unit": 11000.0,
                            "product_id": self.change_work.id,
                        },
                    )
                ],
            }
        )
        self._approve(change)  # 11 000 ≤ 10 % of 113 000
        self.assertEqual(change.state, "approved")
        too_much = self.env["renovation.change.order"].create(
            {
                "project_id": project.id,
                "reason": "再取消",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "取消墙纸",
                            "quantity": -1,
                            "price_unit": 301.0,
                            "product_id": self.change_work.id,
                        },
                    )
                ],
            }
        )
        with self.assertRaises(ValidationError):
            self._approve(too_much)  # 11 301 > 11 300
        self.assertEqual(too_much.state, "draft")

    def test_paper_approval_needs_the_scan_and_records_the_approver(self):
        change = self._change(("增加插座", 4, 150.0))
        with self.assertRaisesRegex(UserError, "scan"):
            change.with_user(self.manager).action_approve()
        self.assertEqual(change.state, "draft")
        self.assertFalse(change.approved_on_paper)
        scan = self._attach_scan(change)
        change.with_user(self.manager).action_approve()
        self.assertEqual(change.state, "approved")
        self.assertTrue(change.approved_on_paper)
        self.assertEqual(change.paper_attachment_id, scan)
        self.assertEqual(change.approved_by_id, self.manager)
        self.assertIn("Approved on paper", change.message_ids[0].body)
