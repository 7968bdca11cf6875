from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestQualityFormContent(QualityCase):
    """The node's form prints what the inspection recorded: the hidden-works
    tests (隐蔽工程验收记录单) and the water-closure tests (防水工程闭水试验记录单)."""

    @staticmethod
    def _values(form):
        return {value.code: value._renovation_raw() for value in form.value_ids}

    def test_hidden_works_record_prints_the_tests(self):
        inspection = self._inspection(
            "hidden_works",
            pressure_test_mpa=0.8,
            pressure_test_minutes=30,
            insulation_resistance_mohm=2.5,
        )
        self._fill(inspection, c2_0_4="na")
        self._attach_media(inspection)
        form = self._complete(inspection).form_id
        values = self._values(form)
        self.assertEqual(values["pressure_mpa"], 0.8)
        self.assertEqual(values["pressure_minutes"], 30)
        self.assertEqual(values["pressure_result"], "pass")
        self.assertEqual(values["drainage_result"], "na")
        self.assertEqual(values["circuits_result"], "pass")
        self.assertEqual(values["insulation_mohm"], 2.5)
        self.assertEqual(values["insulation_result"], "pass")
        self.assertEqual(values["date"], inspection.date)
        self.assertEqual(len(form.photo_ids), inspection.min_photo_count)
        self.assertTrue(all(p.mimetype == "image/png" for p in form.photo_ids))
        # completed: what the record prints no longer changes
        with self.assertRaises(UserError):
            inspection.pressure_test_mpa = 1.0
        self.assertEqual(inspection.pressure_test_mpa, 0.8)

    def test_water_test_record_prints_area_times_depth_and_upturn(self):
        inspection = self._inspection("waterproofing")
        test = self._water_test(inspection, hours=25)
        self._fill(inspection, c8_1_5a=300)
        self._attach_media(inspection)
        form = self._complete(inspection).form_id
        values = self._values(form)
        self.assertEqual(values["areas"], "主卫")
        self.assertEqual(values["water_in"], test.start_datetime)
        self.assertEqual(values["checked_at"], test.end_datetime)
        self.assertEqual(values["duration_hours"], 25)
        self.assertEqual(values["upturn_height"], 300)
        self.assertEqual(values["result"], "pass")
        row = form.line_ids.filtered(lambda line: line.name == test.name)
        self.assertEqual(row.location, "主卫")
        self.assertEqual((row.date_start, row.date_end), (test.start_datetime, test.end_datetime))
        self.assertEqual(row.duration_hours, 25)
        self.assertEqual(row.upturn_height, 300)
        self.assertEqual(row.result, "pass")
