from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RenovationCase


@tagged("post_install", "-at_install")
class TestChineseTranslation(RenovationCase):
    def test_every_term_is_translated_with_its_placeholders(self):
        self.assertAddonTranslated("renovation_service")

    def test_users_read_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["renovation_service"], ["zh_CN"], overwrite=True
        )
        zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        notice = self.env.ref("renovation_service.form_type_midterm_payment_notice").with_env(zh)
        self.assertEqual(notice.name, "中期交款通知书")
        _order, project = self._signed_contract()
        with self.assertRaisesRegex(UserError, "无法进入阶段"):
            project.with_env(zh).with_user(self.pm).write(
                {"stage_id": self.stage["construction"].id}
            )

    def test_cron_activities_in_the_company_language(self):
        """The scheduler's user reads English, the client too; the company (and
        its PM and studio manager) Chinese: the late-material and missed-visit
        activities the crons give them are in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["renovation_service"], ["zh_CN"], overwrite=True
        )
        self.company.partner_id.lang = "zh_CN"
        self.client.lang = "en_US"
        _order, project = self._signed_contract()
        node = self.env["project.task"].create(
            {
                "name": "05 厨卫墙地砖",
                "project_id": project.id,
                "date_deadline": fields.Datetime.to_datetime("2026-12-10 10:00:00"),
            }
        )
        line = self.env["renovation.material.line"].create(
            {
                "project_id": project.id,
                "name": "墙砖",
                "quantity": 40,
                "supply_side": "client",
                "node_task_id": node.id,
            }
        )
        visit = self.env["renovation.designer.visit"].create(
            {"project_id": project.id, "node_task_id": node.id}
        )
        cron_env = self.env(context={"lang": "en_US"})
        with freeze_time("2026-12-13"):
            cron_env["renovation.material.line"]._cron_renovation_late_client_materials()
            cron_env["renovation.designer.visit"]._cron_renovation_missed_designer_visits()
        late = line.delay_order_id.activity_ids
        self.assertEqual(late.user_id, self.pm)
        self.assertEqual(late.summary, "甲供材料未按期到场：与客户商议工程延期")
        missed = visit.activity_ids.filtered(lambda a: a.user_id == self.studio_manager)
        self.assertEqual(len(missed), 1)
        self.assertTrue(missed.summary.startswith("设计师未按期巡查："), missed.summary)
