from odoo import models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    def _load_menus_blacklist(self):
        """Keep Odoo's own "Projects" menu item for users of project stages.

        Every renovation user has project stages (the renovation lifecycle is a
        project stage), and Odoo then swaps ``project.menu_projects`` for its
        stage-grouped twin ``project.menu_projects_group_stage``. Links, tours
        and bookmarks that name ``project.menu_projects`` would find nothing, so
        the twin is hidden instead and ``load_menus`` gives the kept item the
        twin's stage-grouped action: the user sees the same menu as before.
        """
        blacklist = super()._load_menus_blacklist()
        projects = self.env.ref("project.menu_projects", raise_if_not_found=False)
        twin = self.env.ref("project.menu_projects_group_stage", raise_if_not_found=False)
        if projects and twin and projects.id in blacklist:
            blacklist = [menu_id for menu_id in blacklist if menu_id != projects.id]
            blacklist.append(twin.id)
        return blacklist

    def load_menus(self, debug):
        menus = super().load_menus(debug)
        if not self.env.user.has_group("project.group_project_stages"):
            return menus
        projects = self.env.ref("project.menu_projects", raise_if_not_found=False)
        twin = self.env.ref("project.menu_projects_group_stage", raise_if_not_found=False)
        if projects and twin and projects.id in menus:
            # a copy: the parent method's result is cached per user
            menus = dict(menus)
            menus[projects.id] = dict(menus[projects.id], action=twin.read(["action"])[0]["action"])
        return menus
