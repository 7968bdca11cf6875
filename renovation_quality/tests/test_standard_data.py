from odoo.tests import TransactionCase, tagged

from .common import chinese_env

# every numbered clause of 家庭居室装饰工程质量验收标准 in seed 002
SEED_CLAUSES = (
    [f"1.0.{n}" for n in range(1, 8)]
    + [f"2.0.{n}" for n in range(1, 6)]
    + [f"3.0.{n}" for n in range(1, 7)]
    + [f"4.0.{n}" for n in range(1, 6)]
    + [f"5.0.{n}" for n in range(1, 6)]
    + [f"6.0.{n}" for n in range(1, 8)]
    + [f"7.0.{n}" for n in range(1, 7)]
    + [f"8.1.{n}" for n in range(1, 6)]
    + [f"8.2.{n}" for n in range(1, 6)]
    + ["8.3.1"]
    + [f"9.0.{n}" for n in range(1, 6)]
    + [f"10.0.{n}" for n in range(1, 6)]
    + [f"11.0.{n}" for n in range(1, 5)]
)


@tagged("post_install", "-at_install")
class TestStandardData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standard = cls.env.ref("renovation_quality.standard_home_decoration")

    def _clause(self, code):
        return self.standard.clause_ids.filtered(lambda c: c.code == code)

    def test_whole_standard_shipped(self):
        self.assertEqual(self.standard.state, "active")
        self.assertFalse(self.standard.company_id, "shared by every company")
        self.assertEqual(self.standard.chapter_ids.mapped("number"), [str(n) for n in range(1, 12)])
        self.assertEqual(
            sorted(set(self.standard.clause_ids.mapped("number"))), sorted(SEED_CLAUSES)
        )
        self.assertEqual(len(SEED_CLAUSES), 66)
        zh = chinese_env(self.env)
        for clause in self.standard.clause_ids:
            with self.subTest(clause=clause.code):
                chinese = clause.with_env(zh).name
                self.assertTrue(chinese and clause.name and chinese != clause.name)
                self.assertEqual(clause.chapter_id.number, clause.number.split(".")[0])
        self.assertIn("承重墙", self._clause("1.0.5").with_env(zh).name)
        self.assertIn("load-bearing", self._clause("1.0.5").name)
        self.assertEqual(self._clause("8.2.1").with_env(zh).section, "木质地板")

    def test_measured_clauses_and_tolerances(self):
        expected = {
            "4.0.2": "±2 mm",
            "4.0.3": "≤ 3 kg",
            "6.0.1": "≤ 12 %",
            "8.1.4": "≤ 5 %",
            "8.1.5a": "≥ 250 mm",
            "8.1.5b": "≥ 24 h",
            "8.2.1": "≤ 12 %",
            "8.2.2": "≥ 10 mm",
        }
        measured = self.standard.clause_ids.filtered(lambda c: c.check_kind == "measured")
        self.assertEqual({c.code: c.tolerance_display for c in measured}, expected)
        self.assertEqual(self._clause("7.0.4").check_kind, "visual")
        self.assertIn("1.5米", self._clause("7.0.4").with_env(chinese_env(self.env)).name)

    def test_checklists_per_node(self):
        checklists = self.standard.checklist_ids
        self.assertEqual(
            set(checklists.mapped("node")),
            {
                "material_entry",
                "hidden_works",
                "waterproofing",
                "tiling",
                "carpentry",
                "midterm",
                "completion",
            },
        )
        forms = {c.node: c.form_type_id.code for c in checklists if c.form_type_id}
        self.assertEqual(
            forms,
            {
                "hidden_works": "hidden_works",
                "waterproofing": "water_test",
                "material_entry": "material_inspection",
                # accepted with the client at the node (分阶段验收记录单, 000 §4.3)
                "tiling": "stage_acceptance",
                "carpentry": "stage_acceptance",
                "completion": "completion_acceptance",
            },
        )
        video_nodes = set(checklists.filtered("video_required").mapped("node"))
        self.assertEqual(
            video_nodes,
            {"material_entry", "hidden_works", "waterproofing", "midterm", "completion"},
        )
        self.assertTrue(all(c.min_photo_count > 0 for c in checklists))
        self.assertEqual(checklists.clause_ids.standard_id, self.standard)
        waterproofing = checklists.filtered(lambda c: c.node == "waterproofing")
        self.assertTrue(waterproofing.requires_water_test)
        self.assertIn("8.1.5a", waterproofing.clause_ids.mapped("code"))

    def test_gates_on_the_stages(self):
        gates = self.env["renovation.stage.gate"].search(
            [
                (
                    "gate_type",
                    "in",
                    ("quality_rectifications_closed", "quality_hidden_works_accepted"),
                )
            ]
        )
        by_node = {g.quality_node: g.stage_id for g in gates if g.quality_node}
        stage = self.env.ref
        self.assertEqual(by_node["material_entry"], stage("renovation_service.stage_construction"))
        self.assertEqual(by_node["hidden_works"], stage("renovation_service.stage_midterm"))
        self.assertEqual(by_node["completion"], stage("renovation_service.stage_delivered"))
        hold = gates.filtered(lambda g: g.gate_type == "quality_hidden_works_accepted")
        self.assertEqual(hold.stage_id, stage("renovation_service.stage_midterm"))
