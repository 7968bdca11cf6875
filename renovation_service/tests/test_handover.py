import base64
import hashlib
import io
import zipfile
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SIGNATURE, RenovationCase, RenovationHttpCase, new_staff_user

PNG = base64.b64decode(SIGNATURE)


def fill_handover(handover):
    """Three keys, every document ticked (routing drawing with its photo)
    except the manuals, which say why."""
    photo = handover.env["ir.attachment"].create(
        {
            "name": "厨房水路走向.png",
            "raw": PNG,
            "mimetype": "image/png",
            "res_model": handover._name,
            "res_id": handover.id,
        }
    )
    for line in handover.line_ids:
        if line.kind == "key":
            line.write({"quantity": 3, "description": "入户门钥匙 3 把"})
        elif line.document_type == "routing":
            line.write({"is_handed": True, "attachment_ids": [Command.link(photo.id)]})
        elif line.document_type == "manuals":
            line.write({"note": "燃气灶说明书由业主自购时已留存"})
        else:
            line.is_handed = True
    return handover


class HandoverCase(RenovationCase):
    """A project accepted at completion, its final instalment invoiced."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Handover = cls.env["renovation.handover"]
        cls.order, cls.project = cls._accepted_project()
        cls.hidden_form = cls.project.form_ids.filtered(
            lambda f: f.form_type_code == "hidden_works"
        )
        cls.final_invoice = cls._instalment(cls.order, "final").invoice_id

    @classmethod
    def _accepted_project(cls):
        """A project through its hidden works, mid-term and completion
        acceptance; every instalment paid but the final one."""
        order, project = cls._signed_contract()
        project.statistician_id = cls.statistician
        cls._pay(cls._instalment(order, "first").invoice_id)
        cls._signed_form(project, "hidden_works")
        today = fields.Date.today()
        project.with_user(cls.pm).action_midterm_settlement(today - timedelta(days=30))
        cls._pay(cls._instalment(order, "midterm").invoice_id)
        project.with_user(cls.pm).action_completion_acceptance(today)
        return order, project

    @classmethod
    def _handed_over(cls, order=None, extra_documents=0):
        """Final payment in, keys and documents listed (``extra_documents``
        more), signed by foreman and client."""
        order = order or cls.order
        cls._pay(cls._instalment(order, "final").invoice_id)
        handover = order.renovation_project_id.renovation_handover_ids
        cls._fill(handover)
        handover.line_ids = [
            Command.create({"name": f"说明书 {i}", "kind": "document", "is_handed": True})
            for i in range(extra_documents)
        ]
        handover.with_user(cls.foreman).action_request_signature()
        cls._sign_all(handover.form_id)
        # the signed PDFs the client file copies, as the PDF cron renders them
        order.renovation_project_id.form_ids._cron_render_signed_pdfs()
        return handover

    @staticmethod
    def _fill(handover):
        return fill_handover(handover)


@tagged("post_install", "-at_install")
class TestHandover(HandoverCase, RenovationHttpCase):
    """An HttpCase: the client file is real PDFs (wkhtmltopdf reads the report
    assets from the test server, which must see the test's transaction)."""

    def test_prepared_when_the_final_payment_is_paid(self):
        self.assertFalse(self.project.renovation_handover_ids)
        with self.assertRaises(UserError):
            self.project.with_user(self.foreman).action_view_renovation_handover()
        self.assertFalse(self.project.renovation_handover_ids)
        self._pay(self.final_invoice)
        handover = self.project.renovation_handover_ids
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.state, "draft")
        self.assertEqual(
            set(handover.line_ids.mapped("document_type")),
            {
                False,
                "as_built",
                "routing",
                "hidden_works",
                "manuals",
                "certificates",
                "warranty_card",
            },
        )
        hidden = handover.line_ids.filtered(lambda line: line.document_type == "hidden_works")
        self.assertEqual(hidden.attachment_ids, self.hidden_form.pdf_attachment_id)
        self.assertEqual(handover.activity_ids.user_id, self.foreman)
        # the button opens the same hand-over
        action = self.project.with_user(self.foreman).action_view_renovation_handover()
        self.assertEqual(action["res_id"], handover.id)

    def test_sending_needs_keys_documents_and_routing_photos(self):
        self._pay(self.final_invoice)
        handover = self.project.renovation_handover_ids.with_user(self.foreman)
        with self.assertRaisesRegex(UserError, "keys"):
            handover.action_request_signature()
        handover.line_ids.filtered(lambda line: line.kind == "key").quantity = 2
        with self.assertRaisesRegex(UserError, "Tick each document"):
            handover.action_request_signature()
        handover.line_ids.filtered(lambda line: line.kind == "document").is_handed = True
        with self.assertRaisesRegex(UserError, "photos"):
            handover.action_request_signature()
        with self.assertRaises(UserError):
            self._fill(handover).with_user(self.designer).action_request_signature()
        self.assertEqual(handover.state, "draft")
        self.assertFalse(handover.form_id)
        self.assertFalse(
            self.project.form_ids.filtered(lambda f: f.form_type_code == "handover_record")
        )

    def test_client_signs_the_keys_and_documents(self):
        self._pay(self.final_invoice)
        handover = self._fill(self.project.renovation_handover_ids)
        handover.with_user(self.foreman).action_request_signature()
        form = handover.form_id
        self.assertEqual(handover.state, "waiting")
        self.assertEqual(form.form_type_code, "handover_record")
        self.assertEqual(set(form.signature_ids.mapped("role_code")), {"client", "foreman"})
        keys = form.line_ids.filtered(lambda line: "钥匙" in (line.description or ""))
        self.assertEqual(keys.quantity, 3)
        self.assertEqual(form.value_ids.filtered(lambda v: v.code == "keys_count").value_float, 3)
        self.assertTrue(form.photo_ids, "the routing photos are printed on the record")
        # the list the client signs is fixed
        with self.assertRaises(UserError):
            handover.line_ids[:1].quantity = 1
        with self.assertRaises(UserError):
            handover.line_ids[:1].unlink()
        self.assertEqual(handover.key_count, 3)
        self._sign_all(form)
        self.assertEqual(handover.state, "handed_over")
        self.assertEqual(handover.handed_over_on, form.signed_on)
        self.assertIn(self.statistician, handover.activity_ids.user_id)

    def test_facts_change_only_through_the_actions(self):
        handover = self._handed_over()
        for vals in (
            {"state": "draft"},
            {"handed_over_on": fields.Datetime.now()},
            {"client_file_sha256": "0" * 64},
            {"form_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                handover.with_user(self.manager).write(vals)
        self.assertEqual(handover.state, "handed_over")
        self.assertFalse(handover.client_file_sha256)
        with self.assertRaises(UserError):
            self.Handover.with_user(self.manager).create(
                {"project_id": self.project.id, "state": "handed_over"}
            )

    def test_back_to_preparing_while_nobody_signed(self):
        self._pay(self.final_invoice)
        handover = self._fill(self.project.renovation_handover_ids)
        handover.with_user(self.foreman).action_request_signature()
        first = handover.form_id
        handover.with_user(self.foreman).action_reset_to_draft()
        self.assertEqual((handover.state, first.state), ("draft", "cancelled"))
        handover.with_user(self.foreman).action_request_signature()
        foreman_slot = handover.form_id.signature_ids.filtered(lambda s: s.role_code == "foreman")
        foreman_slot.with_user(self.foreman).action_sign(SIGNATURE, "Foreman Liu")
        with self.assertRaises(UserError):
            handover.with_user(self.foreman).action_reset_to_draft()
        self.assertEqual(handover.state, "waiting")

    def test_client_file_by_the_statistician(self):
        handover = self._handed_over()
        with self.assertRaises(UserError):
            handover.with_user(self.foreman).action_assemble_client_file()
        self.assertFalse(handover.client_file_id)
        # real PDFs of the index and the invoices in the zip (Odoo's tests
        # render HTML unless asked)
        handover.with_user(self.statistician).with_context(
            force_report_rendering=True
        ).action_assemble_client_file()
        data = handover.client_file_id.raw
        self.assertEqual(hashlib.sha256(data).hexdigest(), handover.client_file_sha256)
        self.assertEqual(handover.client_file_user_id, self.statistician)
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        self.assertTrue(names[0].endswith(".pdf"), "the index (客户档案表) comes first")
        self.assertTrue(archive.read(names[0]).startswith(b"%PDF"))
        signed = self.project.form_ids.filtered(lambda f: f.state == "signed")
        self.assertIn(handover.form_id, signed)
        for form in signed:
            with self.subTest(form=form.name):
                path = next(name for name in names if name.endswith(f"/{form.name}.pdf"))
                self.assertEqual(
                    hashlib.sha256(archive.read(path)).hexdigest(),
                    form.pdf_sha256,
                    "signed PDFs are copied byte for byte",
                )
        invoices = [name for name in names if name.split("/")[-1].startswith("INV")]
        self.assertEqual(len(invoices), 3)
        self.assertTrue(any(name.endswith("厨房水路走向.png") for name in names))
        sums = archive.read("SHA256SUMS.txt").decode()
        self.assertEqual(len(sums.splitlines()), len(names) - 2)


@tagged("post_install", "-at_install")
class TestHandoverPortal(HandoverCase, RenovationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_client = cls._portal_user("wang_portal", cls.client.id)
        cls.handover = cls._handed_over()
        cls.handover.with_user(cls.statistician).action_assemble_client_file()
        cls.other = cls.env["res.partner"].create({"name": "李四"})
        cls.other_user = cls._portal_user("li_portal", cls.other.id)

    def test_client_downloads_the_client_file(self):
        url = f"/my/renovation/handover/{self.handover.id}/client-file"
        self.authenticate("wang_portal", "wang_portal")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, self.handover.client_file_id.raw)
        home = self.url_open("/my/renovation")
        self.assertIn("o_renovation_client_file", home.text)
        page = self.url_open(f"/my/renovation/handover/{self.handover.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.handover.client_file_sha256, page.text)

    def test_nobody_else_downloads_it(self):
        url = f"/my/renovation/handover/{self.handover.id}/client-file"
        self.authenticate("li_portal", "li_portal")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.authenticate(None, None)
        self.assertEqual(self.url_open(url).status_code, 404)
        self.handover._portal_ensure_token()
        with_token = self.url_open(f"{url}?access_token={self.handover.access_token}")
        self.assertEqual(with_token.content, self.handover.client_file_id.raw)
        self.assertEqual(self.url_open(f"{url}?access_token=wrong").status_code, 404)

    def test_page_queries_do_not_grow_with_the_documents(self):
        order, _project = self._accepted_project()
        larger = self._handed_over(order, extra_documents=20)
        self.assertEqual(len(larger.line_ids), len(self.handover.line_ids) + 20)
        self.authenticate("wang_portal", "wang_portal")
        few, _page = self._page_queries(f"/my/renovation/handover/{self.handover.id}", 60)
        many, page = self._page_queries(f"/my/renovation/handover/{larger.id}", 60)
        self.assertEqual(few, many)
        self.assertIn("说明书 19", page.text)


@tagged("post_install", "-at_install")
class TestHandoverSecurity(HandoverCase):
    def test_team_of_another_project_does_not_see_it(self):
        handover = self._handed_over()
        outsider = new_staff_user(
            self.env, "reno_outsider", groups="renovation_service.group_renovation_user"
        )
        self.assertFalse(self.Handover.with_user(outsider).search([("id", "=", handover.id)]))
        self.assertTrue(self.Handover.with_user(self.foreman).search([("id", "=", handover.id)]))
