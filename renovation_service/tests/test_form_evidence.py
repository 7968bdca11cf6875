import base64
import hashlib
import re

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SIGNATURE, RenovationCase, RenovationHttpCase


@tagged("post_install", "-at_install")
class TestFormEvidence(RenovationCase):
    """The signature history chain, the stored signed PDF and the integrity
    check that finds any break."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.Form = cls.env["renovation.form"]
        cls.admin = cls.env.ref("base.user_admin")

    def _signed(self, code="onsite_handover"):
        form = self._signed_form(self.project, code)
        form._cron_render_signed_pdfs()
        return form

    def test_history_chains_every_event(self):
        form = self._signed()
        events = form.event_ids
        self.assertEqual(
            events.mapped("event_type"),
            ["requested", "signed", "signed", "signed", "signed", "completed", "pdf"],
        )
        self.assertEqual(events.mapped("sequence"), list(range(1, 8)))
        self.assertFalse(events[0].previous_hash)
        for previous, event in zip(events, events[1:], strict=False):
            self.assertEqual(event.previous_hash, previous.hash)
            self.assertEqual(event.hash, event._expected_hash())
        client_event = events.filtered(lambda e: e.role_code == "client")
        self.assertEqual(client_event.ip, "127.0.0.1")
        self.assertEqual(client_event.partner_id, self.client)
        slot = form.signature_ids.filtered("is_client")
        self.assertEqual(client_event.signature_hash, slot._signature_hash())
        self.assertEqual(events[-1].pdf_sha256, form.pdf_sha256)
        self.assertEqual(
            events.filtered(lambda e: e.event_type == "completed").content_hash,
            form._renovation_content_hash(),
        )

    def test_intact_form_verifies(self):
        form = self._signed()
        self.assertEqual(form._renovation_integrity_problems(), [])
        action = form.with_user(self.manager).action_verify_integrity()
        self.assertEqual(action["params"]["type"], "success")
        with self.assertRaises(UserError):
            form.with_user(self.pm).action_verify_integrity()

    def _tampered(self, form, sql, params):
        """Edit a row behind Odoo's back, as someone with database access."""
        self.env.flush_all()
        self.env.cr.execute(sql, params)
        self.env.invalidate_all()
        return form._renovation_integrity_problems()

    def test_edits_in_the_database_are_found(self):
        form = self._signed()
        client_event = form.event_ids.filtered(lambda e: e.role_code == "client")
        problems = self._tampered(
            form,
            "UPDATE renovation_form_event SET signer_name = %s WHERE id = %s",
            ["李四", client_event.id],
        )
        self.assertTrue(any("altered" in p for p in problems), problems)

    def test_content_edited_in_the_database_is_found(self):
        form = self._signed()
        problems = self._tampered(
            form, "UPDATE renovation_form SET content = %s WHERE id = %s", ["<p>改</p>", form.id]
        )
        self.assertIn("The content differs from what was signed.", problems)

    def test_signature_edited_in_the_database_is_found(self):
        form = self._signed()
        slot = form.signature_ids.filtered("is_client")
        problems = self._tampered(
            form,
            "UPDATE renovation_form_signature SET signed_ip = %s WHERE id = %s",
            ["10.9.9.9", slot.id],
        )
        self.assertTrue(any("differs from the one recorded" in p for p in problems), problems)

    def test_deleted_event_is_found(self):
        form = self._signed()
        problems = self._tampered(
            form,
            "DELETE FROM renovation_form_event WHERE id = %s",
            [form.event_ids.filtered(lambda e: e.event_type == "requested").id],
        )
        self.assertTrue(any("missing" in p for p in problems), problems)

    def test_pdf_is_immutable_even_for_the_administrator(self):
        form = self._signed()
        for attachment in form.pdf_ids.attachment_id | form.pdf_ids.project_attachment_id:
            for env_user in (self.admin, self.manager):
                with self.subTest(attachment=attachment.res_model, user=env_user.login):
                    with self.assertRaises(UserError):
                        attachment.with_user(env_user).write({"raw": b"forged"})
                    with self.assertRaises(UserError):
                        attachment.with_user(env_user).unlink()
            with self.assertRaises(UserError):
                attachment.sudo().unlink()
            with self.assertRaises(UserError):
                attachment.sudo().write({"res_id": 0})
        self.assertTrue(form.pdf_attachment_id.exists())
        self.assertEqual(hashlib.sha256(form.pdf_attachment_id.raw).hexdigest(), form.pdf_sha256)

    def test_reopen_keeps_the_old_pdf_as_superseded(self):
        form = self._signed()
        old_pdf = form.pdf_ids
        old_code = form.verification_code
        form.with_user(self.manager).action_reopen(reason="门洞尺寸写错")
        self.assertEqual(form.state, "draft")
        self.assertFalse(form.pdf_attachment_id)
        self.assertTrue(old_pdf.superseded_on)
        self.assertTrue(old_pdf.attachment_id.exists(), "kept, not deleted")
        self.assertIn(old_pdf.attachment_id, form.message_ids[0].attachment_ids)
        self.assertIn("门洞尺寸写错", form.message_ids[0].body)
        self.assertEqual(form.event_ids[-1].event_type, "reopened")
        with self.assertRaises(UserError):
            old_pdf.attachment_id.unlink()
        # signed again: a new PDF and code; the history goes on, unbroken
        form.action_request_signatures()
        self._sign_all(form)
        form._cron_render_signed_pdfs()
        self.assertEqual(len(form.pdf_ids), 2)
        self.assertNotEqual(form.verification_code, old_code)
        self.assertEqual(form._renovation_integrity_problems(), [])
        with self.assertRaises(UserError):
            form.unlink()

    def test_events_and_pdf_records_cannot_be_forged_by_code_without_actions(self):
        form = self._signed()
        with self.assertRaises(UserError):
            form.event_ids[:1].sudo().write({"signer_name": "x"})
        with self.assertRaises(UserError):
            form.event_ids.sudo().unlink()
        with self.assertRaises(UserError):
            form.pdf_ids.sudo().unlink()
        with self.assertRaises(UserError):
            form.pdf_ids.sudo().write({"sha256": "0" * 64})

    def test_gates_do_not_wait_for_the_pdf(self):
        form = self._signed_form(self.project, "onsite_handover")
        self.assertEqual(form.pdf_state, "pending")
        gate = self.env.ref("renovation_service.gate_form_onsite_handover")
        self.assertTrue(self.project.sudo()._gate_form_signed(gate))

    def test_client_and_staff_signers_are_checked(self):
        form = self.Form._create_from_source(self.project, "site_condition_handover", self.project)
        form.action_request_signatures()
        foreman_slot = form.signature_ids.filtered(lambda s: s.role_code == "foreman")
        with self.assertRaises(UserError):
            foreman_slot.with_user(self.designer).action_sign(SIGNATURE, "x")
        self.assertEqual(len(form.event_ids), 1, "only the request")


@tagged("post_install", "-at_install")
class TestVerificationPage(RenovationHttpCase):
    """The public page behind the QR code: the original verifies, a changed
    copy does not, codes cannot be guessed or enumerated, nothing leaks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.form = cls._render_pdfs(cls._signed_form(cls.project, "onsite_handover"))
        cls.code = cls.form.verification_code

    def _check(self, content, code=None):
        return self.url_open(
            f"/renovation/verify/{code or self.code}",
            files={"pdf": ("copy.pdf", content, "application/pdf")},
        )

    def test_signed_pdf_prints_its_code_and_qr(self):
        pdf = self.form.pdf_attachment_id.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(len(self.code), 32)
        self.assertNotIn(self.form.project_id.contract_number, self.code)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("renovation_service.action_report_renovation_form", self.form.ids)[0]
            .decode()
        )
        self.assertIn(self.code, html)
        self.assertIn(f"/renovation/verify/{self.code}", html)
        self.assertIn("data:image/png;base64,", html, "the QR code")

    def test_original_verifies_and_a_changed_byte_does_not(self):
        original = self.form.pdf_attachment_id.raw
        page = self._check(original)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_renovation_verify_match", page.text)
        changed = bytearray(original)
        changed[len(changed) // 2] ^= 0x01
        page = self._check(bytes(changed))
        self.assertIn("o_renovation_verify_mismatch", page.text)
        self.assertNotIn("o_renovation_verify_match", page.text)

    def test_page_shows_masked_facts_only(self):
        page = self.url_open(f"/renovation/verify/{self.code}")
        self.assertEqual(page.status_code, 200)
        text = page.text
        self.assertIn(self.form.pdf_sha256, text)
        self.assertIn(self.form.name, text)
        self.assertIn("王**", text)
        self.assertNotIn("王建国", text, "the client's full name does not leak")
        self.assertNotIn(self.client.email, text)
        self.assertNotIn(self.project.site_address, text)
        for slot in self.form.signature_ids:
            self.assertIn(slot.role_id.name, text)
            self.assertNotIn(slot.signed_ip or "127.0.0.1", text)
        self.assertNotIn("Foreman Liu", text, "signer roles and times, not names")

    def test_unknown_code_is_not_found(self):
        for code in ("A" * 32, self.code[:-1] + ("B" if self.code[-1] != "B" else "C"), "x"):
            with self.subTest(code=code), mute_logger("odoo.http"):
                self.assertEqual(self.url_open(f"/renovation/verify/{code}").status_code, 404)

    def test_lookups_are_rate_limited_per_address(self):
        self.env["ir.config_parameter"].sudo().set_param("renovation.verify_rate_limit", "3")
        statuses = [self.url_open(f"/renovation/verify/{'Z' * 32}").status_code for _i in range(3)]
        self.assertEqual(statuses, [404, 404, 404])
        page = self.url_open(f"/renovation/verify/{self.code}")
        self.assertEqual(page.status_code, 429, "even a valid code, past the limit")

    def test_portal_serves_the_stored_file_byte_for_byte(self):
        client_user = self._portal_user("verify_wang", self.client.id)
        self.authenticate(client_user.login, client_user.login)
        response = self.url_open(f"/my/renovation/forms/{self.form.id}?report_type=pdf&download=1")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(hashlib.sha256(response.content).hexdigest(), self.form.pdf_sha256)
        # and by token, as the e-mailed link does
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/renovation/forms/{self.form.id}?report_type=pdf&access_token="
            f"{self.form.access_token}"
        )
        self.assertEqual(hashlib.sha256(response.content).hexdigest(), self.form.pdf_sha256)

    def test_back_office_print_serves_the_stored_file(self):
        content, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("renovation_service.action_report_renovation_form", self.form.ids)
        )
        self.assertEqual(hashlib.sha256(content).hexdigest(), self.form.pdf_sha256)
        self.assertEqual(base64.b64decode(self.form.pdf_file), self.form.pdf_attachment_id.raw)

    def test_reopened_form_code_says_superseded(self):
        self.form.with_user(self.manager).action_reopen(reason="更正")
        page = self.url_open(f"/renovation/verify/{self.code}")
        self.assertEqual(page.status_code, 200)
        self.assertTrue(re.search(r"replaced on", page.text))
