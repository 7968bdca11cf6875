from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SIGNATURE, RenovationCase


@tagged("post_install", "-at_install")
class TestSettlementAudit(RenovationCase):
    """Seed 002 step 27: finance fills the 结算登记表, the statistician audits
    every form and step of the project before signing it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.project.with_user(cls.pm).action_midterm_settlement()
        cls.project.with_user(cls.pm).action_completion_acceptance()
        cls.env.flush_all()
        # the gates are not what this test is about: the project is handed over
        cls.env.cr.execute(
            "UPDATE project_project SET stage_id = %s WHERE id = %s",
            [cls.stage["delivered"].id, cls.project.id],
        )
        cls.env.invalidate_all()

    def test_register_filled_by_finance_and_audited_by_the_statistician(self):
        form = self.env["renovation.form"]._create_from_source(
            self.project, "settlement_register", self.project
        )
        with self.assertRaisesRegex(UserError, "issued by the Finance"):
            form.with_user(self.pm).action_request_signatures()
        form.with_user(self.collector).action_request_signatures()
        self.assertEqual(
            form.signature_ids.mapped(lambda s: (s.role_code, s.user_id)),
            [("finance", self.collector), ("statistician", self.statistician)],
        )
        finance, statistician = form.signature_ids
        finance.with_user(self.collector).action_sign(SIGNATURE, "Finance Sun")
        with self.assertRaisesRegex(UserError, "settlement audit"):
            statistician.with_user(self.statistician).action_sign(SIGNATURE, "Hu")
        self.assertFalse(statistician.is_signed)

        audit = self.env["renovation.settlement.audit"]._for_project(self.project)
        required = audit.line_ids.filtered("required")
        self.assertIn(
            self.env.ref("renovation_service.form_type_onsite_handover"),
            required.form_type_id,
            "every form the gates asked for is listed",
        )
        self.assertTrue(all(line.status == "missing" for line in required))
        self.assertEqual(
            audit.line_ids.filtered(lambda line: line.kind == "instalment").mapped("status"),
            ["unpaid", "unpaid", "unpaid"],
        )
        with self.assertRaises(UserError):
            audit.line_ids.with_user(self.pm).write({"checked": True})
        with self.assertRaises(UserError):
            audit.with_user(self.pm).action_done()
        lines = audit.line_ids.with_user(self.statistician)
        lines.write({"checked": True})
        with self.assertRaisesRegex(UserError, "Explain"):
            audit.with_user(self.statistician).action_done()
        lines.write({"note": "纸质单据已归档，未上传"})
        audit.with_user(self.statistician).action_done()
        self.assertEqual(audit.state, "done")
        self.assertEqual(audit.done_by_id, self.statistician)
        with self.assertRaises(UserError):
            audit.with_user(self.statistician).write({"state": "draft"})
        with self.assertRaises(UserError):
            lines.write({"note": "改"})
        statistician.with_user(self.statistician).action_sign(SIGNATURE, "Statistician Hu")
        self.assertEqual(form.state, "signed")
