from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftercareCase

REQUESTED = datetime(2027, 3, 1, 2, 0)  # 10:00 in Shanghai


@tagged("post_install", "-at_install")
class TestServiceLevels(AftercareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card = cls._card_for(cls.ACCEPTANCE, cls.scope_basic | cls.scope_bathroom)
        cls.project = cls.card.project_id
        cls.overdue_type = cls.env.ref("renovation_aftercare.mail_activity_type_sla_overdue")

    def _overdue(self, record):
        return record.activity_ids.filtered(lambda a: a.activity_type_id == self.overdue_type)

    def _repair(self):
        return self.Repair.create(
            {
                "project_id": self.project.id,
                "scope_id": self.scope_bathroom.id,
                "description": "漏水",
                "request_datetime": REQUESTED,
            }
        )

    def _run(self, model, at):
        with freeze_time(at):
            self.env[model]._cron_sla_escalation()

    def test_repair_deadlines_from_request_and_company(self):
        repair = self._repair()
        self.assertEqual(repair.sla_response_deadline, REQUESTED + timedelta(hours=4))
        self.assertEqual(repair.sla_resolution_deadline, REQUESTED + timedelta(hours=48))
        self.company.renovation_repair_response_hours = 2
        self.assertEqual(
            repair.sla_response_deadline,
            REQUESTED + timedelta(hours=4),
            "the deadline promised at request time stays",
        )
        self.assertEqual(self._repair().sla_response_deadline, REQUESTED + timedelta(hours=2))
        repair.request_datetime = REQUESTED + timedelta(hours=1)
        self.assertEqual(repair.sla_resolution_deadline, REQUESTED + timedelta(hours=49))

    def test_missed_response_warns_responsible_then_manager_once(self):
        repair = self._repair()
        model = "renovation.repair.request"
        self._run(model, REQUESTED + timedelta(hours=3, minutes=59))
        self.assertEqual(repair.sla_escalation_level, "0")
        self.assertFalse(self._overdue(repair))

        self._run(model, REQUESTED + timedelta(hours=5))
        self.assertEqual(repair.sla_escalation_level, "1")
        first = self._overdue(repair)
        self.assertEqual(first.user_id, self.pm, "the responsible first")
        self.assertIn("response", first.summary)
        self._run(model, REQUESTED + timedelta(hours=6))
        self.assertEqual(self._overdue(repair), first, "rerun: nothing new")

        # 24 h after the first warning the manager (the GM by default) is told
        self._run(model, REQUESTED + timedelta(hours=28, minutes=59))
        self.assertEqual(repair.sla_escalation_level, "1")
        self._run(model, REQUESTED + timedelta(hours=29))
        self.assertEqual(repair.sla_escalation_level, "2")
        self.assertEqual(self._overdue(repair).user_id, self.pm | self.gm)
        self._run(model, REQUESTED + timedelta(hours=60))
        self.assertEqual(len(self._overdue(repair)), 2, "each level warns once")

    def test_aftercare_manager_receives_the_escalation(self):
        aftercare_manager = self.manager
        self.company.renovation_aftercare_manager_id = aftercare_manager
        repair = self._repair()
        self._run("renovation.repair.request", REQUESTED + timedelta(hours=5))
        self._run("renovation.repair.request", REQUESTED + timedelta(hours=30))
        self.assertEqual(self._overdue(repair).user_id, self.pm | aftercare_manager)

    def test_answered_in_time_is_not_escalated_until_on_site_deadline(self):
        repair = self._repair()
        with freeze_time(REQUESTED + timedelta(hours=1)):
            repair.action_respond()
        self._run("renovation.repair.request", REQUESTED + timedelta(hours=20))
        self.assertEqual(repair.sla_escalation_level, "0")
        self.assertFalse(self._overdue(repair))
        # nobody on site after 48 h
        self._run("renovation.repair.request", REQUESTED + timedelta(hours=49))
        self.assertEqual(repair.sla_escalation_level, "1")
        self.assertIn("on site", self._overdue(repair).summary)

    def test_on_site_in_time_stops_the_clock(self):
        repair = self._repair()
        repair.write(
            {
                "technician_id": self.technician.id,
                "planned_visit_datetime": REQUESTED + timedelta(hours=20),
            }
        )
        with freeze_time(REQUESTED + timedelta(hours=2)):
            repair.action_dispatch()
        with freeze_time(REQUESTED + timedelta(hours=20)):
            repair.action_arrive()
        self._run("renovation.repair.request", REQUESTED + timedelta(hours=100))
        self.assertEqual(repair.sla_escalation_level, "0")
        self.assertFalse(self._overdue(repair))

    def test_complaint_acceptance_and_resolution_deadlines(self):
        complaint = self.Complaint.create(
            {
                "project_id": self.project.id,
                "description": "噪音扰民",
                "received_datetime": REQUESTED,
            }
        )
        model = "renovation.complaint"
        self.assertEqual(complaint.sla_response_deadline, REQUESTED + timedelta(hours=24))
        self.assertEqual(complaint.sla_resolution_deadline, REQUESTED + timedelta(hours=168))
        with freeze_time(REQUESTED + timedelta(hours=2)):
            complaint.write({"acceptance_note": "已致歉"})
            complaint.action_accept()
        self._run(model, REQUESTED + timedelta(hours=100))
        self.assertEqual(complaint.sla_escalation_level, "0", "accepted in time, not late yet")
        self._run(model, REQUESTED + timedelta(hours=169))
        self.assertEqual(complaint.sla_escalation_level, "1")
        self.assertEqual(self._overdue(complaint).user_id, self.designer)
        self.assertIn("resolution", self._overdue(complaint).summary)
        self._run(model, REQUESTED + timedelta(hours=194))
        self.assertEqual(complaint.sla_escalation_level, "2")
        self.assertEqual(self._overdue(complaint).user_id, self.designer | self.gm)

    def test_resolved_complaint_is_not_escalated(self):
        complaint = self.Complaint.create(
            {
                "project_id": self.project.id,
                "description": "噪音扰民",
                "received_datetime": REQUESTED,
                "acceptance_note": "已致歉",
                "investigation_facts": "属实",
                "responsibility": "service",
                "solution_measures": "调整作业时间",
                "solution_owner_id": self.foreman.id,
                "solution_deadline": REQUESTED.date() + timedelta(days=2),
                "feedback_notes": "客户接受",
            }
        )
        with freeze_time(REQUESTED + timedelta(hours=1)):
            complaint.action_accept()
            complaint.action_investigate()
            complaint.action_propose_solution()
            complaint.action_client_accepts()
        self._run("renovation.complaint", REQUESTED + timedelta(days=30))
        self.assertEqual(complaint.sla_escalation_level, "0")
        self.assertFalse(self._overdue(complaint))

    def test_missed_solution_deadline_escalates(self):
        complaint = self.Complaint.create(
            {
                "project_id": self.project.id,
                "description": "噪音扰民",
                "received_datetime": REQUESTED,
                "acceptance_note": "已致歉",
                "investigation_facts": "属实",
                "responsibility": "service",
                "solution_measures": "调整作业时间",
                "solution_owner_id": self.foreman.id,
                "solution_deadline": REQUESTED.date() + timedelta(days=2),
            }
        )
        with freeze_time(REQUESTED + timedelta(hours=1)):
            complaint.action_accept()
            complaint.action_investigate()
            complaint.action_propose_solution()
        self._run("renovation.complaint", REQUESTED + timedelta(days=3, hours=1))
        self.assertEqual(complaint.sla_escalation_level, "1")
        self.assertIn("solution deadline", self._overdue(complaint).summary)
