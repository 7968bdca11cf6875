from odoo.tests import TransactionCase, tagged

from .common import new_staff_user


@tagged("post_install", "-at_install")
class TestProjectMenus(TransactionCase):
    """Renovation users have project stages; Odoo's own "Projects" menu item
    (``project.menu_projects``) must stay where Odoo's links and tours look for
    it, opening the stage-grouped projects as Odoo's stage twin does."""

    def _menus_by_xmlid(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return {menu["xmlid"]: menu for key, menu in menus.items() if key != "root"}

    def test_projects_menu_kept_with_the_stage_grouped_action(self):
        user = new_staff_user(
            self.env, "reno_menu_user", groups="renovation_service.group_renovation_user"
        )
        self.assertTrue(user.has_group("project.group_project_stages"))
        menus = self._menus_by_xmlid(user)
        self.assertIn("project.menu_projects", menus)
        self.assertNotIn("project.menu_projects_group_stage", menus, "one Projects item")
        grouped = self.env.ref("project.open_view_project_all_group_stage")
        self.assertEqual(
            menus["project.menu_projects"]["action"], f"ir.actions.act_window,{grouped.id}"
        )

    def test_plain_project_user_unchanged(self):
        user = new_staff_user(self.env, "plain_project_user", groups="project.group_project_user")
        self.assertFalse(user.has_group("project.group_project_stages"))
        menus = self._menus_by_xmlid(user)
        plain = self.env.ref("project.open_view_project_all")
        self.assertEqual(
            menus["project.menu_projects"]["action"], f"ir.actions.act_window,{plain.id}"
        )
