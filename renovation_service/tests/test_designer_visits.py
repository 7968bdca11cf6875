from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RenovationCase


@tagged("post_install", "-at_install")
class TestDesignerVisits(RenovationCase):
    """设计师去现场 (seed 002 step 16): visits due at nodes, the
    build-to-drawing check, and missed visits reported to the studio manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.node = cls.env["project.task"].create(
            {
                "name": "02 家具基层",
                "project_id": cls.project.id,
                "date_deadline": fields.Datetime.to_datetime("2026-12-08 09:00:00"),
            }
        )
        cls.visit = cls.env["renovation.designer.visit"].create(
            {"project_id": cls.project.id, "node_task_id": cls.node.id}
        )

    def _missed_activities(self):
        # the summary is in the company's language: the studio manager's to-dos
        return self.visit.activity_ids.filtered(
            lambda a: (
                a.user_id == self.studio_manager
                and a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
            )
        )

    def test_visit_planned_at_the_node(self):
        self.assertEqual(self.visit.designer_id, self.designer, "the project's designer")
        self.assertEqual(str(self.visit.due_date), "2026-12-08")
        self.assertEqual(self.visit.state, "planned")

    def test_missed_visit_tells_the_studio_manager_once(self):
        Visit = self.env["renovation.designer.visit"]
        with freeze_time("2026-12-08"):
            Visit._cron_renovation_missed_designer_visits()
        self.assertFalse(self.visit.activity_ids, "due today: not missed yet")
        with freeze_time("2026-12-09"):
            Visit._cron_renovation_missed_designer_visits()
            Visit._cron_renovation_missed_designer_visits()
        with freeze_time("2026-12-10"):
            Visit._cron_renovation_missed_designer_visits(batch_size=1)
        activities = self._missed_activities()
        self.assertEqual(len(activities), 1, "once, however often the cron runs")
        self.assertEqual(activities.user_id, self.studio_manager)
        # the node moved to a later date and the visit missed again: reported again
        self.node.date_deadline = fields.Datetime.to_datetime("2026-12-15 09:00:00")
        self.assertEqual(str(self.visit.due_date), "2026-12-15", "the visit follows its node")
        with freeze_time("2026-12-16"):
            Visit._cron_renovation_missed_designer_visits()
        self.assertEqual(len(self._missed_activities()), 2)

    def test_done_visit_is_not_reported(self):
        visit = self.visit.with_user(self.designer)
        with self.assertRaises(UserError):
            visit.action_done()  # no build-to-drawing check yet
        visit.write({"drawing_check": "pass", "findings": "吊顶造型与图纸一致"})
        visit.action_done()
        self.assertEqual(self.visit.state, "done")
        self.assertTrue(self.visit.visit_date)
        with freeze_time("2026-12-20"):
            self.env["renovation.designer.visit"]._cron_renovation_missed_designer_visits()
        self.assertFalse(self._missed_activities())

    def test_deviation_needs_findings_and_goes_to_the_pm(self):
        visit = self.visit.with_user(self.designer)
        visit.drawing_check = "fail"
        with self.assertRaises(UserError):
            visit.action_done()
        visit.findings = "衣柜尺寸比图纸小 5 cm"
        visit.action_done()
        self.assertIn(self.pm, self.visit.activity_ids.user_id)

    def test_only_the_designer_records_the_visit(self):
        self.visit.drawing_check = "pass"
        with self.assertRaises(UserError):
            self.visit.with_user(self.foreman).action_done()
        with self.assertRaises(UserError):
            self.visit.with_user(self.designer).state = "done"
        self.assertEqual(self.visit.state, "planned")

    def test_flagged_node_plans_its_visit(self):
        node = self.env["project.task"].create(
            {
                "name": "05 厨卫墙地砖",
                "project_id": self.project.id,
                "date_deadline": fields.Datetime.to_datetime("2026-12-20 09:00:00"),
                "renovation_designer_visit_due": True,
            }
        )
        visit = node.renovation_designer_visit_ids
        self.assertEqual(len(visit), 1)
        self.assertEqual((str(visit.due_date), visit.designer_id), ("2026-12-20", self.designer))
        node.renovation_designer_visit_due = True
        self.assertEqual(len(node.renovation_designer_visit_ids), 1, "planned once")
        self.node.renovation_designer_visit_due = True
        self.assertEqual(len(self.node.renovation_designer_visit_ids), 1, "it had its visit")
        other = self.env["project.task"].create(
            {"name": "10 踢脚线", "project_id": self.project.id, "date_deadline": "2026-12-28"}
        )
        self.assertFalse(other.renovation_designer_visit_ids)
        other.renovation_designer_visit_due = True
        self.assertEqual(len(other.renovation_designer_visit_ids), 1)
