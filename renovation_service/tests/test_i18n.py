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
