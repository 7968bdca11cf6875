from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftercareCase


@tagged("post_install", "-at_install")
class TestHolidayGreetings(AftercareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"renovation_holiday_greetings": True, "renovation_greeting_days_before": 1}
        )
        # the holidays are the test's own (demo data ships some)
        cls.env["renovation.aftercare.holiday"].search([]).unlink()
        cls.holiday = cls.env["renovation.aftercare.holiday"].create(
            {"name": "Spring Festival", "date": date(2027, 2, 6)}
        )
        cls.running = cls._card_for(date(2026, 5, 29), cls.scope_basic)
        cls.expired = cls._card_for(date(2020, 5, 29), cls.scope_basic)
        cls.Greeting = cls.env["renovation.warranty.greeting"]

    def _greeted(self, card):
        return self.Greeting.search([("card_id", "=", card.id)])

    def _run(self, day):
        with freeze_time(day):
            self.env["renovation.warranty.card"]._cron_send_holiday_greetings()

    def test_clients_under_warranty_greeted_once(self):
        self._run("2027-02-04")
        self.assertFalse(self._greeted(self.running), "too early")
        self._run("2027-02-05")
        greeting = self._greeted(self.running)
        self.assertEqual(len(greeting), 1)
        self.assertEqual(greeting.holiday_id, self.holiday)
        message = greeting.message_id
        self.assertIn(self.client, message.partner_ids)
        self.assertIn("Spring Festival", message.body)
        self.assertIn("Spring Festival", message.subject)
        self._run("2027-02-06")
        self.assertEqual(self._greeted(self.running), greeting, "one greeting per holiday")
        self.assertEqual(
            len(self.running.message_ids.filtered(lambda m: m.subject and "Spring" in m.subject)),
            1,
        )
        self.assertFalse(self._greeted(self.expired), "the warranty has ended")
        self._run("2027-02-07")
        self.assertEqual(len(self._greeted(self.running)), 1, "after the holiday: nothing")

    def test_disabled_greets_nobody(self):
        self.company.renovation_holiday_greetings = False
        self._run("2027-02-06")
        self.assertFalse(self._greeted(self.running))

    def test_client_without_email_is_skipped(self):
        self.client.email = False
        self._run("2027-02-06")
        self.assertFalse(self._greeted(self.running))
