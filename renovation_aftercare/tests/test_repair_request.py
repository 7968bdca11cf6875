from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.renovation_service.tests.common import SIGNATURE

from .common import AftercareCase


@tagged("post_install", "-at_install")
class TestRepairRequest(AftercareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card = cls._card_for(cls.ACCEPTANCE, cls.scope_basic | cls.scope_bathroom)
        cls.project = cls.card.project_id
        cls.visit_type = cls.env.ref("renovation_aftercare.mail_activity_type_repair_visit")

    def _repair(self, day=date(2027, 3, 1), scope=None, **values):
        return self.Repair.create(
            {
                "project_id": self.project.id,
                "scope_id": (scope or self.scope_bathroom).id,
                "description": "卫生间楼下渗水",
                "location": "主卫",
                "request_datetime": self._at(day),
                **values,
            }
        )

    def _dispatch(self, repair):
        repair.write(
            {"technician_id": self.technician.id, "planned_visit_datetime": datetime(2027, 3, 2, 2)}
        )
        repair.action_dispatch()

    def test_defaults(self):
        repair = self._repair()
        self.assertTrue(repair.name.startswith("WX"), repair.name)
        self.assertEqual(repair.card_id, self.card)
        self.assertEqual(repair.partner_id, self.client)
        self.assertEqual(repair.user_id, self.pm, "the project manager answers by default")
        self.assertEqual(repair.state, "new")

    def test_dispatch_needs_scope_technician_and_visit(self):
        repair = self._repair()
        repair.scope_id = False
        repair.write(
            {"technician_id": self.technician.id, "planned_visit_datetime": datetime(2027, 3, 2, 2)}
        )
        with self.assertRaisesRegex(UserError, "scope"):
            repair.action_dispatch()
        repair.write({"scope_id": self.scope_bathroom.id, "technician_id": False})
        with self.assertRaisesRegex(UserError, "technician"):
            repair.action_dispatch()
        repair.write({"technician_id": self.technician.id, "planned_visit_datetime": False})
        with self.assertRaisesRegex(UserError, "planned visit"):
            repair.action_dispatch()
        self.assertEqual(repair.state, "new")
        self.assertFalse(repair.responded_datetime)
        self.assertFalse(repair.activity_ids)

    def test_dispatch_schedules_the_technician(self):
        repair = self._repair()
        self._dispatch(repair)
        self.assertEqual(repair.state, "dispatched")
        self.assertTrue(repair.responded_datetime, "dispatching answers the client")
        activity = repair.activity_ids.filtered(lambda a: a.activity_type_id == self.visit_type)
        self.assertEqual(activity.user_id, self.technician)
        self.assertEqual(activity.date_deadline, date(2027, 3, 2))

    def test_out_of_warranty_needs_a_confirmed_quotation(self):
        repair = self._repair(day=date(2028, 6, 1), scope=self.scope_basic)
        self.assertEqual(repair.warranty_status, "out_of_warranty")
        repair.write(
            {"technician_id": self.technician.id, "planned_visit_datetime": datetime(2028, 6, 2, 2)}
        )
        with self.assertRaisesRegex(UserError, "quotation"):
            repair.action_dispatch()
        self.assertEqual(repair.state, "new")
        repair.with_user(self.pm).action_create_quotation()
        quotation = repair.quotation_id
        self.assertEqual(quotation.state, "draft")
        self.assertEqual(quotation.partner_id, self.client)
        self.assertEqual(quotation.origin, repair.name)
        self.assertEqual(
            quotation.order_line.product_id,
            self.env.ref("renovation_aftercare.product_repair_service"),
        )
        self.assertFalse(quotation.studio_id, "a repair quotation is no renovation contract")
        with self.assertRaisesRegex(UserError, "already"):
            repair.action_create_quotation()
        with self.assertRaisesRegex(UserError, "quotation"):
            repair.action_dispatch()
        quotation.order_line.price_unit = 800
        quotation.action_confirm()
        repair.action_dispatch()
        self.assertEqual(repair.state, "dispatched")

    def test_in_warranty_repair_gets_no_quotation(self):
        repair = self._repair()
        self.assertEqual(repair.warranty_status, "in_warranty")
        with self.assertRaisesRegex(UserError, "not out of warranty"):
            repair.action_create_quotation()
        self.assertFalse(repair.quotation_id)
        self.assertFalse(self.env["sale.order"].search([("origin", "=", repair.name)]))

    def test_full_flow_with_signed_acceptance_and_return_visit(self):
        repair = self._repair()
        self._dispatch(repair)
        with self.assertRaises(UserError):
            repair.action_fixed()  # not on site yet
        technician_repair = repair.with_user(self.technician)
        technician_repair.action_arrive()
        self.assertEqual(repair.state, "in_progress")
        self.assertTrue(repair.onsite_datetime)
        self.assertFalse(
            repair.activity_ids.filtered(lambda a: a.activity_type_id == self.visit_type)
        )
        with self.assertRaisesRegex(UserError, "work done"):
            technician_repair.action_fixed()
        self.assertEqual(repair.state, "in_progress")
        self.assertFalse(
            self.env["renovation.form"].search(
                [("res_model", "=", repair._name), ("res_id", "=", repair.id)]
            )
        )

        technician_repair.work_done = "重做卫生间闭水层并做 24 小时闭水试验"
        technician_repair.action_fixed()
        form = repair.acceptance_form_id
        self.assertEqual(repair.state, "to_accept")
        self.assertEqual(form.form_type_code, "repair_acceptance")
        self.assertEqual(form.project_id, self.project)
        self.assertEqual(form._source_record(), repair)
        self.assertEqual(form.state, "waiting")
        self.assertEqual(set(form.signature_ids.mapped("role_code")), {"client", "foreman"})
        self.assertIn("闭水", form.content)
        self.assertEqual(repair.form_ids, form)

        form.signature_ids.filtered(lambda s: s.role_code == "foreman").with_user(
            self.foreman
        ).action_sign(SIGNATURE, "Foreman Liu")
        self.assertEqual(repair.state, "to_accept", "the client has not signed yet")
        form._sign_as_client(SIGNATURE, "王建国", "127.0.0.1")
        self.assertEqual(form.state, "signed")
        self.assertEqual(repair.state, "accepted")
        self.assertEqual(repair.accepted_datetime, form.signed_on)
        return_visit = repair.activity_ids.filtered(
            lambda a: (
                a.activity_type_id.id
                == self.env.ref("renovation_aftercare.mail_activity_type_callback").id
            )
        )
        self.assertEqual(return_visit.user_id, self.statistician)

        with self.assertRaisesRegex(UserError, "satisfaction"):
            repair.action_return_visit()
        repair.return_satisfaction = 5
        with self.assertRaisesRegex(UserError, "return visit"):
            repair.action_return_visit()
        self.assertEqual(repair.state, "accepted")
        with self.assertRaises(ValidationError):
            repair.return_satisfaction = 9
        repair.return_visit_notes = "不再渗水，客户满意"
        repair.action_return_visit()
        self.assertEqual(repair.state, "closed")
        self.assertTrue(repair.return_visit_datetime)

    def test_acceptance_form_needs_a_foreman(self):
        self.project.foreman_id = False
        repair = self._repair()
        self._dispatch(repair)
        repair.action_arrive()
        repair.work_done = "更换地漏"
        with self.assertRaises(UserError):
            repair.action_fixed()
        self.assertEqual(repair.state, "in_progress")
        self.assertFalse(repair.acceptance_form_id)
        self.assertFalse(repair.done_datetime)

    def test_dissatisfied_return_visit_opens_a_complaint(self):
        repair = self._repair()
        repair.return_satisfaction = 4
        with self.assertRaises(UserError):
            repair.action_open_complaint()
        self.assertFalse(repair.complaint_ids)
        repair.return_satisfaction = 1
        self.assertTrue(repair.is_dissatisfied)
        repair.return_visit_notes = "修完又漏"
        repair.action_open_complaint()
        complaint = repair.complaint_ids
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.source, "repair")
        repair.action_open_complaint()
        self.assertEqual(len(repair.complaint_ids), 1, "one click, one complaint")

    def test_closed_repair_cannot_be_cancelled(self):
        repair = self._repair()
        repair.write({"state": "closed"})
        with self.assertRaises(UserError):
            repair.action_cancel()
        self.assertEqual(repair.state, "closed")

    def test_cancel(self):
        repair = self._repair()
        self._dispatch(repair)
        repair.action_cancel()
        self.assertEqual(repair.state, "cancelled")
        self.assertFalse(repair.activity_ids)
        with self.assertRaises(UserError):
            repair.action_dispatch()
        self.assertEqual(repair.state, "cancelled")
