from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.renovation_service.tests.common import new_staff_user

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestQualitySecurity(QualityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_foreman = new_staff_user(
            cls.env, "reno_foreman2", groups="renovation_service.group_renovation_user"
        )
        cls.other_pm = new_staff_user(
            cls.env, "reno_pm2", groups="renovation_service.group_renovation_project_manager"
        )
        cls.other_client = cls.env["res.partner"].create({"name": "赵女士"})
        _order, cls.other_project = cls._signed_contract(partner_id=cls.other_client.id)
        cls.other_project.write({"foreman_id": cls.other_foreman.id, "user_id": cls.other_pm.id})
        cls.inspection = cls._completed("tiling", c8_1_4=9.0)
        cls.other_inspection = cls._completed("tiling", project=cls.other_project)

    def test_team_reads_own_projects_only(self):
        visible = self.Inspection.with_user(self.foreman).search([])
        self.assertIn(self.inspection, visible)
        self.assertNotIn(self.other_inspection, visible)
        with self.assertRaises(AccessError):
            self.other_inspection.with_user(self.foreman).read(["name"])
        orders = self.Rectification.with_user(self.other_foreman).search([])
        self.assertNotIn(self.inspection.rectification_ids, orders)
        lines = self.env["renovation.quality.inspection.line"].with_user(self.other_foreman)
        self.assertFalse(lines.search([("inspection_id", "=", self.inspection.id)]))

    def test_plain_team_members_cannot_inspect(self):
        with self.assertRaises(AccessError):
            self.Inspection.with_user(self.foreman).create(
                {"project_id": self.project.id, "node": "tiling"}
            )
        with self.assertRaises(AccessError):
            self.inspection.with_user(self.designer).write({"notes": "<p>x</p>"})
        line = self._inspection("carpentry").line_ids[:1]
        with self.assertRaises(AccessError):
            line.with_user(self.foreman).write({"note": "x", "result": "pass"})
        self.assertFalse(line.note)
        self.assertFalse(line.result)

    def test_manager_sees_everything_of_the_company(self):
        found = self.Inspection.with_user(self.manager).search([])
        self.assertIn(self.inspection, found)
        self.assertIn(self.other_inspection, found)

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "装饰公司 B"})
        manager_b = new_staff_user(
            self.env,
            "reno_manager_b",
            groups="renovation_service.group_renovation_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        self.assertFalse(self.Inspection.with_user(manager_b).search([]))
        self.assertFalse(self.Rectification.with_user(manager_b).search([]))
        self.assertFalse(self.env["renovation.quality.report"].with_user(manager_b).search([]))
        # the shared standard stays readable
        self.assertTrue(
            self.env["renovation.quality.standard"].with_user(manager_b).search([]) & self.standard
        )

    def test_patrol_log_visible_to_the_pms_of_the_sites(self):
        patrol = (
            self.env["renovation.quality.patrol"]
            .with_user(self.inspector)
            .create(
                {
                    "project_ids": [Command.set(self.project.ids)],
                    "findings": "<p>卫生间墙砖空鼓</p>",
                }
            )
        )
        self.assertIn(self.pm.partner_id, patrol.message_partner_ids)
        self.assertEqual(patrol.project_manager_ids, self.pm)
        self.assertIn(patrol, patrol.with_user(self.pm).search([]))
        self.assertNotIn(patrol, patrol.with_user(self.other_pm).search([]))
        with self.assertRaises(AccessError):
            patrol.with_user(self.pm).write({"findings": "<p>改写</p>"})

    def test_portal_user_reads_own_completed_inspections_only(self):
        client_user = self._portal_user("client_wang_q", self.client.id)
        draft = self._inspection("carpentry")
        visible = self.Inspection.with_user(client_user).search([])
        self.assertIn(self.inspection, visible)
        self.assertNotIn(self.other_inspection, visible)
        self.assertNotIn(draft, visible, "an inspection in progress is not shown")
        with self.assertRaises(AccessError):
            self.other_inspection.with_user(client_user).read(["name"])
        with self.assertRaises(AccessError):
            self.inspection.with_user(client_user).write({"notes": "<p>x</p>"})
