import base64
import io

from openpyxl import load_workbook

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestQualityAnalysis(QualityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # hidden works (accepted first, the hold point): 8 checks, all pass;
        # tiling: 5 checks, 1 fail (8.1.4); carpentry: 13 checks, 2 fails; 1 n/a not counted
        cls.tiling = cls._completed("tiling", c8_1_4=9.0)
        cls.carpentry = cls._completed("carpentry", c4_0_2=3.0, c6_0_3="fail", c6_0_6="na")
        # the export covers a period: the database's other inspections (demo data,
        # done today too) are moved out of it, so the sheets hold this project only
        ours = cls.project.quality_inspection_ids
        cls.env.cr.execute(
            "UPDATE renovation_quality_inspection SET date = '1990-01-01' WHERE id NOT IN %s",
            [tuple(ours.ids)],
        )
        cls.env.invalidate_all()
        cls.env["renovation.quality.report"].invalidate_model()

    def test_first_pass_rate_per_foreman_and_chapter(self):
        report = self.env["renovation.quality.report"].with_user(self.manager)
        [(foreman, rate, checks)] = report._read_group(
            [("project_id", "=", self.project.id)],
            ["foreman_id"],
            ["first_pass_rate:avg", "check_count:sum"],
        )
        self.assertEqual(foreman, self.foreman)
        self.assertEqual(checks, 25)
        self.assertAlmostEqual(rate, 100.0 * 22 / 25)
        by_chapter = dict(
            report._read_group(
                [("project_id", "=", self.project.id)], ["chapter_number"], ["fail_count:sum"]
            )
        )
        self.assertEqual(by_chapter["8"], 1)
        self.assertEqual(by_chapter["4"], 1)
        self.assertEqual(by_chapter["6"], 1)

    def test_xlsx_export(self):
        wizard = (
            self.env["renovation.quality.export"]
            .with_user(self.manager)
            .create({"date_from": self.today, "date_to": self.today})
        )
        action = wizard.action_export()
        self.assertIn(f"id={wizard.id}", action["url"])
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", wizard._name),
                ("res_id", "=", wizard.id),
                ("res_field", "=", "xlsx_file"),
            ]
        )
        self.assertTrue(attachment, "the file is stored as an attachment to download")
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        self.assertEqual(workbook.sheetnames, ["By foreman", "By chapter", "Open rectifications"])
        foremen = {row[0]: row[1:] for row in workbook["By foreman"].iter_rows(values_only=True)}
        self.assertEqual(foremen["Foreman Liu"], (25, 22, 3, round(100 * 22 / 25, 1)))
        chapters = {
            row[0].split()[0]: row[1:]
            for row in workbook["By chapter"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(chapters["8"][2], 1)
        labels = [cell.value for cell in workbook["By chapter"]["A"]]
        # the chapter titles in the language of the user who exports, only
        chapter_8 = self.env.ref("renovation_quality.chapter_8").with_user(self.manager)
        self.assertIn(f"8 {chapter_8.name}", labels)
        self.assertFalse(any("板块铺贴工程" in label for label in labels), labels)
        open_orders = list(workbook["Open rectifications"].iter_rows(min_row=2, values_only=True))
        names = {row[0] for row in open_orders}
        # every open order of the company, whatever its inspection's date (demo ones
        # included: the demo company's are in its own export)
        open_all = self.env["renovation.quality.rectification"].search(
            [("state", "!=", "closed"), ("company_id", "=", self.env.company.id)]
        )
        self.assertEqual(names, set(open_all.mapped("name")))
        ours = (self.tiling | self.carpentry).rectification_ids
        self.assertLessEqual(set(ours.mapped("name")), names)
        self.assertTrue(
            all(row[3] == "Foreman Liu" for row in open_orders if row[0] in ours.mapped("name"))
        )

    def test_period_must_be_in_order(self):
        wizards = self.env["renovation.quality.export"].with_user(self.manager)
        with self.assertRaises(UserError):
            wizards.create({"date_from": "2025-02-01", "date_to": "2025-01-01"})
        self.assertFalse(wizards.search([("date_from", "=", "2025-02-01")]))

    def test_period_filters_the_rates(self):
        wizard = (
            self.env["renovation.quality.export"]
            .with_user(self.manager)
            .create({"date_from": "2001-01-01", "date_to": "2001-12-31"})
        )
        wizard.action_export()
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        self.assertEqual(workbook["By foreman"].max_row, 1, "headers only")
