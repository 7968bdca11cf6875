from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestSitePatrol(QualityCase):
    """Seed 000 §4.2: the project manager patrols each site every day,
    besides the inspector's patrols and checks."""

    def _under_construction(self):
        # the project's gates are not what this test is about: set the stage
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE project_project SET stage_id = %s WHERE id = %s",
            [self.stage["construction"].id, self.project.id],
        )
        self.env.invalidate_all()

    def _site_patrols(self, user=None):
        return self.env["renovation.quality.patrol"].search(
            [("patrol_type", "=", "site"), ("inspector_id", "=", (user or self.pm).id)]
        )

    def test_daily_patrol_for_the_pm_of_sites_under_construction(self):
        Patrol = self.env["renovation.quality.patrol"]
        Patrol._cron_schedule_site_patrols()
        self.assertFalse(self._site_patrols(), "the project is not under construction yet")
        self._under_construction()
        Patrol._cron_schedule_site_patrols()
        Patrol._cron_schedule_site_patrols()
        patrol = self._site_patrols()
        self.assertEqual(len(patrol), 1, "one patrol a day, however often the cron runs")
        self.assertEqual(patrol.state, "todo")
        self.assertIn(self.project, patrol.project_ids)
        activity = patrol.activity_ids
        self.assertEqual(activity.user_id, self.pm)
        self.assertEqual(activity.date_deadline, self.today)
        # the PM logs it, with findings
        with self.assertRaises(UserError):
            patrol.with_user(self.pm).action_done()
        self.assertEqual(patrol.state, "todo")
        with self.assertRaises(UserError):
            patrol.with_user(self.foreman).action_done()
        patrol.with_user(self.pm).findings = "<p>现场整洁，卫生间防水已完成</p>"
        patrol.with_user(self.pm).action_done()
        self.assertEqual(patrol.state, "done")
        self.assertFalse(patrol.activity_ids)

    def test_inspector_patrols_stay_separate(self):
        self._under_construction()
        inspector_patrol = (
            self.env["renovation.quality.patrol"]
            .with_user(self.inspector)
            .create({"project_ids": [(6, 0, self.project.ids)], "findings": "<p>抽查</p>"})
        )
        self.assertEqual(inspector_patrol.patrol_type, "quality")
        self.env["renovation.quality.patrol"]._cron_schedule_site_patrols()
        self.assertTrue(self._site_patrols())
        self.assertFalse(self._site_patrols(self.inspector))
