from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RenovationCase, RenovationHttpCase

# queries of one GET by the client, caches warm: session, layout, the report
# (its stored snapshot: whatever the number of nodes); measured 11 for a report
# and 13 for the list with renovation_service alone, a margin for other addons
WEEKLY_PAGE_BUDGET = 15
WEEKLY_LIST_BUDGET = 17


class WeeklyProgressMixin:
    @classmethod
    def _project_under_construction(cls, **extra):
        order, project = cls._signed_contract(**extra)
        cls._pay(cls._instalment(order, "first").invoice_id)
        cls._sign_gate_forms(project, cls.stage["construction"])
        project.stage_id = cls.stage["construction"]
        return order, project

    @classmethod
    def _nodes(cls, project, count, start=date(2026, 11, 16)):
        return cls.env["project.task"].create(
            [
                {
                    "name": f"{index:02d} 节点",
                    "project_id": project.id,
                    "date_deadline": fields.Datetime.to_datetime(start + timedelta(days=index)),
                }
                for index in range(1, count + 1)
            ]
        )


@tagged("post_install", "-at_install")
class TestWeeklyProgress(WeeklyProgressMixin, RenovationCase):
    """The week's progress to the client: once per project and week."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._project_under_construction()
        cls.nodes = cls._nodes(cls.project, 4)
        cls.other_order, cls.not_started = cls._signed_contract(studio=cls.studio_b)
        cls.Report = cls.env["renovation.weekly.progress"]

    def _reports(self):
        return self.Report.search([("project_id", "in", (self.project | self.not_started).ids)])

    def test_once_per_week_and_again_next_week(self):
        with freeze_time("2026-11-30 08:00:00"):  # a Monday: last week's report
            self.Report._cron_renovation_weekly_progress()
            self.Report._cron_renovation_weekly_progress()
        with freeze_time("2026-12-03 08:00:00"):  # same week
            self.Report._cron_renovation_weekly_progress(batch_size=1)
        reports = self._reports()
        self.assertEqual(len(reports), 1, "one report per project and week")
        self.assertEqual(reports.project_id, self.project, "only projects under construction")
        self.assertEqual(str(reports.week_start), "2026-11-23")
        self.assertTrue(reports.sent_on)
        mails = self.env["mail.mail"].search([("recipient_ids", "in", self.client.ids)])
        weekly_mails = mails.filtered(
            lambda m: "2026" in (m.subject or "") and self.project.name in m.subject
        )
        self.assertEqual(len(weekly_mails), 1, "e-mailed once")
        with freeze_time("2026-12-07 08:00:00"):  # next week
            self.Report._cron_renovation_weekly_progress()
        self.assertEqual(len(self._reports()), 2)
        self.assertEqual(
            sorted(str(d) for d in self._reports().mapped("week_start")),
            ["2026-11-23", "2026-11-30"],
        )

    def test_content_of_the_week(self):
        # a project whose first instalment is still to pay
        order, project = self._signed_contract()
        # the project's schedule (from its template): the briefing done, the
        # hidden works half-way, the windows next
        nodes = project._renovation_node("KO") | project._renovation_node("HW")
        nodes |= project._renovation_node("01")
        nodes[0].with_user(self.foreman).renovation_progress = 100
        nodes[1].with_user(self.foreman).renovation_progress = 50
        form = self._change_order_form(project)
        delay = self.env["renovation.delay.order"].create(
            {"project_id": project.id, "days": 5, "reason": "业主出差，推迟水电验收"}
        )
        with freeze_time("2026-11-25 10:00:00"):
            delay._approve()
        report = self.Report._create_for_week(project, date(2026, 11, 23))
        content = str(report.content)
        self.assertIn(form.name, content, "waiting for the client's signature")
        self.assertIn(form.access_url, content)
        self.assertNotIn("access_token", content, "the team reads the report too")
        self.assertIn("业主出差", content, "the delay and its reason")
        self.assertIn(nodes[0].name, content, "completed")
        self.assertIn(f"{nodes[1].name}: 50 %", content, "under way")
        self.assertIn(nodes[2].name, content, "what comes next")
        first = self._instalment(order, "first").invoice_id
        self.assertIn(first.name, content, "the first instalment waits for payment")
        paid = self._instalment(self.order, "first").invoice_id
        report = self.Report._create_for_week(self.project, date(2026, 11, 23))
        self.assertNotIn(paid.name, str(report.content), "paid: nothing to pay")

    def test_client_reply_lands_in_the_project_chatter(self):
        report = self.Report._create_for_week(self.project, date(2026, 11, 23))
        portal = self._portal_user("weekly_reply", self.client.id)
        report.with_user(portal).message_post(
            body="卫生间瓷砖颜色请再确认一下",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        replies = self.project.message_ids.filtered(lambda m: "卫生间瓷砖颜色" in (m.body or ""))
        self.assertEqual(len(replies), 1)
        self.assertEqual(replies.author_id, self.client)
        # the team's answers stay on the report, and reach the client who follows it
        self.assertIn(self.client, report.message_partner_ids)
        report.with_user(self.pm).message_post(body="已安排设计师确认", message_type="comment")
        self.assertFalse(
            self.project.message_ids.filtered(lambda m: "已安排设计师确认" in (m.body or ""))
        )

    def test_guarded_content(self):
        report = self.Report._create_for_week(self.project, date(2026, 11, 23))
        with self.assertRaises(UserError):
            report.with_user(self.manager).content = "<p>篡改</p>"


@tagged("post_install", "-at_install")
class TestWeeklyProgressPortal(WeeklyProgressMixin, RenovationHttpCase):
    """The client's weekly pages: their own only, constant queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_user = cls._portal_user("weekly_wang", cls.client.id)
        cls.order, cls.project = cls._project_under_construction()
        cls.other_client = cls.env["res.partner"].create({"name": "赵女士"})
        cls.other_user = cls._portal_user("weekly_zhao", cls.other_client.id)
        cls.other_order, cls.other_project = cls._project_under_construction(
            partner_id=cls.other_client.id
        )
        Report = cls.env["renovation.weekly.progress"]
        cls.report = Report._create_for_week(cls.project, date(2026, 11, 23))
        cls.other_report = Report._create_for_week(cls.other_project, date(2026, 11, 23))
        cls.other_material = cls.env["renovation.material.line"].create(
            {"project_id": cls.other_project.id, "name": "地板", "quantity": 1}
        )

    def test_client_reads_own_reports(self):
        self.authenticate("weekly_wang", "weekly_wang")
        listing = self.url_open("/my/renovation/weekly")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.report.access_url, listing.text)
        self.assertNotIn(self.other_report.access_url, listing.text)
        page = self.url_open(self.report.access_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_portal_chatter", page.text, "the client can reply")
        home = self.url_open("/my/renovation")
        self.assertIn(self.report.access_url, home.text, "linked from the client's home")

    def test_other_client_is_refused(self):
        self.authenticate("weekly_zhao", "weekly_zhao")
        page = self.url_open(self.report.access_url)
        self.assertIn(page.status_code, (403, 404))
        self.assertNotIn(self.project.name, page.text)

    def test_rpc_reads_only_own_records(self):
        self.authenticate("weekly_zhao", "weekly_zhao")
        found = self._rpc("renovation.weekly.progress", "search_read", [], ["project_id"])
        self.assertEqual([r["id"] for r in found], self.other_report.ids)
        self._rpc_refused("renovation.weekly.progress", "read", self.report.ids, ["content"])
        self._rpc_refused(
            "renovation.weekly.progress", "write", self.other_report.ids, {"content": "x"}
        )
        self.authenticate("weekly_wang", "weekly_wang")
        self._rpc_refused("renovation.material.line", "read", self.other_material.ids, ["name"])
        self.assertFalse(
            self._rpc(
                "renovation.material.line",
                "search_read",
                [("id", "=", self.other_material.id)],
                ["name"],
            )
        )

    def test_portal_reply_posts_to_the_project(self):
        self.authenticate("weekly_wang", "weekly_wang")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "renovation.weekly.progress",
                "thread_id": self.report.id,
                "post_data": {"body": "请问下周能铺地板吗", "message_type": "comment"},
            },
        )
        replies = self.project.message_ids.filtered(lambda m: "下周能铺地板" in (m.body or ""))
        self.assertEqual(len(replies), 1)

    def test_page_queries_constant(self):
        self.authenticate("weekly_wang", "weekly_wang")
        Report = self.env["renovation.weekly.progress"]
        few = Report._create_for_week(self.project, date(2026, 11, 30))
        self._nodes(self.project, 30)
        many = Report._create_for_week(self.project, date(2026, 12, 7))
        few_queries, _response = self._page_queries(few.access_url, WEEKLY_PAGE_BUDGET)
        many_queries, _response = self._page_queries(many.access_url, WEEKLY_PAGE_BUDGET)
        self.assertEqual(few_queries, many_queries)
        list_few, _response = self._page_queries("/my/renovation/weekly", WEEKLY_LIST_BUDGET)
        Report._create_for_week(self.project, date(2026, 12, 14))
        list_many, _response = self._page_queries("/my/renovation/weekly", WEEKLY_LIST_BUDGET)
        self.assertEqual(list_few, list_many)
