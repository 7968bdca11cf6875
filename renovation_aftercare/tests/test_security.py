from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AftercareCase


@tagged("post_install", "-at_install")
class TestAftercareSecurity(AftercareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_card = cls._card_for(date(2026, 5, 29))
        cls.own_project = cls.own_card.project_id
        cls.other_client = cls.env["res.partner"].create({"name": "赵女士"})
        cls.foreign_card = cls._card_for(
            date(2026, 5, 29),
            studio=cls.studio_b,
            designer_id=cls.other_designer.id,
            user_id=cls.other_designer.id,
            partner_id=cls.other_client.id,
        )
        cls.foreign_project = cls.foreign_card.project_id
        cls.foreign_project.write({"foreman_id": False, "user_id": False})
        cls.foreign_repair = cls.env["renovation.repair.request"].create(
            {"project_id": cls.foreign_project.id, "description": "x"}
        )
        cls.foreign_complaint = cls.env["renovation.complaint"].create(
            {"project_id": cls.foreign_project.id, "description": "x"}
        )
        cls.portal_user = cls._portal_user("aftercare_client", cls.client.id)
        cls.other_client_project = cls.foreign_project

    def test_team_sees_own_projects_only(self):
        for model, own, foreign in (
            ("renovation.warranty.card", self.own_card, self.foreign_card),
            (
                "renovation.repair.request",
                self.Repair.create({"project_id": self.own_project.id, "description": "y"}),
                self.foreign_repair,
            ),
            (
                "renovation.complaint",
                self.Complaint.create({"project_id": self.own_project.id, "description": "y"}),
                self.foreign_complaint,
            ),
        ):
            with self.subTest(model=model):
                visible = self.env[model].with_user(self.foreman).search([])
                self.assertIn(own, visible)
                self.assertNotIn(foreign, visible)
                with self.assertRaises(AccessError):
                    foreign.with_user(self.foreman).read(["name"])
                self.assertIn(foreign, self.env[model].with_user(self.manager).search([]))

    def test_technician_outside_the_team_sees_his_repair(self):
        self.foreign_repair.technician_id = self.technician
        self.assertIn(self.foreign_repair, self.Repair.with_user(self.technician).search([]))
        self.assertNotIn(self.foreign_card, self.Card.with_user(self.technician).search([]))

    def test_team_member_cannot_edit_cards_or_scopes(self):
        with self.assertRaises(AccessError):
            self.own_card.line_ids[:1].with_user(self.foreman).write({"warranty_months": 120})
        with self.assertRaises(AccessError):
            self.scope_basic.with_user(self.pm).write({"warranty_months": 120})
        self.assertEqual(self.scope_basic.warranty_months, 24)

    def test_portal_client_reads_own_records_only(self):
        own_repair = self.Repair.create({"project_id": self.own_project.id, "description": "y"})
        cards = self.Card.with_user(self.portal_user).search([])
        self.assertIn(self.own_card, cards)
        self.assertNotIn(self.foreign_card, cards)
        repairs = self.Repair.with_user(self.portal_user).search([])
        self.assertIn(own_repair, repairs)

    def test_portal_request_for_another_clients_project_refused(self):
        Repair = self.Repair.with_user(self.portal_user)
        self.other_client_project.completion_acceptance_date = date(2026, 5, 29)
        with self.assertRaises(AccessError):
            Repair._portal_create_request(self.other_client_project.id, "别人家漏水")
        # and the record rule refuses it even past the model's own check
        with self.assertRaises(AccessError):
            Repair.create({"project_id": self.other_client_project.id, "description": "x"})
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.portal_user)._portal_create_complaint(
                self.other_client_project.id, "x"
            )
        self.assertEqual(
            self.Repair.search([("project_id", "=", self.other_client_project.id)]),
            self.foreign_repair,
        )
        self.assertEqual(
            self.Complaint.search([("project_id", "=", self.other_client_project.id)]),
            self.foreign_complaint,
        )

    def test_portal_request_for_own_project(self):
        self.own_project.completion_acceptance_date = date(2026, 5, 29)
        repair = self.Repair.with_user(self.portal_user)._portal_create_request(
            self.own_project.id,
            "厨房水槽下渗水",
            scope_id=self.scope_kitchen.id,
            photos=[("leak.png", b"\x89PNG\r\n\x1a\nfake", "image/png")],
        )
        self.assertEqual(repair.project_id, self.own_project)
        self.assertEqual(repair.source, "portal")
        self.assertEqual(repair.user_id, self.pm)
        self.assertEqual(repair.photo_ids.mapped("name"), ["leak.png"])
        self.assertTrue(repair.photo_ids.access_token)
        with self.assertRaisesRegex(UserError, "photo"):
            self.Repair.with_user(self.portal_user)._portal_create_request(
                self.own_project.id, "x", photos=[("virus.exe", b"MZ", "application/x-msdos")]
            )
        with self.assertRaisesRegex(UserError, "at most"):
            self.Repair.with_user(self.portal_user)._portal_create_request(
                self.own_project.id, "x", photos=[("p.png", b"png", "image/png")] * 11
            )
        with self.assertRaisesRegex(UserError, "Describe"):
            self.Repair.with_user(self.portal_user)._portal_create_request(
                self.own_project.id, "   "
            )
        self.assertEqual(self.Repair.search_count([("project_id", "=", self.own_project.id)]), 1)

    def test_portal_client_cannot_write(self):
        self.own_project.completion_acceptance_date = date(2026, 5, 29)
        repair = self.Repair.with_user(self.portal_user)._portal_create_request(
            self.own_project.id, "门锁坏了"
        )
        with self.assertRaises(AccessError):
            repair.with_user(self.portal_user).write({"state": "closed"})
        self.assertEqual(repair.state, "new")

    def test_other_company_records_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Renovation Co"})
        self.foreign_card.project_id.company_id = other_company
        self.assertFalse(
            self.foreign_card.with_user(self.manager).search([("id", "=", self.foreign_card.id)])
        )
