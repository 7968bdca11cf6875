from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestWeeklyInspections(QualityCase):
    """The client's weekly report lists the inspections passed that week."""

    def test_inspections_passed_this_week_only(self):
        with freeze_time("2026-11-25 10:00:00"):  # Wednesday of the week of 23 November
            passed = self._completed("hidden_works")
        with freeze_time("2026-11-26 10:00:00"):
            failed = self._completed("hidden_works", c2_0_3="fail")
        with freeze_time("2026-12-02 10:00:00"):  # the week after
            later = self._completed("hidden_works")
        Report = self.env["renovation.weekly.progress"]
        report = Report._create_for_week(self.project, date(2026, 11, 23))
        section = report.content.split('o_renovation_weekly_inspections"')[1].split("</section>")[0]
        self.assertIn(passed.name, section)
        self.assertNotIn(failed.name, section, "a failed inspection is not 'passed'")
        self.assertNotIn(later.name, section, "next week's inspection waits for next week")
        # listed before what comes next
        self.assertLess(
            report.content.index("o_renovation_weekly_inspections"),
            report.content.index("o_renovation_weekly_next"),
        )
