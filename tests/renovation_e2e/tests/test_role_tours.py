import unittest

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.renovation_service.tests.common import PhoneBrowserMixin, read_addon_manifests

# the client's portal login on the demo (xml id renovation_service.demo_portal_user_wang)
CLIENT_LOGIN = "demo_client_wang"


class RoleTourMixin:
    """The demo walked by each role, in Chinese, as a company using the suite
    sees it: the tours run on the demo data (no fixture of their own) as the
    demo users, whose language is set to zh_CN (the tours read Chinese)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("renovation_service.demo_user_foreman", raise_if_not_found=False):
            raise unittest.SkipTest("the role tours walk the demo data: install it with demo")
        read_addon_manifests()
        lang = cls.env["res.lang"]._activate_lang("zh_CN")
        change_order = cls.env.ref("renovation_service.form_type_change_order")
        if change_order.with_context(lang=lang.code).name != "工程变更单":
            # a database installed without --load-language=zh_CN: load the
            # Chinese terms of every installed module (rolled back with the test)
            modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
            cls.env["ir.module.module"]._load_module_terms(modules.mapped("name"), [lang.code])
        cls.wang = cls.env.ref("renovation_service.demo_partner_wang")
        wang_contract = cls.env.ref("renovation_service.demo_contract_wang")
        cls.wang_project = wang_contract.renovation_project_id
        cls.client_user = cls.env["res.users"].search([("login", "=", CLIENT_LOGIN)])
        if not cls.client_user:
            # the demo's portal user of 王建国, until the demo ships it
            cls.client_user = cls.env["res.users"].create(
                {
                    "login": CLIENT_LOGIN,
                    "password": "demo",
                    "partner_id": cls.wang.id,
                    "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
                }
            )
        users = cls.client_user | cls.env["res.users"].search([("login", "=like", "demo\\_%")])
        users.partner_id.lang = lang.code

    def _form(self, project, type_code):
        return project.form_ids.filtered(
            lambda f: f.form_type_id.code == type_code and f.state == "waiting"
        )


@tagged("post_install", "-at_install", "renovation_e2e")
class TestRoleTours(RoleTourMixin, HttpCase):
    """A tour per role through the demo (issue 15): the client advisor, the
    designer, the project manager and the client on the portal."""

    def test_client_advisor_tour(self):
        """The studio assistant registers a walk-in client and books the site
        measurement."""
        self.start_tour(
            "/odoo/action-renovation_service.action_renovation_leads",
            "renovation_e2e_role_client_advisor",
            login="demo_assistant_a",
        )
        lead = self.env["crm.lead"].search([("partner_id.name", "=", "赵小明")])
        self.assertEqual(lead.site_address, "上海市长宁区仙霞路99号1203室")
        self.assertEqual(lead.measurement_ids.state, "scheduled")
        self.assertTrue(lead.measurement_ids.calendar_event_id)

    def test_designer_tour(self):
        """The designer reads 李秀英's contract, its payment plan and the
        forms of the project: one waits for her signature."""
        li_project = self.env.ref("renovation_service.demo_contract_li").renovation_project_id
        form = self._form(li_project, "design_handover_1")
        self.assertEqual(len(form), 1, "the demo has her form to sign")
        self.start_tour(
            "/odoo/action-renovation_service.action_renovation_contracts",
            "renovation_e2e_role_designer",
            login="demo_designer_a",
        )

    def test_project_manager_tour(self):
        """The project manager reads the board and 王建国's site; a stage move
        the gates refuse leaves the project where it was."""
        stage = self.wang_project.stage_id
        self.start_tour(
            "/odoo/action-renovation_service.action_renovation_project",
            "renovation_e2e_role_project_manager",
            login="demo_project_manager",
        )
        self.assertEqual(self.wang_project.stage_id, stage)

    def test_client_portal_tour(self):
        """王建国 signs the 客户授权施工委托书 on the portal."""
        form = self._form(self.wang_project, "client_authorization")
        self.assertEqual(len(form), 1)
        self.start_tour("/my", "renovation_e2e_role_client", login=CLIENT_LOGIN)
        slot = form.signature_ids.filtered("is_client")
        self.assertTrue(slot.is_signed)
        self.assertEqual(slot.signed_name, "王建国")
        self.assertTrue(slot.signature)
        self.assertEqual(form.state, "signed")


@tagged("post_install", "-at_install", "renovation_e2e")
class TestForemanPhoneTour(PhoneBrowserMixin, RoleTourMixin, HttpCase):
    """The foreman on his phone (390 px wide, touch): his forms to sign."""

    def test_foreman_phone_tour(self):
        form = self._form(self.wang_project, "change_order")
        foreman = self.env.ref("renovation_service.demo_user_foreman")
        slot = form.signature_ids.filtered(lambda s: s.user_id == foreman)
        self.assertFalse(slot.is_signed)
        self.start_tour(
            "/odoo/action-renovation_service.action_renovation_form_to_sign",
            "renovation_e2e_role_foreman_phone",
            login="demo_foreman",
        )
        self.assertTrue(slot.is_signed)
        self.assertEqual(slot.signed_name, "赵磊")
        forms = self.env["renovation.form"].with_user(foreman)
        to_sign = forms.search([("to_sign_by_me", "=", True)])
        self.assertNotIn(form, to_sign)
