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
        """Seed 002 step 22: past the mid-point the inspector tells the
        statistician, who lists the site, with the client's consent."""
        statistician = self.on_time.with_user(self.statistician)
        with self.assertRaises(UserError):
            self.on_time.with_user(self.inspector).action_renovation_visitable_notify()
        self.on_time.with_user(self.pm).action_midterm_settlement(self.today)
        self.on_time.with_user(self.inspector).action_renovation_visitable_notify()
        listing = self.env.ref("renovation_service.mail_activity_type_visitable_listing")
        self.assertEqual(
            self.on_time.activity_ids.filtered(lambda a: a.activity_type_id == listing).user_id,
            self.statistician,
            "the inspector tells the statistician",
        )
        with self.assertRaises(ValidationError):
            statistician.renovation_visitable = True  # no consent of the client yet
        self.on_time._renovation_set_visit_consent(True, "portal")
        for intruder in (self.foreman, self.pm, self.inspector):
            with self.subTest(user=intruder.name), self.assertRaises(UserError):
                self.on_time.with_user(intruder).renovation_visitable = True
        with self.assertRaises(UserError):
            self.on_time.with_user(self.pm).write({"renovation_visit_consent": True})
        self.company.renovation_marketing_user_id = self.manager
        statistician.renovation_visitable = True
        self.assertEqual(self.on_time.renovation_visitable_reviewed_on, self.today)
        self.assertIn(
            self.manager,
            self.on_time.activity_ids.filtered(lambda a: a.activity_type_id == listing).user_id,
            "marketing is told",
        )
        visitable_xmlid = "renovation_service.action_renovation_visitable_sites"
        # the candidates: on site and past the mid-term settlement
        self.assertEqual(self._action_records(visitable_xmlid), self.on_time | self.accepted)
        self.assertEqual(
            self._action_records(visitable_xmlid, [("renovation_visitable", "=", True)]),
            self.on_time,
        )
        self.assertNotIn(self.late, self._action_records(visitable_xmlid))

    def test_client_withdraws_consent(self):
        self.on_time.with_user(self.pm).action_midterm_settlement(self.today)
        self.on_time._renovation_set_visit_consent(True, "portal")
        self.on_time.with_user(self.statistician).renovation_visitable = True
        self.on_time._renovation_set_visit_consent(False, "portal")
        self.assertFalse(self.on_time.renovation_visitable, "unlisted at once")
        self.assertFalse(self.on_time.renovation_visit_consent)

    def test_friday_check_and_report(self):
        activity_type = self.env.ref("renovation_service.mail_activity_type_visitable_review")
        self.company.write(
            {
                "renovation_marketing_user_id": self.manager.id,
                "partner_id": self.company.partner_id.id,
            }
        )
        self.company.partner_id.tz = "Asia/Shanghai"
        self.on_time.with_user(self.pm).action_midterm_settlement(self.today)
        self.on_time._renovation_set_visit_consent(True, "portal")
        self.on_time.with_user(self.statistician).renovation_visitable = True
        self.on_time.activity_ids.unlink()

        def checks():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "project.project"),
                    ("res_id", "in", self.ours.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        def reports():
            # this company's report (the demo company, if any, gets its own)
            return self.env["mail.mail"].search(
                [
                    ("subject", "like", "Visitable sites, week of"),
                    ("recipient_ids", "in", self.gm.partner_id.ids),
                ]
            )

        friday = self.today + timedelta(days=(4 - self.today.weekday()) % 7 or 7)
        # Friday 13:00 Beijing (05:00 UTC): not yet; 14:00 (06:00 UTC): the check
        with freeze_time(f"{friday} 05:00:00"):
            self.Project._cron_renovation_visitable_review()
        self.assertFalse(checks())
        with freeze_time(f"{friday} 06:00:00"):
            self.Project._cron_renovation_visitable_review()
            self.Project._cron_renovation_visitable_review()
        self.assertEqual(checks().mapped("res_id"), self.on_time.ids, "listed sites only")
        self.assertEqual(checks().user_id, self.statistician)
        self.assertEqual(len(reports()), 1, "once a week")
        self.assertEqual(
            reports().recipient_ids, (self.gm | self.manager).partner_id, "GM and marketing"
        )
        self.assertIn(self.on_time.name, reports().body_html)
        with freeze_time(f"{friday} 08:00:00"):
            self.on_time.with_user(self.statistician).action_renovation_visitable_reviewed()
        self.assertFalse(checks())
        with self.assertRaises(UserError):
            self.on_time.with_user(self.foreman).action_renovation_visitable_reviewed()
