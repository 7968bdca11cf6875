from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AftercareCase


@tagged("post_install", "-at_install")
class TestComplaint(AftercareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.complaint_type = cls.env.ref("renovation_aftercare.mail_activity_type_complaint")

    def _complaint(self, **values):
        return self.Complaint.create(
            {"project_id": self.project.id, "description": "瓷砖空鼓，师傅不理睬", **values}
        )

    def _assert_step_refused(self, complaint, action, state, empty_fields):
        with self.assertRaises(UserError):
            getattr(complaint, action)()
        self.assertEqual(complaint.state, state)
        for name in empty_fields:
            self.assertFalse(complaint[name], f"{name} must not be written")

    def test_defaults(self):
        complaint = self._complaint()
        self.assertTrue(complaint.name.startswith("TS"), complaint.name)
        self.assertEqual(complaint.user_id, self.designer, "the client advisor owns complaints")
        self.assertEqual(complaint.partner_id, self.client)
        activity = complaint.activity_ids
        self.assertEqual(activity.activity_type_id, self.complaint_type)
        self.assertEqual(activity.user_id, self.designer)

    def test_five_steps_each_need_their_fields(self):
        complaint = self._complaint().with_user(self.designer)
        # 1. accept: apology and promise
        self._assert_step_refused(complaint, "action_accept", "new", ["accepted_datetime"])
        complaint.acceptance_note = "已致歉，承诺两天内上门查看"
        complaint.action_accept()
        self.assertEqual(complaint.state, "accepted")
        self.assertTrue(complaint.accepted_datetime)
        self.assertFalse(complaint.activity_ids, "accepting closes the 'accept it' task")
        # 2. investigate: facts and responsibility
        complaint.investigation_facts = "客厅 6 块砖空鼓，超过 5%"
        self._assert_step_refused(
            complaint, "action_investigate", "accepted", ["investigated_datetime"]
        )
        complaint.responsibility = "construction"
        complaint.action_investigate()
        self.assertEqual(complaint.state, "investigated")
        # 3. solution: measures, owner, deadline
        complaint.write({"solution_measures": "返工重铺", "solution_owner_id": self.foreman.id})
        self._assert_step_refused(
            complaint, "action_propose_solution", "investigated", ["solution_datetime"]
        )
        complaint.solution_deadline = date(2026, 7, 1)
        complaint.action_propose_solution()
        self.assertEqual(complaint.state, "solution")
        owner_task = complaint.activity_ids
        self.assertEqual(owner_task.user_id, self.foreman)
        self.assertEqual(owner_task.date_deadline, date(2026, 7, 1))
        # 4. feedback: the client rejects once, then accepts a new solution
        self._assert_step_refused(
            complaint, "action_client_rejects", "solution", ["feedback_datetime", "feedback_round"]
        )
        complaint.feedback_notes = "不接受局部修补，要求整间重铺"
        complaint.action_client_rejects()
        self.assertEqual(complaint.state, "investigated")
        self.assertEqual(complaint.feedback_round, 1)
        self.assertFalse(complaint.feedback_notes)
        self.assertFalse(complaint.activity_ids)
        complaint.solution_measures = "整间重铺，费用公司承担"
        complaint.action_propose_solution()
        self._assert_step_refused(
            complaint, "action_client_accepts", "solution", ["feedback_datetime"]
        )
        complaint.feedback_notes = "客户同意整间重铺"
        complaint.action_client_accepts()
        self.assertEqual(complaint.state, "feedback")
        self.assertTrue(complaint.feedback_datetime)
        # 5. follow-up: satisfaction closes it
        complaint.followup_notes = "重铺后回访，客户满意"
        self._assert_step_refused(complaint, "action_follow_up", "feedback", ["followup_datetime"])
        complaint.followup_satisfaction = 4
        complaint.action_follow_up()
        self.assertEqual(complaint.state, "closed")
        self.assertTrue(complaint.followup_datetime)

    def test_steps_follow_the_order(self):
        complaint = self._complaint()
        complaint.write(
            {"investigation_facts": "x", "responsibility": "service", "acceptance_note": "已致歉"}
        )
        self._assert_step_refused(complaint, "action_investigate", "new", ["investigated_datetime"])
        self._assert_step_refused(complaint, "action_follow_up", "new", ["followup_datetime"])

    def test_cancel_needs_reason_and_manager(self):
        complaint = self._complaint()
        with self.assertRaisesRegex(UserError, "reason"):
            complaint.with_user(self.manager).action_cancel()
        complaint.cancel_reason = "客户重复投诉"
        with self.assertRaises(UserError):
            complaint.with_user(self.designer).action_cancel()
        self.assertEqual(complaint.state, "new")
        complaint.with_user(self.manager).action_cancel()
        self.assertEqual(complaint.state, "cancelled")
        self.assertFalse(complaint.activity_ids)

    def test_linked_records_belong_to_the_project(self):
        _other_order, other_project = self._signed_contract()
        other_repair = self.Repair.create({"project_id": other_project.id, "description": "x"})
        with self.assertRaises(ValidationError):
            self._complaint(repair_id=other_repair.id)
        self.assertFalse(self.Complaint.search([("repair_id", "=", other_repair.id)]))

    def test_satisfaction_range(self):
        complaint = self._complaint()
        with self.assertRaises(ValidationError):
            complaint.followup_satisfaction = 7
        self.assertEqual(complaint.followup_satisfaction, 0)
