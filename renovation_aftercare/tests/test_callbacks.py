from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AftercareCase

# queries of one batch of the callbacks cron (callbacks, activities, next
# dates), whatever its size: measured 26, no slack (the cards' next dates
# moved in one compare-and-set UPDATE, which is also the claim that lets two
# cron workers run at once; the callbacks' stored names and the activities'
# record names and time zones are inserted with them: a value Odoo has to
# compute again after the insert costs an UPDATE per batch)
CRON_BATCH_QUERY_BUDGET = 26


@tagged("post_install", "-at_install")
class TestCallbackPlan(AftercareCase):
    def test_plan_of_a_five_year_card(self):
        """Seed 000: 1, 3, 6 months and a year; seed 002 step 28: every quarter
        while the warranty runs. A 5-year card: 1, 3, 6, 9, 12, 15 ... 60."""
        card = self._card_for(date(2026, 5, 29), self.scope_basic | self.scope_bathroom)
        plan = card._callback_plan()
        self.assertEqual(
            plan[:7],
            [
                (date(2026, 6, 29), 1),
                (date(2026, 8, 29), 3),
                (date(2026, 11, 29), 6),
                (date(2027, 2, 28), 9),
                (date(2027, 5, 29), 12),
                (date(2027, 8, 29), 15),
                (date(2027, 11, 29), 18),
            ],
        )
        self.assertEqual([m for _d, m in plan], [1, *range(3, 61, 3)])
        self.assertEqual(plan[-1], (date(2031, 5, 29), 60), "the last month of the warranty")

    def test_plan_stops_with_the_longest_warranty(self):
        card = self._card_for(date(2026, 5, 29), self.scope_basic)
        self.assertEqual([m for _d, m in card._callback_plan()], [1, 3, 6, 9, 12, 15, 18, 21, 24])
        self.assertEqual(card.end_date, date(2028, 5, 28))

    def test_month_end_clamping(self):
        card = self._card_for(date(2027, 1, 31), self.scope_basic)
        dates = {m: d for d, m in card._callback_plan()}
        self.assertEqual(dates[1], date(2027, 2, 28))
        self.assertEqual(dates[3], date(2027, 4, 30))
        self.assertEqual(dates[6], date(2027, 7, 31), "counted from the start, not chained")
        self.assertEqual(dates[12], date(2028, 1, 31))
        leap = self._card_for(date(2028, 1, 31), self.scope_basic)
        self.assertEqual(leap._callback_plan()[0], (date(2028, 2, 29), 1))

    def test_offsets_are_configurable(self):
        self.company.write(
            {"renovation_callback_months": "4, 2", "renovation_callback_interval_months": 6}
        )
        card = self._card_for(date(2026, 1, 15), self.scope_basic)
        self.assertEqual([m for _d, m in card._callback_plan()], [2, 4, 6, 12, 18, 24])
        self.company.renovation_callback_interval_months = 0
        self.assertEqual([m for _d, m in card._callback_plan()], [2, 4])

    def test_invalid_offsets_refused(self):
        for bad in ("1,x,6", "0,3", "-1"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                self.company.renovation_callback_months = bad
        self.assertEqual(self.company.renovation_callback_months, "1,3,6,12")
        with self.assertRaises(ValidationError):
            self.company.renovation_callback_interval_months = -3
        self.assertEqual(self.company.renovation_callback_interval_months, 3)


@tagged("post_install", "-at_install")
class TestCallbackCron(AftercareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref("renovation_aftercare.mail_activity_type_callback")

    def _callbacks(self, card):
        return self.Callback.search([("card_id", "=", card.id)], order="due_date")

    def test_due_callback_created_for_the_statistician(self):
        _order, project = self._completed_project(date(2026, 5, 29))
        card = project.warranty_card_id
        with freeze_time("2026-06-28"):
            self.Callback._cron_create_due_callbacks()
        self.assertFalse(self._callbacks(card), "not due yet")
        with freeze_time("2026-06-29"):
            self.Callback._cron_create_due_callbacks()
        callback = self._callbacks(card)
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.due_date, date(2026, 6, 29))
        self.assertEqual(callback.offset_months, 1)
        self.assertEqual(callback.user_id, self.statistician)
        self.assertEqual(callback.partner_id, self.client)
        self.assertEqual(callback.state, "planned")
        activity = callback.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.activity_type)
        self.assertEqual(activity.user_id, self.statistician)
        self.assertEqual(activity.date_deadline, date(2026, 6, 29))
        # the values the cron gives the activity are those Odoo computes
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(activity.res_name, callback.display_name)
        self.assertIn(card.name, activity.res_name)
        self.assertFalse(activity.date_done)
        self.assertEqual(activity.user_tz, self.statistician.tz)
        self.assertEqual(card.callback_next_date, date(2026, 8, 29))
        self.assertIn(callback, project.warranty_callback_ids)

    def _cron_model(self):
        """The callbacks model as the scheduler runs it: with tracking, which
        the test classes otherwise disable."""
        return self.env(context={})["renovation.warranty.callback"]

    def _run_commit_hooks(self):
        """What the cron's commit runs (tests never commit): flush, then the
        pre-commit hooks such as mail tracking."""
        self._cron_model().env.flush_all()
        self.env.cr.precommit.run()

    def test_new_callback_has_no_tracking_noise(self):
        """The cron inserts callbacks without the ORM's create: the values it
        gives a new callback are not changes to log in its chatter."""
        _order, project = self._completed_project(date(2026, 5, 29))
        with freeze_time("2026-06-29"):
            self._cron_model()._cron_create_due_callbacks()
            self._run_commit_hooks()
        callback = self._callbacks(project.warranty_card_id)
        self.assertEqual(callback.designer_id, project.designer_id)
        self.assertFalse(callback.message_ids.tracking_value_ids)

    def test_callback_analysis_by_the_project_team(self):
        """The callback analysis (pivot, "group by" filters) groups the calls
        by studio, designer and foreman: the project's, also after the
        project changes hands."""
        _order, project = self._completed_project(date(2026, 5, 29))
        with freeze_time("2026-06-29"):
            self.Callback._cron_create_due_callbacks()
        callbacks = self.Callback.with_user(self.statistician)
        domain = [("project_id", "=", project.id)]
        for fname in ("studio_id", "designer_id", "foreman_id"):
            self.assertTrue(project[fname])
            self.assertEqual(
                callbacks._read_group(domain, [fname], ["__count"]), [(project[fname], 1)]
            )
        project.foreman_id = self.pm
        self.assertEqual(callbacks._read_group(domain, ["foreman_id"]), [(self.pm,)])
        self.assertEqual(
            callbacks.search(domain + [("foreman_id", "=", self.pm.id)]).project_id, project
        )

    def test_missed_days_caught_up_without_duplicates(self):
        card = self._card_for(date(2026, 1, 31), self.scope_basic)
        with freeze_time("2026-08-15"):  # the cron did not run for months
            self.Callback._cron_create_due_callbacks()
            self.Callback._cron_create_due_callbacks()
        callbacks = self._callbacks(card)
        self.assertEqual(
            callbacks.mapped("due_date"),
            [date(2026, 2, 28), date(2026, 4, 30), date(2026, 7, 31)],
        )
        self.assertEqual(card.callback_next_date, date(2026, 10, 31), "+9 months, quarterly")
        self.assertEqual(len(callbacks.activity_ids), 3, "one activity per callback, not per run")
        # a card whose next date was reset (e.g. plan reconfigured) is not doubled either
        card.callback_next_date = date(2026, 2, 1)
        with freeze_time("2026-08-16"):
            self.Callback._cron_create_due_callbacks()
        self.assertEqual(self._callbacks(card), callbacks)

    def test_cron_queries_do_not_grow_with_the_cards(self):
        """A batch costs the same queries for 2 cards as for 5: the cron is
        O(batches), never a query per card or per callback."""
        cards = self.Card
        for _i in range(8):
            cards |= self._card_for(date(2026, 1, 31), self.scope_basic)
        self.assertEqual(len(set(cards.mapped("callback_next_date"))), 1)
        resume_on = cards[0].callback_next_date

        def cron_queries(due_cards):
            (cards - due_cards).callback_next_date = False
            due_cards.callback_next_date = resume_on
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time("2026-03-01"):
                self._cron_model()._cron_create_due_callbacks()
                self._run_commit_hooks()
            return self.env.cr.sql_log_count - before

        cron_queries(cards[:1])  # warms the caches (defaults, models)
        few = cron_queries(cards[1:3])
        self.assertEqual(len(self.Callback.search([("card_id", "in", cards.ids)])), 3)
        many = cron_queries(cards[3:])
        self.assertEqual(len(self.Callback.search([("card_id", "in", cards.ids)])), 8)
        self.assertEqual(len(cards.callback_ids.activity_ids), 8)
        self.assertEqual(many, few, "queries per batch, not per card")
        self.assertLessEqual(few, CRON_BATCH_QUERY_BUDGET)

    def test_card_moved_by_another_worker_is_left_to_it(self):
        """The batch read a card's next date, then another cron worker moved
        it on (its commit is in the database): this worker neither creates
        the card's callbacks nor moves its date back."""
        card = self._card_for(date(2026, 1, 31), self.scope_basic)
        read_date = card.callback_next_date
        self.assertTrue(read_date)
        self.env.flush_all()
        # what the other worker committed, under this worker's cached read
        self.env.cr.execute(
            "UPDATE renovation_warranty_card SET callback_next_date = %s WHERE id = %s",
            [date(2026, 5, 1), card.id],
        )
        self.assertEqual(card.callback_next_date, read_date, "the batch's stale read")
        created = self.Callback._create_due_callbacks(card, date(2026, 3, 1))
        self.assertFalse(created)
        self.assertFalse(self._callbacks(card))
        self.assertEqual(card.callback_next_date, date(2026, 5, 1))

    def test_cancelled_card_gets_no_callback(self):
        card = self._card_for(date(2026, 1, 31), self.scope_basic)
        card.with_user(self.manager).action_cancel()
        with freeze_time("2026-08-15"):
            self.Callback._cron_create_due_callbacks()
        self.assertFalse(self._callbacks(card))

    def test_database_refuses_a_duplicate(self):
        card = self._card_for(date(2026, 1, 31), self.scope_basic)
        values = {
            "card_id": card.id,
            "project_id": card.project_id.id,
            "company_id": card.company_id.id,
            "due_date": date(2026, 2, 28),
        }
        self.Callback.create(values)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Callback.create(values)
        self.assertEqual(len(self._callbacks(card)), 1)

    def test_insert_skips_existing_rows(self):
        card = self._card_for(date(2026, 1, 31), self.scope_basic)
        values = {
            "card_id": card.id,
            "project_id": card.project_id.id,
            "company_id": card.company_id.id,
            "due_date": date(2026, 2, 28),
            "offset_months": 1,
        }
        first = self.Callback._insert_ignoring_conflicts([values])
        self.assertEqual(len(first), 1)
        self.assertEqual(first.state, "planned", "defaults are applied")
        self.assertIn("1 months", first.name, "stored computes are computed")
        again = self.Callback._insert_ignoring_conflicts(
            [values, {**values, "due_date": date(2026, 4, 30), "offset_months": 3}]
        )
        self.assertEqual(again.mapped("due_date"), [date(2026, 4, 30)], "only the new row")
        self.assertEqual(len(card.callback_ids), 2, "the card's one2many sees both")

    def test_crash_mid_batch_then_rerun(self):
        """A worker dies in its second batch: the first batch is kept (committed
        in production), the second leaves nothing; the rerun completes the work
        without doubling the first batch."""
        cards = [self._card_for(date(2026, 1, 31), self.scope_basic) for _i in range(3)]
        original = type(self.Callback)._create_due_callbacks
        calls = []

        def dying_second_batch(model, batch, today):
            calls.append(batch)
            if len(calls) == 2:
                with self.env.cr.savepoint():  # the batch's own transaction
                    original(model, batch, today)
                    raise RuntimeError("worker killed")
            return original(model, batch, today)

        crashed = False
        with (
            freeze_time("2026-03-01"),
            patch.object(type(self.Callback), "_create_due_callbacks", dying_second_batch),
        ):
            try:
                self.Callback._cron_create_due_callbacks(batch_size=1)
            except RuntimeError:
                crashed = True
        self.assertTrue(crashed)
        self.env.invalidate_all()
        self.assertEqual(len(calls), 2, "the cron stopped at the crash")
        self.assertEqual(len(self._callbacks(cards[0])), 1, "the first batch is kept")
        self.assertFalse(self._callbacks(cards[1]), "the crashed batch left nothing")
        self.assertFalse(self._callbacks(cards[2]))

        with freeze_time("2026-03-01"):
            self.Callback._cron_create_due_callbacks(batch_size=1)
            self.Callback._cron_create_due_callbacks(batch_size=1)
        for card in cards:
            self.assertEqual(self._callbacks(card).mapped("due_date"), [date(2026, 2, 28)])


@tagged("post_install", "-at_install")
class TestCallbackOutcome(AftercareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        card = cls._card_for(date(2026, 1, 31), cls.scope_basic)
        with freeze_time("2026-03-01"):
            cls.env["renovation.warranty.callback"]._cron_create_due_callbacks()
        cls.callback = cls.env["renovation.warranty.callback"].search([("card_id", "=", card.id)])
        cls.callback.project_id.statistician_id = cls.statistician

    def test_outcome_needed_to_record_the_call(self):
        callback = self.callback.with_user(self.statistician)
        with self.assertRaisesRegex(UserError, "outcome"):
            callback.action_done()
        callback.outcome = "satisfied"
        with self.assertRaisesRegex(UserError, "satisfaction"):
            callback.action_done()
        callback.outcome = "issue_reported"
        callback.satisfaction = 3
        with self.assertRaisesRegex(UserError, "client said"):
            callback.action_done()
        self.assertEqual(callback.state, "planned")
        self.assertFalse(callback.call_datetime)
        with self.assertRaises(ValidationError):
            callback.satisfaction = 6
        callback.notes = "卫生间地漏返味"
        callback.action_done()
        self.assertEqual(callback.state, "done")
        self.assertFalse(callback.activity_ids, "the call activity is done")
        with self.assertRaises(UserError):
            callback.action_done()

    def test_unreachable_needs_no_score(self):
        self.callback.outcome = "unreachable"
        self.callback.action_done()
        self.assertEqual(self.callback.state, "done")
        with self.assertRaises(UserError):
            self.callback.action_cancel()
        self.assertEqual(self.callback.state, "done", "a call made cannot be cancelled")

    def test_cancel_a_planned_call(self):
        self.callback.action_cancel()
        self.assertEqual(self.callback.state, "cancelled")
        self.assertFalse(self.callback.activity_ids)

    def test_satisfied_client_opens_nothing(self):
        self.callback.write({"outcome": "satisfied", "satisfaction": 4})
        self.assertFalse(self.callback.needs_follow_up)
        with self.assertRaises(UserError):
            self.callback.action_open_repair()
        with self.assertRaises(UserError):
            self.callback.action_open_complaint()
        self.assertFalse(self.Repair.search([("callback_id", "=", self.callback.id)]))
        self.assertFalse(self.Complaint.search([("callback_id", "=", self.callback.id)]))

    def test_dissatisfied_client_opens_repair_and_complaint_once(self):
        callback = self.callback.with_user(self.statistician)
        callback.write({"outcome": "remarks", "satisfaction": 2, "notes": "吊顶有裂缝，师傅态度差"})
        self.assertTrue(callback.needs_follow_up)
        action = callback.action_open_repair()
        repair = callback.repair_id
        self.assertEqual(action["res_id"], repair.id)
        self.assertEqual(repair.project_id, callback.project_id)
        self.assertEqual(repair.source, "callback")
        self.assertEqual(repair.callback_id, callback)
        self.assertEqual(repair.description, "吊顶有裂缝，师傅态度差")
        callback.action_open_repair()
        self.assertEqual(self.Repair.search_count([("callback_id", "=", callback.id)]), 1)
        callback.action_open_complaint()
        complaint = callback.complaint_id
        self.assertEqual(complaint.source, "callback")
        self.assertEqual(complaint.project_id, callback.project_id)
        self.assertEqual(complaint.state, "new")

    def test_issue_reported_opens_repair_whatever_the_score(self):
        self.callback.write({"outcome": "issue_reported", "satisfaction": 4, "notes": "门锁松动"})
        self.assertTrue(self.callback.needs_follow_up)
        self.callback.action_open_repair()
        self.assertTrue(self.callback.repair_id)

    def test_threshold_is_configurable(self):
        self.callback.write({"outcome": "remarks", "satisfaction": 3})
        self.assertFalse(self.callback.needs_follow_up)
        self.company.renovation_evaluation_low_score = 3
        self.assertTrue(self.callback.needs_follow_up)


@tagged("post_install", "-at_install")
class TestCallbackReplanning(AftercareCase):
    def test_new_offsets_apply_from_today_only(self):
        card = self._card_for(date(2026, 1, 31), self.scope_basic)
        with freeze_time("2026-03-01"):
            self.Callback._cron_create_due_callbacks()
        self.assertEqual(card.callback_next_date, date(2026, 4, 30))
        with freeze_time("2026-09-10"):
            self.company.renovation_callback_months = "2,9"
            self.assertEqual(card.callback_next_date, date(2026, 10, 31), "+9 months")
            self.Callback._cron_create_due_callbacks()
        self.assertEqual(
            self.Callback.search([("card_id", "=", card.id)]).mapped("due_date"),
            [date(2026, 2, 28)],
            "the +2 month date of the new plan lies in the past: not created",
        )

    def test_longer_coverage_extends_the_plan(self):
        card = self._card_for(date(2024, 1, 15), self.scope_basic)
        with freeze_time("2026-03-01"):
            card._schedule_next_callback(date(2026, 3, 1))
            self.assertFalse(card.callback_next_date, "two years are over")
            card.line_ids.warranty_months = 60
            self.assertEqual(card.callback_next_date, date(2026, 4, 15), "+27 months")

    def test_coverage_must_last(self):
        card = self._card_for(date(2026, 1, 31), self.scope_basic)
        with self.assertRaises(ValidationError):
            card.line_ids.warranty_months = 0
        self.assertEqual(card.line_ids.warranty_months, 24)
        with self.assertRaises(ValidationError):
            self.scope_basic.warranty_months = -1
        self.assertEqual(self.scope_basic.warranty_months, 24)
