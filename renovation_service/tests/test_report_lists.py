from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import RenovationCase


@tagged("post_install", "-at_install")
class TestReportLists(RenovationCase):
    """在施工程一览表 and 可参观工地一览表."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the stage gates are tested in test_stage_gates; these lists only
        # need projects in given stages
        cls.env["renovation.stage.gate"].search([]).active = False
        cls.today = fields.Date.context_today(cls.env.user)
        cls.Project = cls.env["project.project"]
        _order, cls.late = cls._signed_contract()
        _order, cls.on_time = cls._signed_contract()
        _order, cls.accepted = cls._signed_contract()
        _order, cls.designing = cls._signed_contract()
        cls.ours = cls.late | cls.on_time | cls.accepted | cls.designing
        cls.ours.date_start = cls.today - timedelta(days=60)
        cls.late.write(
            {"stage_id": cls.stage["construction"].id, "date": cls.today - timedelta(days=5)}
        )
        cls.on_time.write(
            {"stage_id": cls.stage["construction_2"].id, "date": cls.today + timedelta(days=10)}
        )
        cls.accepted.write(
            {"stage_id": cls.stage["completion"].id, "date": cls.today - timedelta(days=20)}
        )
        cls.accepted.action_midterm_settlement(cls.today - timedelta(days=40))
        cls.accepted.action_completion_acceptance(cls.today - timedelta(days=18))
        cls.designing.write(
            {"stage_id": cls.stage["design"].id, "date": cls.today - timedelta(days=3)}
        )

    def _action_records(self, xmlid, extra_domain=()):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        domain = safe_eval(action["domain"]) + list(extra_domain)
        return self.Project.search(domain + [("id", "in", self.ours.ids)])

    def test_days_late(self):
        self.assertEqual(self.late.renovation_days_late, 5)
        self.assertEqual(self.on_time.renovation_days_late, 0)
        self.assertEqual(self.designing.renovation_days_late, 3)
        # accepted 2 days after the planned end: stays 2 days late
        self.assertEqual(
            self.accepted.renovation_days_late,
            (self.accepted.completion_acceptance_date - self.accepted.date).days,
        )
        self.assertEqual(self.accepted.renovation_days_late, 2)
        with freeze_time(self.today + timedelta(days=30)):
            self.ours.invalidate_recordset(["renovation_days_late"])
            self.assertEqual(self.late.renovation_days_late, 35)
            self.assertEqual(self.accepted.renovation_days_late, 2)

    def test_days_late_search(self):
        def found(domain):
            return self.Project.search(domain + [("id", "in", self.ours.ids)])

        self.assertEqual(
            found([("renovation_days_late", ">", 0)]), self.late | self.accepted | self.designing
        )
        self.assertEqual(found([("renovation_days_late", ">=", 5)]), self.late)
        self.assertEqual(found([("renovation_days_late", "=", 0)]), self.on_time)
        self.assertEqual(found([("renovation_days_late", "<", 3)]), self.on_time | self.accepted)
        # a filter the rule cannot answer is refused, not silently ignored
        for operator, value in (("in", [1, 2]), (">", "x")):
            with self.subTest(operator=operator), self.assertRaises(UserError):
                found([("renovation_days_late", operator, value)])

    def test_projects_under_construction(self):
        listed = self._action_records(
            "renovation_service.action_renovation_projects_under_construction"
        )
        self.assertEqual(listed, self.late | self.on_time | self.accepted)
        view = self.env.ref("renovation_service.view_project_renovation_construction_list")
        for fname in ("stage_id", "user_id", "foreman_id", "date", "renovation_days_late"):
            self.assertIn(f'name="{fname}"', view.arch_db)
        # what the list's Export (xlsx) writes
        rows = listed.sorted("id").export_data(
            ["contract_number", "stage_id", "user_id", "foreman_id", "renovation_days_late"]
        )["datas"]
        late_row = next(row for row in rows if row[0] == self.late.contract_number)
        self.assertEqual(
            late_row[1:], [self.stage["construction"].name, self.pm.name, self.foreman.name, 5]
        )

    def test_finance_reads_the_lists(self):
        """Finance is not on the projects' teams but reads every renovation
        project for the lists; writing stays with the team."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_service.action_renovation_projects_under_construction"
        )
        domain = safe_eval(action["domain"]) + [("id", "in", self.ours.ids)]
        self.assertEqual(
            self.Project.with_user(self.collector).search(domain),
            self.late | self.on_time | self.accepted,
        )
        self.assertFalse(self.Project.with_user(self.other_designer).search(domain), "not his")
        with self.assertRaises(AccessError):
            self.late.with_user(self.collector).write({"site_address": "x"})

    def test_visitable_flag(self):
        project = self.on_time.with_user(self.pm)
        with self.assertRaises(ValidationError):
            project.renovation_visitable = True  # not past the mid-term settlement yet
        project.action_midterm_settlement(self.today)
        with self.assertRaises(UserError):
            self.on_time.with_user(self.foreman).renovation_visitable = True
        project.renovation_visitable = True
        self.assertEqual(self.on_time.renovation_visitable_reviewed_on, self.today)
        visitable_xmlid = "renovation_service.action_renovation_visitable_sites"
        # the candidates: on site and past the mid-term settlement
        self.assertEqual(self._action_records(visitable_xmlid), self.on_time | self.accepted)
        self.assertEqual(
            self._action_records(visitable_xmlid, [("renovation_visitable", "=", True)]),
            self.on_time,
        )
        self.accepted.with_user(self.manager).renovation_visitable = True
        self.assertEqual(
            self._action_records(visitable_xmlid, [("renovation_visitable", "=", True)]),
            self.on_time | self.accepted,
        )
        self.assertNotIn(self.late, self._action_records(visitable_xmlid))

    def test_weekly_review_reminder(self):
        activity_type = self.env.ref("renovation_service.mail_activity_type_visitable_review")
        self.on_time.action_midterm_settlement(self.today)

        def reviews():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "project.project"),
                    ("res_id", "in", self.ours.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        monday = self.today + timedelta(days=7 - self.today.weekday())
        with freeze_time(f"{monday} 02:00:00"):
            self.Project._cron_renovation_visitable_review()
            self.Project._cron_renovation_visitable_review()
        # on site and past the mid-term: on_time and accepted (completion stage)
        self.assertEqual(reviews().mapped("res_id"), (self.on_time | self.accepted).ids)
        self.assertEqual(reviews().user_id, self.pm)
        with freeze_time(f"{monday + timedelta(days=1)} 02:00:00"):
            self.on_time.with_user(self.pm).action_renovation_visitable_reviewed()
            self.assertEqual(self.on_time.renovation_visitable_reviewed_on, monday + timedelta(1))
            self.Project._cron_renovation_visitable_review()
        self.assertEqual(reviews().mapped("res_id"), self.accepted.ids, "reviewed this week")
        with freeze_time(f"{monday + timedelta(days=7)} 02:00:00"):
            self.Project._cron_renovation_visitable_review()
        self.assertEqual(len(reviews()), 2, "reviewed again the next week")
        with self.assertRaises(UserError):
            self.on_time.with_user(self.foreman).action_renovation_visitable_reviewed()
