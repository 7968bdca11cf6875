import base64

from odoo import Command, fields
from odoo.tests import tagged

from .common import SIGNATURE, RenovationHttpCase, new_staff_user

# what a hostile JSON-RPC caller adds to every call: the flags that once lifted
# the guards, tracking off, and defaults for guarded fields
HOSTILE_CONTEXT = {
    "renovation_form_signing": True,
    "renovation_form_reopening": True,
    "tracking_disable": True,
    "mail_notrack": True,
    "active_test": False,
    "default_state": "signed",
    "default_signed_on": "2026-01-01 00:00:00",
}


@tagged("post_install", "-at_install")
class TestIntegrityOverRpc(RenovationHttpCase):
    """Each guarded field and child record, attacked over JSON-RPC (as the web
    client calls the server) by every role, with a hostile context: refused
    with a clear error, and nothing written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = new_staff_user(
            cls.env,
            "reno_accountant",
            groups="renovation_service.group_renovation_cash_collector,"
            "account.group_account_manager",
            name="Accountant Qian",
        )
        cls.admin = cls.env.ref("base.user_admin")
        cls.order, cls.project = cls._signed_contract()
        cls.project.stage_id = cls.stage["design"]
        Form = cls.env["renovation.form"]
        # a signed form and its stored PDF
        cls.signed = cls._signed_form(cls.project, "onsite_handover")
        cls.signed._cron_render_signed_pdfs()
        cls.pdf = cls.signed.pdf_ids
        # a form waiting for its signers (client, then foreman): nobody signed
        cls.waiting = Form._create_from_source(cls.project, "site_condition_handover", cls.project)
        cls.waiting.action_request_signatures()
        # a change order sent to the client
        cls.change = cls._change_order_form(cls.project)._source_record()
        cls.first = cls._instalment(cls.order, "first")
        cls.midterm = cls._instalment(cls.order, "midterm")
        cls.cancelled_stage = cls.env.ref("project.project_project_stage_3")

    def _attacks(self):
        client_slot = self.waiting.signature_ids.filtered("is_client")
        foreman_slot = self.waiting.signature_ids.filtered(lambda s: s.role_code == "foreman")
        now = fields.Datetime.to_string(fields.Datetime.now())
        forged = {"signature": SIGNATURE.decode(), "signed_name": "伪造", "signed_on": now}
        return [
            (
                "sign the client's slot",
                "renovation.form.signature",
                "write",
                [client_slot.ids, forged],
            ),
            (
                "sign another role's slot",
                "renovation.form.signature",
                "write",
                [foreman_slot.ids, forged],
            ),
            (
                "add a pre-signed row to a signed form",
                "renovation.form.signature",
                "create",
                [
                    {
                        "form_id": self.signed.id,
                        "role_id": client_slot.role_id.id,
                        "partner_id": self.client.id,
                        **forged,
                    }
                ],
            ),
            (
                "add a pre-signed row through the form",
                "renovation.form",
                "write",
                [
                    self.signed.ids,
                    {
                        "signature_ids": [
                            Command.create({"role_id": client_slot.role_id.id, **forged})
                        ]
                    },
                ],
            ),
            (
                "delete a signature",
                "renovation.form.signature",
                "unlink",
                [self.signed.signature_ids[:1].ids],
            ),
            (
                "declare a waiting form signed",
                "renovation.form",
                "write",
                [self.waiting.ids, {"state": "signed", "signed_on": now}],
            ),
            (
                "rewrite a signed form",
                "renovation.form",
                "write",
                [self.signed.ids, {"content": "<p>伪造的内容</p>"}],
            ),
            (
                "add a line to a signed form",
                "renovation.form.line",
                "create",
                [{"form_id": self.signed.id, "name": "加项"}],
            ),
            (
                "reopen a signed form by writing",
                "renovation.form",
                "write",
                [self.signed.ids, {"state": "draft"}],
            ),
            (
                "forge the recorded hash",
                "renovation.form",
                "write",
                [self.signed.ids, {"pdf_sha256": "0" * 64}],
            ),
            (
                "relink a form to another source",
                "renovation.form",
                "write",
                [
                    self.waiting.ids,
                    {"res_model": "renovation.change.order", "res_id": self.change.id},
                ],
            ),
            (
                "replace the signed PDF",
                "ir.attachment",
                "write",
                [self.pdf.attachment_id.ids, {"datas": base64.b64encode(b"%PDF forged").decode()}],
            ),
            ("delete the signed PDF", "ir.attachment", "unlink", [self.pdf.attachment_id.ids]),
            (
                "delete the project's copy of the PDF",
                "ir.attachment",
                "unlink",
                [self.pdf.project_attachment_id.ids],
            ),
            (
                "rewrite the signature history",
                "renovation.form.event",
                "write",
                [self.signed.event_ids[-1:].ids, {"signer_name": "伪造"}],
            ),
            (
                "delete the signature history",
                "renovation.form.event",
                "unlink",
                [self.signed.event_ids.ids],
            ),
            (
                "mark the signed PDF superseded",
                "renovation.form.pdf",
                "write",
                [self.pdf.ids, {"superseded_on": now}],
            ),
            (
                "edit a sent change order's line",
                "renovation.change.order.line",
                "write",
                [self.change.line_ids.ids, {"price_unit": 1}],
            ),
            (
                "add a line to a sent change order",
                "renovation.change.order",
                "write",
                [
                    self.change.ids,
                    {
                        "line_ids": [
                            Command.create(
                                {
                                    "name": "减项",
                                    "quantity": -1,
                                    "price_unit": 50000,
                                    "product_id": self.change_work.id,
                                }
                            )
                        ]
                    },
                ],
            ),
            (
                "approve a change order by writing",
                "renovation.change.order",
                "write",
                [self.change.ids, {"state": "approved"}],
            ),
            (
                "write the mid-term settlement date",
                "project.project",
                "write",
                [self.project.ids, {"midterm_settlement_date": "2026-12-01"}],
            ),
            (
                "write the completion acceptance date",
                "project.project",
                "write",
                [self.project.ids, {"completion_acceptance_date": "2026-12-01"}],
            ),
            (
                "switch the stage gates off",
                "project.project",
                "write",
                [self.project.ids, {"is_renovation": False}],
            ),
            (
                "detach the first instalment's invoice",
                "renovation.payment.plan.line",
                "write",
                [self.first.ids, {"invoice_id": False}],
            ),
            (
                "change the plan of a signed contract",
                "renovation.payment.plan.line",
                "write",
                [self.midterm.ids, {"percent": 5}],
            ),
            ("delete an instalment", "renovation.payment.plan.line", "unlink", [self.midterm.ids]),
            (
                "pass an invoice off as an instalment",
                "account.move",
                "write",
                [self.first.invoice_id.ids, {"renovation_instalment_id": self.midterm.id}],
            ),
            (
                "renumber the contract",
                "sale.order",
                "write",
                [self.order.ids, {"contract_number": "Z99999999"}],
            ),
            (
                "reprice a signed contract line",
                "sale.order.line",
                "write",
                [self.order.order_line[:1].ids, {"price_unit": 1}],
            ),
        ]

    def _evidence(self):
        """Everything the attacks aim at, read fresh from the database."""
        self.env.invalidate_all()
        forms = self.signed | self.waiting
        return {
            "forms": [
                (f.state, f.content, len(f.line_ids), f.pdf_sha256, f.res_model, f.res_id)
                for f in forms
            ],
            "slots": [
                (s.form_id.id, s.signed_name, s.signed_on, bool(s.signature))
                for s in forms.signature_ids
            ],
            "events": [(e.id, e.hash, e.signer_name) for e in forms.event_ids],
            "pdfs": [
                (p.attachment_id.checksum, p.project_attachment_id.checksum, p.superseded_on)
                for p in self.pdf.exists()
            ],
            "change": (
                self.change.state,
                [(line.price_unit, line.quantity) for line in self.change.line_ids],
            ),
            "project": (
                self.project.midterm_settlement_date,
                self.project.completion_acceptance_date,
                self.project.is_renovation,
                self.project.stage_id.id,
            ),
            "plan": [(p.id, p.invoice_id.id, p.percent) for p in self.order.payment_plan_line_ids],
            "invoice": self.first.invoice_id.renovation_instalment_id.id,
            "contract": (
                self.order.contract_number,
                self.order.order_line.mapped("price_unit"),
                len(self.order.invoice_ids),
            ),
        }

    def test_every_role_is_refused(self):
        before = self._evidence()
        roles = (
            self.designer,
            self.foreman,
            self.pm,
            self.inspector,
            self.collector,
            self.finance,
            self.manager,
            self.admin,
        )
        for user in roles:
            self.authenticate(user.login, user.login if user != self.admin else "admin")
            for label, model, method, args in self._attacks():
                with self.subTest(user=user.login, attack=label):
                    self._rpc_refused(model, method, *args, context=HOSTILE_CONTEXT)
                    self.assertEqual(self._evidence(), before, "nothing written")

    def test_staff_move_a_live_project_back_only_as_managers(self):
        before = self._evidence()
        for user in (self.designer, self.foreman, self.pm, self.inspector, self.collector):
            self.authenticate(user.login, user.login)
            for stage in (self.stage["contract"], self.cancelled_stage):
                with self.subTest(user=user.login, stage=stage.name):
                    error = self._rpc_refused(
                        "project.project",
                        "write",
                        self.project.ids,
                        {"stage_id": stage.id},
                        context=HOSTILE_CONTEXT,
                    )
                    self.assertIn("Move Back", error["message"])
                    self.assertEqual(self._evidence(), before)
        self.authenticate(self.manager.login, self.manager.login)
        self._rpc(
            "project.project", "write", self.project.ids, {"stage_id": self.stage["contract"].id}
        )
        self.assertEqual(self.project.stage_id, self.stage["contract"])
        self.assertTrue(
            any("Moved back" in (m.body or "") for m in self.project.message_ids),
            "the move back is logged",
        )

    def test_signers_still_sign_through_their_actions(self):
        """The guards leave the real paths open: the foreman signs his slot
        with the Sign button (action), over the same RPC."""
        self.waiting._sign_as_client(SIGNATURE, "王建国", "127.0.0.1")
        foreman_slot = self.waiting.signature_ids.filtered(lambda s: s.role_code == "foreman")
        self.authenticate(self.foreman.login, self.foreman.login)
        self._rpc(
            "renovation.form.signature",
            "action_sign",
            foreman_slot.ids,
            SIGNATURE.decode(),
            "Foreman Liu",
            context=HOSTILE_CONTEXT,
        )
        self.assertEqual(self.waiting.state, "signed")
        self.assertEqual(
            self.waiting.event_ids.filtered(lambda e: e.event_type == "signed").mapped("role_code"),
            ["client", "foreman"],
        )

    def test_sales_invoicing_buttons_refused(self):
        """Create Invoice of Sales (regular invoice or down payment) on a
        renovation contract: refused server-side for every role."""
        before = self._evidence()
        for user in (self.designer, self.pm, self.finance, self.manager):
            self.authenticate(user.login, user.login)
            for method in ("delivered", "percentage"):
                with self.subTest(user=user.login, method=method):
                    wizard_id = self._rpc(
                        "sale.advance.payment.inv",
                        "create",
                        {
                            "sale_order_ids": [Command.set(self.order.ids)],
                            "advance_payment_method": method,
                            "amount": 50,
                        },
                        context={"active_model": "sale.order", "active_ids": self.order.ids},
                    )
                    error = self._rpc_refused(
                        "sale.advance.payment.inv", "create_invoices", [wizard_id]
                    )
                    self.assertIn("payment plan", error["message"])
                    self.assertEqual(self._evidence(), before)

    def test_invoice_outside_the_plan_cannot_be_posted(self):
        """A draft invoice of the contract that the plan did not issue (as if
        Create Invoice had run): finance cannot post it."""
        invoice = self.order.with_context(tracking_disable=True)._create_invoices(final=True)
        self.assertEqual(invoice.state, "draft")
        for user in (self.finance, self.manager, self.admin):
            self.authenticate(user.login, user.login if user != self.admin else "admin")
            with self.subTest(user=user.login):
                error = self._rpc_refused("account.move", "action_post", invoice.ids)
                self.assertIn("payment plan", error["message"])
                self.assertEqual(invoice.state, "draft")

    def test_only_cash_collectors_pay_instalments(self):
        """A non-collector who can post payments (the PM has billing rights)
        pays the first instalment by the invoice's outstanding credits, or by a
        payment linked to the invoice: refused, the instalment stays unpaid."""
        invoice = self.first.invoice_id
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1
        )
        self.authenticate(self.pm.login, self.pm.login)
        payment_id = self._rpc(
            "account.payment",
            "create",
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.client.id,
                "amount": invoice.amount_total,
                "journal_id": journal.id,
            },
        )
        self._rpc("account.payment", "action_post", [payment_id])
        payment = self.env["account.payment"].browse(payment_id)
        credit = payment.move_id.line_ids.filtered(
            lambda line: (
                line.account_id
                == invoice.line_ids.filtered(
                    lambda aml: aml.account_id.account_type == "asset_receivable"
                ).account_id
            )
        )
        self.assertTrue(credit, "an outstanding credit of the client")
        error = self._rpc_refused(
            "account.move", "js_assign_outstanding_line", invoice.ids, credit.id
        )
        self.assertIn("cash collectors", error["message"])
        self._rpc_refused(
            "account.payment",
            "create",
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.client.id,
                "amount": invoice.amount_total,
                "journal_id": journal.id,
                "invoice_ids": [Command.set(invoice.ids)],
            },
        )
        self.env.invalidate_all()
        self.assertEqual(self.first.state, "invoiced", "still unpaid")
        # the collector may take the same outstanding credit
        self.authenticate(self.collector.login, self.collector.login)
        self._rpc("account.move", "js_assign_outstanding_line", invoice.ids, credit.id)
        self.env.invalidate_all()
        self.assertEqual(self.first.state, "paid")

    def test_only_the_studio_manager_approves_a_measurement(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "王先生 三居室翻新",
                "type": "opportunity",
                "partner_id": self.client.id,
                "studio_id": self.studio_a.id,
                "designer_id": self.designer.id,
                "user_id": self.designer.id,
            }
        )
        measurement = (
            self.env["renovation.site.measurement"]
            .with_user(self.designer)
            .create({"lead_id": lead.id, "surveyor_id": self.designer.id})
        )
        self.assertTrue(measurement.needs_approval)
        self.authenticate(self.designer.login, self.designer.login)
        [values] = self._rpc(
            "renovation.site.measurement", "read", measurement.ids, ["can_approve"]
        )
        self.assertFalse(values["can_approve"], "no button for the designer")
        # the button hidden is no guard: the server refuses the call itself
        error = self._rpc_refused(
            "renovation.site.measurement",
            "action_approve",
            measurement.ids,
            context=HOSTILE_CONTEXT,
        )
        self.assertIn(
            self.studio_a.name, error["message"], "names the studio whose manager approves"
        )
        self.assertFalse(measurement.approved_by_id)
        self.authenticate(self.studio_manager.login, self.studio_manager.login)
        self._rpc("renovation.site.measurement", "action_approve", measurement.ids)
        self.assertEqual(measurement.approved_by_id, self.studio_manager)

    def test_duplicate_studio_letter_is_a_clear_error(self):
        studios = self.env["renovation.studio"].search_count([])
        self.authenticate(self.manager.login, self.manager.login)
        error = self._rpc_refused(
            "renovation.studio", "create", {"name": "重复工作室", "code": "T"}
        )
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn("own letter code", error["message"])
        self.assertEqual(self.env["renovation.studio"].search_count([]), studios)

    def test_project_integrity_check(self):
        self.assertEqual(self.signed._renovation_integrity_problems(), [])
        action = self.project.with_user(self.manager).action_renovation_verify_integrity()
        self.assertEqual(action["params"]["type"], "success")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE renovation_form_signature SET signed_name = %s WHERE id = %s",
            ["李四", self.signed.signature_ids[:1].id],
        )
        self.env.invalidate_all()
        action = self.project.with_user(self.manager).action_renovation_verify_integrity()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn(self.signed.display_name, action["params"]["message"])
