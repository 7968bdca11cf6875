import base64
import hashlib

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SIGNATURE, PhoneBrowserMixin, RenovationCase, RenovationHttpCase


@tagged("post_install", "-at_install")
class TestSignatureForms(RenovationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.Form = cls.env["renovation.form"]

    def _form(self, code="onsite_handover", **values):
        form = self.Form._create_from_source(self.project, code, self.project, values=values)
        form.action_request_signatures()
        return form

    def _slot(self, form, role_code):
        return form.signature_ids.filtered(lambda s: s.role_code == role_code)

    def test_shipped_form_types(self):
        codes = set(self.env["renovation.form.type"].search([]).mapped("code"))
        self.assertGreaterEqual(len(codes), 21)
        onsite = self.env.ref("renovation_service.form_type_onsite_handover")
        self.assertEqual(
            set(onsite.role_ids.mapped("code")), {"client", "designer", "inspector", "foreman"}
        )
        self.assertEqual(onsite.gate_ids.stage_id, self.stage["construction"])

    def test_slots_follow_the_project_team(self):
        form = self._form()
        self.assertEqual(form.state, "waiting")
        self.assertEqual(self._slot(form, "client").partner_id, self.client)
        self.assertEqual(self._slot(form, "designer").user_id, self.designer)
        self.assertEqual(self._slot(form, "inspector").user_id, self.inspector)
        self.assertEqual(self._slot(form, "foreman").user_id, self.foreman)

    def test_missing_role_holder_refused(self):
        self.project.inspector_id = False
        form = self.Form._create_from_source(self.project, "onsite_handover", self.project)
        with self.assertRaises(UserError):
            form.action_request_signatures()
        self.assertEqual(form.state, "draft")
        self.assertFalse(form.signature_ids)

    def test_staff_signs_only_own_role(self):
        form = self._form()
        designer_slot = self._slot(form, "designer")
        for intruder in (self.foreman, self.pm, self.manager):
            with self.subTest(user=intruder.name), self.assertRaises(UserError):
                designer_slot.with_user(intruder).action_sign(SIGNATURE, intruder.name)
        self.assertFalse(designer_slot.is_signed)
        with self.assertRaises(UserError):
            self._slot(form, "client").with_user(self.designer).action_sign(SIGNATURE, "x")
        designer_slot.with_user(self.designer).action_sign(SIGNATURE, "Designer Wang")
        self.assertTrue(designer_slot.is_signed)
        with self.assertRaises(UserError):
            designer_slot.with_user(self.designer).action_sign(SIGNATURE, "again")

    def test_content_frozen_after_first_signature(self):
        form = self._form(content="<p>第一版</p>")
        form.content = "<p>第二版</p>"  # nobody signed: still editable
        self._slot(form, "foreman").with_user(self.foreman).action_sign(SIGNATURE, "Foreman Liu")
        with self.assertRaises(UserError):
            form.write({"content": "<p>偷改</p>"})
        with self.assertRaises(UserError):
            form.write({"line_ids": [(0, 0, {"name": "新增项"})]})
        self.assertIn("第二版", form.content)
        self.assertFalse(form.line_ids)
        with self.assertRaises(UserError):
            form.unlink()
        with self.assertRaises(UserError):
            form.action_cancel()
        self.assertTrue(form.exists())

    def test_signed_form_is_read_only_for_everyone(self):
        form = self._sign_all(self._form())
        self.assertEqual(form.state, "signed")
        for env_user in (self.manager, self.designer):
            with self.subTest(user=env_user.name):
                with self.assertRaises(UserError):
                    form.with_user(env_user).write({"content": "<p>x</p>"})
                with self.assertRaises(UserError):
                    form.with_user(env_user).write({"state": "draft"})
        with self.assertRaises(UserError):
            form.sudo().write({"content": "<p>x</p>"})
        with self.assertRaises(UserError):
            form.sudo().unlink()
        with self.assertRaises(UserError):
            form.signature_ids[:1].sudo().write({"signed_name": "forged"})
        with self.assertRaises(UserError):
            form.signature_ids.sudo().unlink()
        with self.assertRaises(UserError):
            form.line_ids.sudo().create({"form_id": form.id, "name": "added"})
        self.assertEqual(form.state, "signed")
        self.assertEqual(len(form.signature_ids.filtered("is_signed")), 4)

    def _client_mails(self, form):
        """The e-mails queued to the client about ``form``."""
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", self.client.ids), ("subject", "like", form.name)]
        )

    def test_next_signer_is_notified(self):
        form = self._form("site_condition_handover")  # client, then foreman
        client_slot, foreman_slot = form.signature_ids
        self.assertEqual(client_slot.role_code, "client")
        mail = self._client_mails(form)
        self.assertTrue(mail, "the client gets the e-mail with the portal link")
        self.assertIn(form.access_token, mail[0].body_html)
        self.assertEqual(mail.recipient_ids, self.client, "the link goes to the client only")
        self.assertFalse(
            form.message_ids.filtered(lambda m: form.access_token in (m.body or "")),
            "the token is not in the chatter, where staff would read it",
        )
        form._sign_as_client(SIGNATURE, "王建国", "10.0.0.8")
        self.assertEqual(client_slot.signed_ip, "10.0.0.8")
        activity = form.activity_ids.filtered(lambda a: a.user_id == self.foreman)
        self.assertEqual(len(activity), 1, "the foreman is next: one activity")
        foreman_slot.with_user(self.foreman).action_sign(SIGNATURE, "Foreman Liu")
        self.assertFalse(form.activity_ids)

    def test_reopen_wipes_signatures_and_is_logged(self):
        form = self._sign_all(self._form())
        with self.assertRaises(UserError):
            form.with_user(self.pm).action_reopen()
        self.assertEqual(form.state, "signed")
        form.with_user(self.manager).action_reopen()
        self.assertEqual(form.state, "draft")
        self.assertFalse(form.signature_ids)
        self.assertFalse(form.pdf_sha256)
        self.assertIn("signatures wiped", form.message_ids[0].body)
        form.content = "<p>更正后</p>"  # editable again
        form.action_request_signatures()
        self.assertEqual(len(form.signature_ids), 4)

    def test_my_forms_to_sign(self):
        form = self._form()
        to_sign = self.Form.with_user(self.inspector).search([("to_sign_by_me", "=", True)])
        self.assertIn(form, to_sign)
        self._slot(form, "inspector").with_user(self.inspector).action_sign(SIGNATURE, "Xu")
        to_sign = self.Form.with_user(self.inspector).search([("to_sign_by_me", "=", True)])
        self.assertNotIn(form, to_sign)

    def test_sign_wizard(self):
        form = self._form()
        action = form.with_user(self.designer).action_open_sign_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.designer)
            .with_context(**action["context"])
            .create({"signature": SIGNATURE})
        )
        wizard.action_sign()
        self.assertTrue(self._slot(form, "designer").is_signed)
        with self.assertRaises(UserError):
            form.with_user(self.designer).action_open_sign_wizard()

    def test_sign_dialog_names_the_form_and_the_role(self):
        """The dialog the Sign button opens shows the form and the role, and
        draws the signature itself (no second dialog)."""
        form = self._form()
        action = form.with_user(self.designer).action_open_sign_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.designer)
        with Form(Wizard.with_context(**action["context"])) as dialog:
            self.assertEqual(dialog.form_id, form)
            self.assertEqual(dialog.role_id, self._slot(form, "designer").role_id)
            self.assertEqual(dialog.signed_name, self.designer.name)
            dialog.signature = SIGNATURE.decode()
        wizard = dialog.save()
        arch = etree.fromstring(Wizard.get_view(view_type="form")["arch"])
        [pad] = arch.xpath("//field[@name='signature']")
        self.assertEqual(pad.get("widget"), "renovation_inline_signature")
        wizard.action_sign()
        self.assertTrue(self._slot(form, "designer").is_signed)

    def test_forms_to_sign_have_a_phone_kanban(self):
        action = self.env.ref("renovation_service.action_renovation_form_to_sign")
        self.assertEqual(action.mobile_view_mode, "kanban")
        kanban = action.view_ids.filtered(lambda v: v.view_mode == "kanban").view_id
        self.assertTrue(kanban, "the action lists a kanban: the one phones get")
        arch = etree.fromstring(self.env["renovation.form"].get_view(kanban.id, "kanban")["arch"])
        self.assertFalse(arch.get("default_group_by"), "one card per form, no columns")
        # a full-width large button (its height, at least 44 px, is measured
        # in the browser by TestFormSignMobileTour)
        [button] = arch.xpath("//button[@name='action_open_sign_wizard']")
        classes = button.get("class").split()
        self.assertTrue({"btn-lg", "w-100", "o_renovation_sign_button"} <= set(classes))
        # the card's button opens the one-dialog signing of the form
        form = self._form()
        opened = form.with_user(self.foreman).action_open_sign_wizard()
        self.assertEqual(opened["res_model"], "renovation.form.sign.wizard")
        self.assertEqual(opened["target"], "new")

    def test_draft_form_cannot_be_signed(self):
        form = self.Form._create_from_source(self.project, "stage_acceptance", self.project)
        with self.assertRaises(UserError):
            form._sign_as_client(SIGNATURE, "王建国")
        self.assertFalse(form.signature_ids)

    def test_form_cannot_be_created_signed(self):
        form = self.Form.create(
            {
                "form_type_id": self.env.ref("renovation_service.form_type_stage_acceptance").id,
                "project_id": self.project.id,
                "state": "signed",
                "pdf_sha256": "forged",
                "signature_ids": [
                    (
                        0,
                        0,
                        {
                            "role_id": self.env.ref("renovation_service.form_role_client").id,
                            "signed_name": "forged",
                            "signed_on": "2026-01-01 00:00:00",
                        },
                    )
                ],
            }
        )
        self.assertEqual(form.state, "draft")
        self.assertFalse(form.signature_ids)
        self.assertFalse(form.pdf_sha256)

    def test_client_gets_one_mail_per_form(self):
        form = self._form()  # client signs first, then designer, inspector, foreman
        self._slot(form, "designer").with_user(self.designer).action_sign(SIGNATURE, "Wang")
        self._slot(form, "foreman").with_user(self.foreman).action_sign(SIGNATURE, "Liu")
        self.assertEqual(len(self._client_mails(form)), 1)

    def test_pdf_is_rendered_by_the_cron_once(self):
        form = self._sign_all(self._form())
        self.assertEqual(form.state, "signed", "signed at once, with every signature")
        self.assertEqual(form.pdf_state, "pending")
        self.assertFalse(form.pdf_attachment_id)
        form._cron_render_signed_pdfs()
        self.assertEqual(form.pdf_state, "ready")
        self.assertTrue(form.pdf_attachment_id)
        self.assertEqual(len(form.pdf_sha256), 64)
        before = self.env["ir.attachment"].search_count([("res_model", "=", "renovation.form")])
        form._cron_render_signed_pdfs()
        after = self.env["ir.attachment"].search_count([("res_model", "=", "renovation.form")])
        self.assertEqual(before, after, "a second run renders nothing again")

    def test_every_shipped_form_type_can_be_signed_by_its_signers(self):
        """Each signer signs as themselves, through their own access rights."""
        forms = self.Form
        for form_type in self.env["renovation.form.type"].search(
            [("code", "in", self._service_form_codes())]
        ):
            with self.subTest(form_type=form_type.code):
                form = self._form(form_type.code)
                self._sign_all(form)
                self.assertEqual(form.state, "signed")
                forms |= form
        forms._cron_render_signed_pdfs()
        for form in forms:
            self.assertTrue(form.pdf_sha256, form.form_type_id.code)

    def _service_form_codes(self):
        return (
            self.env["ir.model.data"]
            .search([("model", "=", "renovation.form.type"), ("module", "=", "renovation_service")])
            .mapped(lambda d: self.env["renovation.form.type"].browse(d.res_id).code)
        )


@tagged("post_install", "-at_install")
class TestSignedPdf(RenovationHttpCase):
    """The real signed PDF (wkhtmltopdf loads its assets over HTTP)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.Form = cls.env["renovation.form"]

    def _form(self, code="onsite_handover"):
        form = self.Form._create_from_source(self.project, code, self.project)
        form.action_request_signatures()
        return form

    def test_full_signature_attaches_pdf_with_hash(self):
        form = self._render_pdfs(self._sign_all(self._form()))
        attachment = form.pdf_attachment_id
        self.assertEqual(attachment.res_model, "renovation.form")
        pdf = base64.b64decode(attachment.datas)
        self.assertTrue(pdf.startswith(b"%PDF"), "a real PDF rendered by wkhtmltopdf")
        self.assertEqual(form.pdf_sha256, hashlib.sha256(pdf).hexdigest())
        on_project = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "project.project"),
                ("res_id", "=", self.project.id),
                ("name", "=", attachment.name),
            ]
        )
        self.assertEqual(on_project.checksum, attachment.checksum)
        self.assertTrue(form.signed_on)


@tagged("post_install", "-at_install")
class TestFormSignMobileTour(PhoneBrowserMixin, RenovationHttpCase):
    """On a phone (390 px, touch), the foreman signs a form waiting for him
    from 我的待签字表单 in one dialog."""

    def test_foreman_signs_on_a_phone(self):
        _order, project = self._signed_contract()
        project.name = "Tour Site"
        form = self._waiting_forms(project, 1)
        slot = form.signature_ids.filtered(lambda s: s.user_id == self.foreman)
        self.assertTrue(slot)
        self.foreman.lang = "en_US"
        self.start_tour(
            "/odoo/action-renovation_service.action_renovation_form_to_sign",
            "renovation_form_sign_mobile",
            login=self.foreman.login,
        )
        self.assertTrue(slot.is_signed)
        self.assertEqual(slot.signed_name, self.foreman.name)
