from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AftercareCase


@tagged("post_install", "-at_install")
class TestAftercareSettings(AftercareCase):
    def test_service_levels_must_be_positive(self):
        for field_name in (
            "renovation_repair_response_hours",
            "renovation_repair_onsite_hours",
            "renovation_complaint_response_hours",
            "renovation_complaint_resolution_hours",
            "renovation_sla_escalation_hours",
        ):
            before = self.company[field_name]
            with self.subTest(field=field_name), self.assertRaises(ValidationError):
                self.company[field_name] = 0
            self.assertEqual(self.company[field_name], before)

    def test_low_score_threshold_range(self):
        for bad in (0, 5):
            with self.subTest(threshold=bad), self.assertRaises(ValidationError):
                self.company.renovation_evaluation_low_score = bad
        self.assertEqual(self.company.renovation_evaluation_low_score, 2)
        with self.assertRaises(ValidationError):
            self.company.renovation_greeting_days_before = -1
        self.assertEqual(self.company.renovation_greeting_days_before, 0)

    def test_settings_form_writes_the_company(self):
        settings = self.env["res.config.settings"].create(
            {"renovation_callback_months": "1,2,3", "renovation_repair_onsite_hours": 24}
        )
        settings.execute()
        self.assertEqual(self.company.renovation_callback_months, "1,2,3")
        self.assertEqual(self.company.renovation_repair_onsite_hours, 24)

    def test_views_load_for_team_and_managers(self):
        models = {
            "renovation.warranty.scope": ["list", "form", "kanban", "search"],
            "renovation.warranty.card": ["list", "form", "kanban", "search"],
            "renovation.warranty.card.line": ["list", "form", "kanban", "search"],
            "renovation.warranty.callback": [
                "list",
                "form",
                "kanban",
                "calendar",
                "pivot",
                "graph",
                "search",
            ],
            "renovation.aftercare.holiday": ["list", "form", "kanban", "search"],
            "renovation.warranty.greeting": ["list", "form", "kanban", "search"],
            "renovation.repair.request": ["list", "form", "kanban", "calendar", "pivot", "search"],
            "renovation.complaint": ["list", "form", "kanban", "pivot", "graph", "search"],
            "renovation.customer.evaluation": [
                "list",
                "form",
                "kanban",
                "pivot",
                "graph",
                "search",
            ],
        }
        for user in (self.foreman, self.manager):
            for model, view_types in models.items():
                with self.subTest(user=user.name, model=model):
                    views = (
                        self.env[model]
                        .with_user(user)
                        .get_views([(False, view_type) for view_type in view_types])
                    )
                    self.assertEqual(set(views["views"]), set(view_types))
        project_form = (
            self.env["project.project"]
            .with_user(self.pm)
            .get_views(
                [(self.env.ref("renovation_service.view_project_renovation_form").id, "form")]
            )
        )
        self.assertIn("action_issue_warranty_card", project_form["views"]["form"]["arch"])
