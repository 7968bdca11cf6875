from datetime import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import RenovationCase


@tagged("post_install", "-at_install")
class TestSiteMeasurement(RenovationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "王先生 三居室翻新",
                "type": "opportunity",
                "partner_id": cls.client.id,
                "studio_id": cls.studio_a.id,
                "designer_id": cls.designer.id,
                "user_id": cls.designer.id,
                "enquiry_channel": "visit",
                "medium_id": cls.env.ref("renovation_service.utm_medium_web").id,
                "source_id": cls.env.ref("renovation_service.utm_source_community").id,
                "house_type": "apartment",
                "house_area": 98.5,
            }
        )

    def _measurement(self, user):
        return (
            self.env["renovation.site.measurement"]
            .with_user(user)
            .create(
                {
                    "lead_id": self.lead.id,
                    "surveyor_id": self.designer.id,
                    "scheduled_at": datetime(2026, 12, 1, 9, 0),
                }
            )
        )

    def test_without_deposit_needs_studio_manager(self):
        measurement = self._measurement(self.designer)
        self.assertTrue(measurement.needs_approval)
        with self.assertRaises(UserError):
            measurement.action_schedule()
        self.assertEqual(measurement.state, "draft")
        self.assertFalse(measurement.calendar_event_id)
        # a designer cannot approve for the studio manager
        with self.assertRaises(UserError):
            measurement.action_approve()
        self.assertFalse(measurement.approved_by_id)
        measurement.with_user(self.studio_manager).action_approve()
        self.assertEqual(measurement.approved_by_id, self.studio_manager)
        measurement.action_schedule()
        self.assertEqual(measurement.state, "scheduled")
        event = measurement.calendar_event_id
        self.assertEqual(event.opportunity_id, self.lead)
        self.assertIn(self.client, event.partner_ids)

    def test_approve_button_only_for_who_may_approve(self):
        measurement = self._measurement(self.designer)
        for user, expected in (
            (self.designer, False),
            (self.pm, False),
            (self.studio_manager, True),
            (self.manager, True),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(measurement.with_user(user).can_approve, expected)
        arch = self.env["renovation.site.measurement"].get_view(view_type="form")["arch"]
        self.assertIn('name="action_approve"', arch)
        self.assertRegex(arch, r'name="action_approve"[^>]*invisible="not can_approve"')
        measurement.with_user(self.studio_manager).action_approve()
        self.assertFalse(measurement.with_user(self.studio_manager).can_approve, "approved")

    def test_with_deposit_schedules_directly(self):
        self.lead.deposit_paid = True
        measurement = self._measurement(self.designer)
        self.assertFalse(measurement.needs_approval)
        measurement.action_schedule()
        self.assertEqual(measurement.state, "scheduled")

    def test_done_needs_rooms_and_sums_area(self):
        self.lead.deposit_paid = True
        measurement = self._measurement(self.designer)
        measurement.action_schedule()
        with self.assertRaises(UserError):
            measurement.action_done()
        self.assertEqual(measurement.state, "scheduled")
        measurement.line_ids = [
            (0, 0, {"room": "客厅", "length": 5.0, "width": 4.0, "height": 2.8}),
            (0, 0, {"room": "主卧", "length": 4.0, "width": 3.5, "height": 2.8}),
        ]
        measurement.action_done()
        self.assertEqual(measurement.state, "done")
        self.assertAlmostEqual(measurement.total_area, 34.0)
        measurement.cancel_reason = "改主意了"
        with self.assertRaises(UserError):
            measurement.action_client_cancel()
        self.assertEqual(measurement.state, "done")

    def test_negative_measure_refused(self):
        measurement = self._measurement(self.designer)
        with self.assertRaises(ValidationError):
            measurement.line_ids = [(0, 0, {"room": "厨房", "length": -1.0, "width": 2.0})]

    def test_phone_enquiry_gets_no_estimate(self):
        with self.assertRaises(ValidationError):
            self.env["crm.lead"].create(
                {"name": "电话咨询", "enquiry_channel": "phone", "total_estimate": 150000}
            )
        lead = self.env["crm.lead"].create({"name": "电话咨询", "enquiry_channel": "phone"})
        with self.assertRaises(ValidationError):
            lead.total_estimate = 150000
        self.assertFalse(lead.total_estimate)
        lead.enquiry_channel = "visit"
        lead.total_estimate = 150000
        self.assertEqual(lead.total_estimate, 150000)

    def test_budget_range(self):
        with self.assertRaises(ValidationError):
            self.lead.write({"budget_min": 200000, "budget_max": 100000})

    def test_quotation_from_lead_carries_studio(self):
        ctx = self.lead._prepare_opportunity_quotation_context()
        order = self.env["sale.order"].with_context(**ctx).create({"partner_id": self.client.id})
        self.assertEqual(order.studio_id, self.studio_a)
        self.assertEqual(order.designer_id, self.designer)
        self.assertEqual(
            order.payment_plan_line_ids.mapped("instalment_type"), ["first", "midterm", "final"]
        )

    def test_never_refused_only_the_client_cancels(self):
        """Seed 002 step 04: a measurement may not be refused: staff cannot
        cancel it, they record the client's cancellation with its reason."""
        measurement = self._measurement(self.designer)
        for user in (self.designer, self.studio_manager, self.manager):
            with self.subTest(user=user.name), self.assertRaises(UserError):
                measurement.with_user(user).write({"state": "cancelled"})
        self.assertFalse(hasattr(measurement, "action_cancel"), "no staff cancel button")
        with self.assertRaisesRegex(UserError, "never refused"):
            measurement.with_user(self.designer).action_client_cancel()
        self.assertEqual(measurement.state, "draft")
        measurement.with_user(self.designer).cancel_reason = "客户已找到其他公司"
        measurement.with_user(self.designer).action_client_cancel()
        self.assertEqual(measurement.state, "cancelled")
        self.assertTrue(measurement.cancelled_on)
        self.assertIn("客户已找到其他公司", measurement.message_ids[0].body)

    def test_no_deposit_asks_the_studio_manager(self):
        measurement = self._measurement(self.designer)
        approval = self.env.ref("renovation_service.mail_activity_type_measurement_approval")
        activity = measurement.activity_ids.filtered(lambda a: a.activity_type_id == approval)
        self.assertEqual(activity.user_id, self.studio_manager, "the studio manager is told")
        measurement.with_user(self.studio_manager).action_approve()
        self.assertFalse(
            measurement.activity_ids.filtered(lambda a: a.activity_type_id == approval)
        )


@tagged("post_install", "-at_install")
class TestEnquiryStudio(RenovationCase):
    def test_enquiry_from_the_renovation_menu_gets_the_registrars_studio(self):
        """The front desk registers an enquiry from the renovation menu: it
        belongs to their studio at once (the studio is required there);
        CRM's own leads get no studio."""
        assistant = self.collector  # a cash collector at studio A's front desk
        self.studio_a.assistant_ids = assistant
        Lead = self.env["crm.lead"].with_user(assistant)
        menu = Lead.with_context(renovation_enquiry=True)
        self.assertEqual(menu.default_get(["studio_id"])["studio_id"], self.studio_a.id)
        lead = menu.create({"name": "赵先生 咨询", "type": "opportunity"})
        self.assertEqual(lead.studio_id, self.studio_a)
        self.assertFalse(Lead.default_get(["studio_id"]).get("studio_id"))
        other = self.env["crm.lead"].with_user(self.other_designer)
        self.assertFalse(
            other.with_context(renovation_enquiry=True).default_get(["studio_id"]).get("studio_id"),
            "a designer of no studio picks one",
        )
