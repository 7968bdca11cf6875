from datetime import date, datetime, timedelta

from odoo import Command

from odoo.addons.renovation_service.tests.common import RenovationCase


class AftercareCase(RenovationCase):
    """Completed projects, warranty cards and the aftercare data records."""

    ACCEPTANCE = date(2026, 5, 29)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Technician Guo",
                    "login": "reno_technician",
                    "email": "guo@example.com",
                    "groups_id": [
                        Command.set(cls.env.ref("renovation_service.group_renovation_user").ids)
                    ],
                }
            )
        )
        cls.scope_basic = cls.env.ref("renovation_aftercare.scope_basic_works")
        cls.scope_kitchen = cls.env.ref("renovation_aftercare.scope_waterproof_kitchen")
        cls.scope_bathroom = cls.env.ref("renovation_aftercare.scope_waterproof_bathroom")
        cls.scope_exterior = cls.env.ref("renovation_aftercare.scope_waterproof_exterior_wall")
        cls.Card = cls.env["renovation.warranty.card"]
        cls.Callback = cls.env["renovation.warranty.callback"]
        cls.Repair = cls.env["renovation.repair.request"]
        cls.Complaint = cls.env["renovation.complaint"]
        cls.Evaluation = cls.env["renovation.customer.evaluation"]
        cls.company.write(
            {
                "renovation_callback_months": "1,3,6,12",
                "renovation_callback_interval_months": 3,
                "renovation_repair_response_hours": 4,
                "renovation_repair_onsite_hours": 48,
                "renovation_complaint_response_hours": 24,
                "renovation_complaint_resolution_hours": 168,
                "renovation_sla_escalation_hours": 24,
                "renovation_evaluation_low_score": 2,
                "renovation_aftercare_manager_id": False,
                "renovation_holiday_greetings": False,
                "renovation_greeting_days_before": 0,
            }
        )

    @classmethod
    def _accepted_project(cls, acceptance_date=None, **contract_extra):
        """A project through mid-term settlement and completion acceptance (as
        its project manager); the final instalment is invoiced, not paid."""
        acceptance_date = acceptance_date or cls.ACCEPTANCE
        order, project = cls._signed_contract(**contract_extra)
        project.with_user(cls.pm).action_midterm_settlement(acceptance_date - timedelta(days=60))
        project.with_user(cls.pm).action_completion_acceptance(acceptance_date)
        return order, project

    @classmethod
    def _completed_project(cls, acceptance_date=None, **contract_extra):
        """Accepted and the final payment (尾款) paid: the card is issued."""
        order, project = cls._accepted_project(acceptance_date, **contract_extra)
        cls._pay(cls._instalment(order, "final").invoice_id)
        return order, project

    @classmethod
    def _card_for(cls, start_date, scopes=None, **contract_extra):
        """A card on a fresh project, straight from the model (for plan and
        coverage rules that do not need the payment flow)."""
        _order, project = cls._signed_contract(**contract_extra)
        scopes = scopes if scopes is not None else cls.scope_basic | cls.scope_bathroom
        return cls.Card.create(
            {
                "project_id": project.id,
                "start_date": start_date,
                "issue_date": start_date,
                "line_ids": [
                    Command.create({"scope_id": s.id, "warranty_months": s.warranty_months})
                    for s in scopes
                ],
            }
        )

    @staticmethod
    def _at(day, hour=10):
        """A naive UTC datetime on ``day`` (noon-ish: the same date in every
        timezone a test user may have)."""
        return datetime(day.year, day.month, day.day, hour)
