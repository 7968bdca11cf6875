from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftercareCase


@tagged("post_install", "-at_install")
class TestChineseTranslation(AftercareCase):
    def test_every_term_is_translated_with_its_placeholders(self):
        self.assertAddonTranslated("renovation_aftercare")

    def test_users_read_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["renovation_aftercare"], ["zh_CN"], overwrite=True
        )
        zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        self.assertEqual(self.scope_basic.with_env(zh).name, "基础工程")
        self.assertEqual(
            self.env.ref("renovation_aftercare.form_type_repair_acceptance").with_env(zh).name,
            "维修验收单",
        )
        _order, project = self._accepted_project()
        with self.assertRaisesRegex(UserError, "尾款尚未付清"):
            project.with_env(zh).with_user(self.pm).action_issue_warranty_card()

    def test_cron_names_callbacks_in_the_company_language(self):
        """The scheduler's user reads English; the company (and its staff who
        call) Chinese: callbacks and their activities are named in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["renovation_aftercare"], ["zh_CN"], overwrite=True
        )
        self.company.partner_id.lang = "zh_CN"
        card = self._card_for(date(2026, 1, 31), self.scope_basic)
        cron_env = self.env(context={"lang": "en_US"})
        with freeze_time("2026-03-01"):
            cron_env["renovation.warranty.callback"]._cron_create_due_callbacks()
        callback = self.env["renovation.warranty.callback"].search([("card_id", "=", card.id)])
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.name, f"{card.name}：竣工后 1 个月回访")
        self.assertTrue(callback.activity_ids.summary.startswith("回访："))
