from odoo import fields
from odoo.tests import tagged

from odoo.addons.renovation_service.tests.common import RenovationHttpCase
from odoo.addons.renovation_service.tests.test_integrity_rpc import HOSTILE_CONTEXT

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestQualityIntegrityOverRpc(QualityCase, RenovationHttpCase):
    """Test results and inspection outcomes, attacked over JSON-RPC by every
    role with a hostile context: refused, nothing written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        # waterproofing under way: the ponding test has run 20 hours only
        cls.waterproofing = cls._inspection("waterproofing")
        cls.water_test = cls._water_test(cls.waterproofing, hours=20, passed=False)
        # a carpentry check measured out of tolerance, inspection in progress
        cls.carpentry = cls._inspection("carpentry")
        cls.failing = cls.carpentry.line_ids.filtered(lambda line: line.code == "4.0.2")
        cls.failing.with_user(cls.inspector).measured_value = 2.5
        # a completed tiling inspection with an open rectification order
        cls.tiling = cls._completed("tiling", c8_1_4=9.0)
        cls.rectification = cls.tiling.rectification_ids

    def _attacks(self):
        now = fields.Datetime.to_string(fields.Datetime.now())
        return [
            (
                "pass a 20 h water test by writing",
                "renovation.quality.water.test",
                "write",
                [self.water_test.ids, {"state": "passed", "result_by_id": self.foreman.id}],
            ),
            (
                "create a passed water test",
                "renovation.quality.water.test",
                "create",
                [
                    {
                        "project_id": self.project.id,
                        "area": "厨房",
                        "start_datetime": now,
                        "state": "passed",
                    }
                ],
            ),
            (
                "complete an inspection by writing",
                "renovation.quality.inspection",
                "write",
                [self.carpentry.ids, {"state": "done", "done_on": now}],
            ),
            (
                "unmeasure a failing check",
                "renovation.quality.inspection.line",
                "write",
                [self.failing.ids, {"value_entered": False, "result": "pass"}],
            ),
            (
                "forge a manager's acceptance",
                "renovation.quality.inspection.line",
                "write",
                [
                    self.failing.ids,
                    {"override_by_id": self.manager.id, "result": "pass", "note": "伪造"},
                ],
            ),
            (
                "close a rectification by writing",
                "renovation.quality.rectification",
                "write",
                [self.rectification.ids, {"state": "closed", "closed_on": now}],
            ),
            (
                "change a completed inspection's result",
                "renovation.quality.inspection.line",
                "write",
                [
                    self.tiling.line_ids.filtered(lambda line: line.code == "8.1.4").ids,
                    {"measured_value": 1.0},
                ],
            ),
        ]

    def _evidence(self):
        self.env.invalidate_all()
        return {
            "water": (
                self.water_test.state,
                self.water_test.result_by_id.id,
                self.env["renovation.quality.water.test"].search_count([]),
            ),
            "carpentry": (
                self.carpentry.state,
                self.failing.result,
                self.failing.value_entered,
                self.failing.override_by_id.id,
            ),
            "rectification": (self.rectification.state, self.rectification.closed_on),
            "tiling": self.tiling.line_ids.mapped("measured_value"),
        }

    def test_every_role_is_refused(self):
        before = self._evidence()
        for user in (self.foreman, self.inspector, self.pm, self.manager, self.admin):
            self.authenticate(user.login, user.login if user != self.admin else "admin")
            for label, model, method, args in self._attacks():
                with self.subTest(user=user.login, attack=label):
                    self._rpc_refused(model, method, *args, context=HOSTILE_CONTEXT)
                    self.assertEqual(self._evidence(), before, "nothing written")
