import base64
import io

import openpyxl

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.renovation_aftercare.models.renovation_customer_evaluation import (
    DIMENSION_FIELDS,
)

from .common import AftercareCase


def scores(default=4, **overrides):
    values = dict.fromkeys([*DIMENSION_FIELDS, "overall_score"], default)
    values.update(overrides)
    return values


@tagged("post_install", "-at_install")
class TestCustomerEvaluation(AftercareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._accepted_project()
        cls.evaluation = cls.project.customer_evaluation_ids

    def test_requested_at_completion_acceptance(self):
        self.assertEqual(len(self.evaluation), 1)
        self.assertEqual(self.evaluation.state, "sent")
        self.assertEqual(self.evaluation.designer_id, self.designer)
        self.assertEqual(self.evaluation.foreman_id, self.foreman)
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.client.ids), ("body_html", "like", "/my/evaluation/")]
        )
        self.assertTrue(mail, "the client gets the portal link by e-mail")
        self.assertIn(self.evaluation.access_token, mail[0].body_html)
        self.assertEqual(mail.recipient_ids, self.client, "to the client only")
        self.assertFalse(
            self.evaluation.message_ids.filtered(
                lambda m: self.evaluation.access_token in (m.body or "")
            ),
            "the token is not in the chatter",
        )

    def test_good_scores_open_no_complaint(self):
        self.evaluation._submit(scores(3), "整体满意")
        self.assertEqual(self.evaluation.state, "done")
        self.assertFalse(self.evaluation.is_low)
        self.assertFalse(self.evaluation.complaint_id)
        self.assertFalse(self.Complaint.search([("project_id", "=", self.project.id)]))
        self.assertAlmostEqual(self.evaluation.average_score, 3.0)

    def test_one_low_dimension_opens_a_complaint(self):
        self.evaluation._submit(scores(5, score_responsiveness=2), "电话总是没人接")
        complaint = self.evaluation.complaint_id
        self.assertTrue(self.evaluation.is_low)
        self.assertEqual(complaint.source, "evaluation")
        self.assertEqual(complaint.project_id, self.project)
        self.assertEqual(complaint.evaluation_id, self.evaluation)
        self.assertIn("Responsiveness", complaint.description)
        self.assertIn("电话总是没人接", complaint.description)

    def test_low_overall_score_opens_a_complaint(self):
        self.evaluation._submit(scores(4, overall_score=1))
        self.assertTrue(self.evaluation.complaint_id)
        self.assertIn("Overall", self.evaluation.low_dimensions)

    def test_threshold_is_configurable(self):
        self.company.renovation_evaluation_low_score = 3
        self.evaluation._submit(scores(4, score_care=3))
        self.assertTrue(self.evaluation.complaint_id)

    def test_every_score_is_required(self):
        incomplete = scores(4)
        del incomplete["score_tangibles"]
        for bad in (
            incomplete,
            scores(4, score_access=0),
            scores(4, overall_score=6),
            scores(4, score_care="x"),
        ):
            with self.assertRaises(UserError):
                self.evaluation._submit(bad)
        self.assertEqual(self.evaluation.state, "sent")
        self.assertFalse(self.evaluation.submitted_datetime)
        self.assertFalse(any(self.evaluation[name] for name in DIMENSION_FIELDS))

    def test_scores_stay_between_one_and_five(self):
        with self.assertRaises(ValidationError):
            self.evaluation.score_care = 6
        with self.assertRaises(ValidationError):
            self.evaluation.overall_score = -1
        self.assertEqual(self.evaluation.score_care, 0)
        self.assertEqual(self.evaluation.overall_score, 0)

    def test_submitted_only_once(self):
        self.evaluation._submit(scores(4))
        with self.assertRaises(UserError):
            self.evaluation._submit(scores(1))
        self.assertEqual(self.evaluation.overall_score, 4)
        self.assertFalse(self.evaluation.complaint_id)

    def test_paper_form_typed_in(self):
        self.evaluation.write(scores(2))
        self.evaluation.comment = "纸质表录入"
        self.evaluation.action_submit()
        self.assertEqual(self.evaluation.state, "done")
        self.assertTrue(self.evaluation.complaint_id)

    def test_one_evaluation_per_project(self):
        self.assertFalse(self.Evaluation._request_for_projects(self.project))
        self.assertEqual(len(self.project.customer_evaluation_ids), 1)

    def test_satisfaction_xlsx(self):
        _order_b, project_b = self._accepted_project(
            studio=self.studio_b,
            designer_id=self.other_designer.id,
            user_id=self.other_designer.id,
        )
        evaluation_b = project_b.customer_evaluation_ids
        self.evaluation._submit(scores(4, overall_score=5), "很好")
        evaluation_b._submit(scores(2, overall_score=2), "一般")
        _order_c, project_c = self._accepted_project()
        project_c.customer_evaluation_ids._submit(scores(3, overall_score=3))
        evaluations = self.evaluation | evaluation_b | project_c.customer_evaluation_ids

        workbook = openpyxl.load_workbook(io.BytesIO(evaluations._satisfaction_xlsx()))
        self.assertEqual(
            workbook.sheetnames, ["Evaluations", "By designer", "By foreman", "By studio"]
        )
        rows = list(workbook["Evaluations"].iter_rows(values_only=True))
        header = rows[0]
        self.assertEqual(header[:5], ("Project", "Client", "Studio", "Designer", "Foreman"))
        self.assertEqual(header[5], "Reliability")
        self.assertEqual(header[16], "Overall Satisfaction")
        self.assertEqual(len(rows), 4)
        by_project = {row[0]: row for row in rows[1:]}
        row_b = by_project[project_b.name]
        self.assertEqual(row_b[2], "Studio U")
        self.assertEqual(row_b[3], "Designer Zhao")
        self.assertEqual(row_b[16], 2)
        self.assertAlmostEqual(row_b[17], 2.0)
        self.assertEqual(row_b[19], "一般")

        designers = {
            row[0]: row for row in workbook["By designer"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(designers["Designer Wang"][1], 2, "two evaluations")
        self.assertAlmostEqual(designers["Designer Wang"][2], 3.5, msg="(4 + 3) / 2 reliability")
        self.assertAlmostEqual(designers["Designer Wang"][13], 4.0, msg="(5 + 3) / 2 overall")
        self.assertAlmostEqual(designers["Designer Zhao"][13], 2.0)
        studios = {
            row[0]: row[1] for row in workbook["By studio"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(studios, {"Studio A": 2, "Studio U": 1})

    def test_export_action_downloads_the_file(self):
        self.evaluation._submit(scores(5))
        action = self.Evaluation.with_user(self.manager).action_export_xlsx()
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertTrue(attachment.name.endswith(".xlsx"))
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        rows = list(workbook["Evaluations"].iter_rows(min_row=2, values_only=True))
        # those of the manager's company (the demo company has its own)
        submitted = self.Evaluation.with_user(self.manager).search([("state", "=", "done")])
        self.assertEqual(len(rows), len(submitted), "every submitted evaluation, once")
        self.assertIn(self.project.name, [row[0] for row in rows])
