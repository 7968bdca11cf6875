from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestChineseTranslation(QualityCase):
    def test_every_term_is_translated_with_its_placeholders(self):
        self.assertAddonTranslated("renovation_quality")

    def test_users_read_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["renovation_quality"], ["zh_CN"], overwrite=True
        )
        zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        hidden = self.env.ref("renovation_quality.checklist_hidden_works").with_env(zh)
        self.assertEqual(hidden.name, "隐蔽工程:水电")
        gate = self.env.ref("renovation_quality.gate_hidden_works_hold_point").with_env(zh)
        self.assertEqual(gate.name, "隐蔽工程已检查、验收合格并签字(停止点)")
        clause = self._clause("4.0.2").with_env(zh)
        self.assertIn("吊顶龙骨", clause.text, "the clause reads in the standard's Chinese")
        self.assertTrue(clause.display_name.startswith("4.0.2 吊顶龙骨"))
        inspection = self._inspection("hidden_works")
        with self.assertRaisesRegex(UserError, "请先为每个检查项记录结果"):
            inspection.with_env(zh).with_user(self.inspector).action_complete()
