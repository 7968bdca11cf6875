from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.renovation_service.tests.common import CronRaceMixin


@tagged("post_install", "-at_install")
class TestEscalationRace(CronRaceMixin, TransactionCase):
    """The rectification escalation cron run by two workers at once: each
    order is escalated once per level, and neither worker fails."""

    def test_escalation_race(self):
        admin = self.env.ref("base.user_admin")

        def setup(env):
            project = env["project.project"].create(
                {
                    "name": "并发整改工地",
                    "is_renovation": True,
                    "company_id": env.company.id,
                    "user_id": admin.id,
                    "foreman_id": admin.id,
                    "inspector_id": admin.id,
                }
            )
            inspection = env["renovation.quality.inspection"].create(
                {"project_id": project.id, "node": "hidden_works", "inspector_id": admin.id}
            )
            # as completed with a failure: the state the order is born from
            inspection.write({"state": "done", "done_on": fields.Datetime.now()})
            order = env["renovation.quality.rectification"].create(
                {
                    "inspection_id": inspection.id,
                    "foreman_id": admin.id,
                    "deadline": fields.Date.today() - timedelta(days=5),
                    "description": "卫生间地面空鼓",
                }
            )
            return order.ids

        def work(env, order_ids):
            orders = env["renovation.quality.rectification"].browse(order_ids)
            orders._escalate_overdue(fields.Date.today())
            return env["renovation.quality.escalation"].search_count(
                [("rectification_id", "in", order_ids)]
            )

        first, _second = self._race(
            work,
            setup,
            tables=(
                "renovation_quality_escalation",
                "renovation_quality_rectification",
                "renovation_quality_inspection_line",
                "renovation_quality_inspection",
                "project_project",
            ),
        )
        self.assertGreaterEqual(first, 1)

        def read(env):
            order = env["renovation.quality.rectification"].search(
                [("description", "=", "卫生间地面空鼓"), ("project_id.name", "=", "并发整改工地")]
            )
            escalation_type = env.ref("renovation_quality.mail_activity_type_quality_escalation")
            activities = order.activity_ids.filtered(
                lambda a: a.activity_type_id == escalation_type
            )
            return len(order.escalation_ids), len(activities)

        escalations, activities = self._committed(read)
        self.assertEqual(escalations, first, "no level escalated twice")
        self.assertEqual(activities, first, "one activity per escalation")
