from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import RenovationCase


@tagged("post_install", "-at_install")
class TestRenovationSecurity(RenovationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_order, cls.own_project = cls._signed_contract()
        cls.foreign_order, cls.foreign_project = cls._signed_contract(
            studio=cls.studio_b, designer_id=cls.other_designer.id, user_id=cls.other_designer.id
        )
        cls.foreign_change = cls.env["renovation.change.order"].create(
            {
                "project_id": cls.foreign_project.id,
                "reason": "x",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "x",
                            "quantity": 1,
                            "price_unit": 10,
                            "product_id": cls.change_work.id,
                        },
                    )
                ],
            }
        )

    def test_designer_sees_own_projects_only(self):
        visible = (
            self.env["project.project"]
            .with_user(self.designer)
            .search([("is_renovation", "=", True)])
        )
        self.assertIn(self.own_project, visible)
        self.assertNotIn(self.foreign_project, visible)
        with self.assertRaises(AccessError):
            self.foreign_project.with_user(self.designer).read(["name"])

    def test_designer_cannot_read_foreign_change_orders(self):
        changes = self.env["renovation.change.order"].with_user(self.designer).search([])
        self.assertNotIn(self.foreign_change, changes)
        with self.assertRaises(AccessError):
            self.foreign_change.with_user(self.designer).read(["name"])

    def test_manager_sees_everything(self):
        visible = (
            self.env["project.project"]
            .with_user(self.manager)
            .search([("is_renovation", "=", True)])
        )
        self.assertIn(self.own_project, visible)
        self.assertIn(self.foreign_project, visible)
        self.assertIn(
            self.foreign_change,
            self.env["renovation.change.order"].with_user(self.manager).search([]),
        )

    def test_other_company_studio_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Renovation Co"})
        studio = self.env["renovation.studio"].create(
            {"name": "Studio X", "code": "X", "company_id": other_company.id}
        )
        self.assertNotIn(studio, self.env["renovation.studio"].with_user(self.designer).search([]))

    def test_renovation_user_cannot_edit_studios(self):
        with self.assertRaises(AccessError):
            self.studio_a.with_user(self.designer).write({"name": "Hacked"})

    def test_studio_manager_oversees_the_studio_projects(self):
        _order, project = self._signed_contract()
        self.assertIn(self.studio_manager, project.renovation_member_ids)
        self.assertTrue(project.with_user(self.studio_manager).has_access("read"))
        new_manager = self.other_designer
        self.assertFalse(project.with_user(new_manager).has_access("read"))
        self.studio_a.manager_id = new_manager
        self.assertIn(new_manager, project.renovation_member_ids)
        self.assertTrue(project.with_user(new_manager).has_access("read"))
