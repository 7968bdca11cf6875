import io
import zipfile

from odoo import fields
from odoo.tests import tagged

from odoo.addons.renovation_service.tests.common import RenovationHttpCase
from odoo.addons.renovation_service.tests.test_handover import fill_handover

from .common import AftercareCase


@tagged("post_install", "-at_install")
class TestHandoverAftercare(AftercareCase, RenovationHttpCase):
    """The warranty's part of the hand-over: the card among the documents and
    in the client file, the completion callback once the client signed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._completed_project()
        cls.project.statistician_id = cls.statistician
        cls.card = cls.project.warranty_card_ids
        cls.handover = cls.project.renovation_handover_ids

    def _hand_over(self):
        fill_handover(self.handover)
        self.handover.with_user(self.foreman).action_request_signature()
        self._sign_all(self.handover.form_id)
        # the signed PDFs the client file copies, as the PDF cron renders them
        self.project.form_ids._cron_render_signed_pdfs()
        return self.handover

    def test_card_listed_among_the_documents(self):
        self.assertTrue(self.card)
        line = self.handover.line_ids.filtered(
            lambda handover_line: handover_line.document_type == "warranty_card"
        )
        self.assertEqual(line.description, self.card.name)
        self._hand_over()
        value = self.handover.form_id.value_ids.filtered(lambda v: v.code == "warranty_card")
        self.assertEqual(value.value_char, self.card.name)

    def test_completion_callback_planned_at_hand_over(self):
        callbacks = self.Callback.search([("card_id", "=", self.card.id)])
        self.assertFalse(callbacks.filtered(lambda c: c.kind == "completion"))
        self._hand_over()
        completion = self.Callback.search(
            [("card_id", "=", self.card.id), ("kind", "=", "completion")]
        )
        self.assertEqual(len(completion), 1)
        self.assertEqual(
            completion.due_date,
            fields.Date.context_today(completion, self.handover.handed_over_on),
        )
        self.assertEqual(completion.user_id, self.statistician)
        self.assertIn("completion", completion.name)
        self.assertEqual(completion.activity_ids.user_id, self.statistician)
        # planned once, whatever calls it again
        self.handover._renovation_plan_completion_callback()
        domain = [("card_id", "=", self.card.id), ("kind", "=", "completion")]
        self.assertEqual(self.Callback.search_count(domain), 1)
        # the statistician records the call (竣工回访记录)
        completion.with_user(self.statistician).write(
            {"outcome": "satisfied", "satisfaction": 5, "notes": "业主对交付满意"}
        )
        completion.with_user(self.statistician).action_done()
        self.assertEqual(completion.state, "done")

    def test_client_file_holds_the_warranty_card(self):
        self._hand_over()
        # a real PDF of the card in the zip (Odoo's tests render HTML unless asked)
        self.handover.with_user(self.statistician).with_context(
            force_report_rendering=True
        ).action_assemble_client_file()
        archive = zipfile.ZipFile(io.BytesIO(self.handover.client_file_id.raw))
        card_pdf = [name for name in archive.namelist() if name.endswith(f"{self.card.name}.pdf")]
        self.assertEqual(len(card_pdf), 1)
        self.assertTrue(archive.read(card_pdf[0]).startswith(b"%PDF"))
