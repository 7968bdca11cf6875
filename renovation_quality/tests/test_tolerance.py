from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestTolerance(QualityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a draft version to define tolerance kinds the shipped standard lacks
        cls.draft = cls.standard._copy_as_new_version()
        cls.chapter = cls.draft.chapter_ids[:1]

    def _new_clause(self, **values):
        return self.env["renovation.quality.clause"].create(
            {
                "chapter_id": self.chapter.id,
                "number": "1.9.9",
                "name": "Test clause",
                "check_kind": "measured",
                "uom": "mm",
                **values,
            }
        )

    def assertBoundaries(self, clause, passing, failing):
        for value in passing:
            with self.subTest(code=clause.code, value=value):
                self.assertTrue(clause._evaluate(value), f"{value} should pass")
        for value in failing:
            with self.subTest(code=clause.code, value=value):
                self.assertFalse(clause._evaluate(value), f"{value} should fail")

    def test_plus_minus(self):
        self.assertBoundaries(
            self._clause("4.0.2"), passing=[-2.0, 0.0, 1.999, 2.0], failing=[-2.01, 2.001, 2.01, 5]
        )
        off_centre = self._new_clause(tolerance_kind="plus_minus", nominal_value=10, tolerance=2)
        self.assertEqual(off_centre.tolerance_display, "10 ± 2 mm")
        self.assertBoundaries(off_centre, passing=[8, 10, 12], failing=[7.99, 12.01])

    def test_at_most(self):
        self.assertBoundaries(self._clause("6.0.1"), passing=[0, 11.9, 12], failing=[12.01, 15])
        self.assertBoundaries(self._clause("8.1.4"), passing=[0, 5], failing=[5.001, 5.1])
        self.assertBoundaries(self._clause("4.0.3"), passing=[3], failing=[3.01])

    def test_at_least(self):
        self.assertBoundaries(self._clause("8.1.5a"), passing=[250, 300], failing=[249.99, 0])
        self.assertBoundaries(self._clause("8.1.5b"), passing=[24, 48], failing=[23.99])
        self.assertBoundaries(self._clause("8.2.2"), passing=[10, 12], failing=[9.99])

    def test_range(self):
        clause = self._new_clause(tolerance_kind="range", min_value=5, max_value=10)
        self.assertEqual(clause.tolerance_display, "5 – 10 mm")
        self.assertBoundaries(clause, passing=[5, 7.5, 10], failing=[4.99, 10.01])

    def test_line_result_follows_the_measurement(self):
        inspection = self._inspection("carpentry")
        line = inspection.line_ids.filtered(lambda l_: l_.code == "4.0.2").with_user(self.inspector)
        line.measured_value = 2.0
        self.assertEqual((line.tolerance_result, line.result), ("pass", "pass"))
        line.measured_value = -2.01
        self.assertEqual((line.tolerance_result, line.result), ("fail", "fail"))
        line.measured_value = 0.0
        self.assertTrue(line.value_entered, "0 is a measurement")
        self.assertEqual(line.result, "pass")

    def test_invalid_tolerance_definitions_refused(self):
        with self.assertRaises(ValidationError):
            self._new_clause(tolerance_kind=False)
        with self.assertRaises(ValidationError):
            self._new_clause(tolerance_kind="max", max_value=3, uom=False)
        with self.assertRaises(ValidationError):
            self._new_clause(tolerance_kind="range", min_value=10, max_value=5)
        with self.assertRaises(ValidationError):
            self._new_clause(tolerance_kind="plus_minus", tolerance=-1)
        self.assertFalse(self.draft.clause_ids.filtered(lambda c: c.code == "1.9.9"))
