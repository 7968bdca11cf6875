from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.renovation_service.tests.common import CronRaceMixin

CARD_TABLES = (
    "renovation_cron_claim",
    "renovation_warranty_greeting",
    "renovation_warranty_callback",
    "renovation_warranty_card_line",
    "renovation_warranty_card",
    "renovation_aftercare_holiday",
    "renovation_complaint",
    "project_project",
    "res_partner",
)


@tagged("post_install", "-at_install")
class TestAftercareCronRaces(CronRaceMixin, TransactionCase):
    """The aftercare crons run by two workers at once: every callback,
    greeting and escalation exists once, and neither worker fails."""

    @staticmethod
    def _card(env, start_date):
        client = env["res.partner"].create({"name": "并发客户", "email": "race@example.com"})
        project = env["project.project"].create(
            {
                "name": "并发保修工地",
                "is_renovation": True,
                "company_id": env.company.id,
                "partner_id": client.id,
            }
        )
        scope = env.ref("renovation_aftercare.scope_basic_works")
        return env["renovation.warranty.card"].create(
            {
                "project_id": project.id,
                "start_date": start_date,
                "issue_date": start_date,
                "line_ids": [
                    Command.create({"scope_id": scope.id, "warranty_months": scope.warranty_months})
                ],
            }
        )

    def test_callbacks_race(self):
        today = fields.Date.today()

        def setup(env):
            return self._card(env, today - timedelta(days=400)).ids

        def work(env, card_ids):
            callbacks = env["renovation.warranty.callback"]._create_due_callbacks(
                env["renovation.warranty.card"].browse(card_ids), today
            )
            return len(callbacks)

        first, second = self._race(work, setup, tables=CARD_TABLES)
        self.assertGreaterEqual(first, 3, "the callbacks due in 400 days")
        self.assertEqual(second, 0)
        due_dates = self._committed(
            lambda env: (
                env["renovation.warranty.callback"]
                .search([("card_id.project_id.name", "=", "并发保修工地")])
                .mapped("due_date")
            )
        )
        self.assertEqual(len(due_dates), first, "each due date once")
        self.assertEqual(len(set(due_dates)), first)
        next_date = self._committed(
            lambda env: (
                env["renovation.warranty.card"]
                .search([("project_id.name", "=", "并发保修工地")])
                .callback_next_date
            )
        )
        self.assertGreater(next_date, today, "moved past today once, by the first worker")

    def test_holiday_greeting_race(self):
        today = fields.Date.today()

        def setup(env):
            card = self._card(env, today - timedelta(days=30))
            holiday = env["renovation.aftercare.holiday"].create(
                {"name": "并发节日", "date": today + timedelta(days=1)}
            )
            return card.ids, holiday.id

        def work(env, fixture):
            card_ids, holiday_id = fixture
            cards = env["renovation.warranty.card"].browse(card_ids)
            cards._send_holiday_greeting(env["renovation.aftercare.holiday"].browse(holiday_id))
            return True

        self._race(work, setup, tables=CARD_TABLES)
        greetings = self._committed(
            lambda env: env["renovation.warranty.greeting"].search_count(
                [("holiday_id.name", "=", "并发节日")]
            )
        )
        self.assertEqual(greetings, 1)

    def test_sla_escalation_race(self):
        admin = self.env.ref("base.user_admin")

        def setup(env):
            project = env["project.project"].create(
                {"name": "并发投诉工地", "is_renovation": True, "company_id": env.company.id}
            )
            complaint = env["renovation.complaint"].create(
                {"project_id": project.id, "description": "并发投诉", "user_id": admin.id}
            )
            return complaint.ids

        def work(env, complaint_ids):
            complaints = env["renovation.complaint"].browse(complaint_ids)
            complaints._sla_escalate(fields.Datetime.now() + timedelta(days=30))
            return True

        overdue = self.env.ref("renovation_aftercare.mail_activity_type_sla_overdue")
        self._race(work, setup, tables=CARD_TABLES)

        def read(env):
            complaint = env["renovation.complaint"].search([("description", "=", "并发投诉")])
            activities = env["mail.activity"].search_count(
                [
                    ("res_model", "=", "renovation.complaint"),
                    ("res_id", "=", complaint.id),
                    ("activity_type_id", "=", overdue.id),
                ]
            )
            return complaint.sla_escalation_level, activities

        level, activities = self._committed(read)
        self.assertEqual(level, "1")
        self.assertEqual(activities, 1, "the responsible is warned once")
