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
