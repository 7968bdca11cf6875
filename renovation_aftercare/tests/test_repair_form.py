from datetime import date, datetime

from odoo.tests import tagged

from .common import AftercareCase


@tagged("post_install", "-at_install")
class TestRepairAcceptanceForm(AftercareCase):
    """The 维修验收单 prints the repair: number, scope, where, problem, work done."""

    def test_acceptance_form_fields_come_from_the_repair(self):
        card = self._card_for(self.ACCEPTANCE, self.scope_basic | self.scope_bathroom)
        repair = self.Repair.create(
            {
                "project_id": card.project_id.id,
                "scope_id": self.scope_bathroom.id,
                "description": "卫生间楼下渗水",
                "location": "主卫",
                "request_datetime": self._at(date(2027, 3, 1)),
            }
        )
        repair.write(
            {"technician_id": self.technician.id, "planned_visit_datetime": datetime(2027, 3, 2, 2)}
        )
        repair.action_dispatch()
        technician_repair = repair.with_user(self.technician)
        technician_repair.action_arrive()
        technician_repair.work_done = "重做卫生间防水层"
        technician_repair.action_fixed()
        values = {v.code: v._renovation_raw() for v in repair.acceptance_form_id.value_ids}
        self.assertEqual(values["repair_number"], repair.name)
        self.assertEqual(values["scope"], self.scope_bathroom.name)
        self.assertEqual(values["location"], "主卫")
        self.assertEqual(values["problem"], "卫生间楼下渗水")
        self.assertEqual(values["work_done"], "重做卫生间防水层")
        self.assertTrue(values["in_warranty"])
