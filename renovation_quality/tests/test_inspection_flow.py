from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.renovation_service.tests.common import new_staff_user

from .common import QualityCase, chinese_env


@tagged("post_install", "-at_install")
class TestInspectionFlow(QualityCase):
    def test_checklist_loaded_from_the_projects_standard(self):
        inspection = self._inspection("hidden_works")
        checklist = self.standard.checklist_ids.filtered(lambda c: c.node == "hidden_works")
        self.assertEqual(inspection.standard_id, self.standard)
        self.assertEqual(inspection.checklist_id, checklist)
        self.assertEqual(inspection.line_ids.clause_id, checklist.clause_ids)
        self.assertEqual(inspection.foreman_id, self.foreman)
        self.assertEqual(inspection.inspector_id, self.inspector)
        self.assertEqual(inspection.state, "draft")
        self.assertEqual(inspection.result, "pending")

    def assertNothingCompleted(self, inspection):
        self.assertEqual(inspection.state, "draft")
        self.assertFalse(inspection.done_on)
        self.assertFalse(inspection.rectification_ids)
        self.assertFalse(inspection.form_id)
        self.assertFalse(
            self.env["renovation.form"].search(
                [("res_id", "=", inspection.id), ("res_model", "=", inspection._name)]
            )
        )

    def test_every_check_needs_a_result(self):
        inspection = self._attach_media(self._inspection("hidden_works"))
        with self.assertRaises(UserError) as caught:
            self._complete(inspection)
        self.assertIn("2.0.3", str(caught.exception))
        self.assertNothingCompleted(inspection)

    def test_measured_check_needs_its_value(self):
        inspection = self._attach_media(self._inspection("carpentry"))
        for line in inspection.line_ids.filtered(lambda line: line.check_kind == "visual"):
            line.with_user(self.inspector).result = "pass"
        # a result typed in by hand without a measurement is not enough
        with self.assertRaises(UserError):
            self._complete(inspection)
        self.assertNothingCompleted(inspection)

    def test_required_photos_and_video(self):
        inspection = self._fill(self._inspection("hidden_works"))
        self._attach_media(inspection, photos=3, videos=0)
        with self.assertRaises(UserError) as caught:
            self._complete(inspection)
        self.assertIn("at least 4 photos", str(caught.exception))
        self.assertNothingCompleted(inspection)
        self._attach_media(inspection, photos=1, videos=0)
        with self.assertRaises(UserError) as caught:
            self._complete(inspection)
        self.assertIn("video", str(caught.exception))
        self.assertNothingCompleted(inspection)
        # a photo on a check counts as well as one in the chatter
        line = inspection.line_ids[:1]
        self.env["ir.attachment"].with_user(self.inspector).create(
            {
                "name": "v.mp4",
                "raw": b"\x00\x00\x00\x18ftypmp42",
                "mimetype": "video/mp4",
                "res_model": line._name,
                "res_id": line.id,
            }
        )
        self._complete(inspection)
        self.assertEqual(inspection.state, "done")

    def test_waterproofing_needs_a_finished_water_test(self):
        inspection = self._attach_media(self._fill(self._inspection("waterproofing")))
        with self.assertRaises(UserError):
            self._complete(inspection)
        self.assertNothingCompleted(inspection)
        test = self._water_test(inspection, passed=False)
        with self.assertRaises(UserError):
            self._complete(inspection)  # still running
        self.assertNothingCompleted(inspection)
        test.with_user(self.foreman).action_pass()
        self._complete(inspection)
        self.assertEqual(inspection.form_id.form_type_code, "water_test")
        self.assertIn(test.name, inspection.form_id.content)

    def test_passed_hidden_works_produce_the_form_to_sign(self):
        inspection = self._completed("hidden_works")
        self.assertEqual(inspection.state, "done")
        self.assertEqual(inspection.result, "pass")
        self.assertFalse(inspection.rectification_ids)
        form = inspection.form_id
        self.assertEqual(form.form_type_code, "hidden_works")
        self.assertEqual((form.res_model, form.res_id), (inspection._name, inspection.id))
        self.assertEqual(form.state, "waiting")
        self.assertEqual(set(form.signature_ids.mapped("role_code")), {"client", "foreman"})
        self.assertEqual(len(form.line_ids), len(inspection.line_ids))
        self.assertEqual(set(form.line_ids.mapped("result")), {"pass"})
        self.assertIn("2.0.3", " ".join(form.line_ids.mapped("name")))
        self._sign_all(form)
        self.assertEqual(form.state, "signed")
        self.assertIn("is signed", inspection.message_ids[0].body)

    def test_form_types_per_node(self):
        material = self._completed("material_entry")
        self.assertEqual(material.form_id.form_type_code, "material_inspection")
        self.assertEqual(
            set(material.form_id.signature_ids.mapped("role_code")),
            {"foreman", "inspector", "client"},
        )
        completion = self._completed("completion")
        self.assertEqual(completion.form_id.form_type_code, "completion_acceptance")
        self.assertEqual(completion.form_id.state, "waiting")
        # seed 000 §4.3 (and 002 step 17): the client accepts the tiling and the
        # carpentry on site, with the foreman: 分阶段验收记录单
        for node in ("tiling", "carpentry"):
            inspection = self._completed(node)
            self.assertEqual(inspection.result, "pass")
            self.assertEqual(inspection.form_id.form_type_code, "stage_acceptance", node)
            self.assertEqual(
                set(inspection.form_id.signature_ids.mapped("role_code")), {"client", "foreman"}
            )

    def test_failed_checks_become_a_rectification_order(self):
        # the order is worded in the language of the foreman who reads it
        chinese_env(self.env)
        self.foreman.lang = "zh_CN"
        inspection = self._completed("hidden_works", c2_0_3="fail", c3_0_3="fail")
        self.assertEqual(inspection.result, "fail")
        self.assertFalse(inspection.form_id, "only an accepted node is signed for")
        order = inspection.rectification_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "open")
        self.assertEqual(order.foreman_id, self.foreman)
        self.assertEqual(order.deadline.toordinal() - self.today.toordinal(), 3)
        self.assertEqual(order.line_ids.mapped("code"), ["2.0.3", "3.0.3"])
        self.assertIn("试压无渗漏", order.description)
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.foreman)
        self.assertEqual(activity.date_deadline, order.deadline)

    def test_spot_check_produces_no_form(self):
        inspection = self._inspection("hidden_works", is_spot_check=True)
        self._fill(inspection)
        self._attach_media(inspection)
        self._complete(inspection)
        self.assertEqual(inspection.result, "pass")
        self.assertFalse(inspection.form_id)

    def test_completed_inspection_is_frozen(self):
        inspection = self._completed("tiling")
        line = inspection.line_ids[:1]
        for user in (self.inspector, self.manager):
            with self.subTest(user=user.name):
                with self.assertRaises(UserError):
                    line.with_user(user).write({"result": "fail"})
                with self.assertRaises(UserError):
                    inspection.with_user(user).write(
                        {"project_id": self.project.id, "date": "2020-01-01"}
                    )
                with self.assertRaises(UserError):
                    inspection.with_user(user).unlink()
                with self.assertRaises(UserError):
                    line.with_user(user).unlink()
                with self.assertRaises(UserError):
                    self.env["renovation.quality.inspection.line"].with_user(user).create(
                        {
                            "inspection_id": inspection.id,
                            "clause_id": line.clause_id.id,
                            "result": "pass",
                        }
                    )
        self.assertEqual(line.result, "pass")
        self.assertTrue(inspection.exists())
        self.assertEqual(len(inspection.line_ids), 5)
        with self.assertRaises(UserError):
            self._complete(inspection)
        with self.assertRaises(UserError):
            inspection.with_user(self.inspector).action_cancel()
        self.assertEqual(inspection.state, "done")

    def test_checklist_not_reloaded_over_results(self):
        inspection = self._inspection("tiling")
        inspection.line_ids[:1].with_user(self.inspector).result = "fail"
        lines = inspection.line_ids
        with self.assertRaises(UserError):
            inspection.with_user(self.inspector).action_load_checklist()
        self.assertEqual(inspection.line_ids, lines)
        self.assertEqual(inspection.line_ids[:1].result, "fail")

    def test_failures_need_a_responsible_foreman(self):
        inspection = self._inspection("tiling", foreman_id=False)
        self._attach_media(self._fill(inspection, c7_0_2="fail"))
        with self.assertRaises(UserError) as caught:
            self._complete(inspection)
        self.assertIn("foreman", str(caught.exception))
        self.assertNothingCompleted(inspection)

    def test_rectification_only_from_a_completed_inspection(self):
        inspection = self._fill(self._inspection("tiling"), c7_0_2="fail")
        with self.assertRaises(UserError):
            self.Rectification.with_user(self.inspector).create(
                {
                    "inspection_id": inspection.id,
                    "foreman_id": self.foreman.id,
                    "deadline": self.today,
                    "description": "x",
                }
            )
        self.assertFalse(self.Rectification.search([("inspection_id", "=", inspection.id)]))

    def test_only_its_inspector_or_a_manager_completes(self):
        other_inspector = new_staff_user(
            self.env,
            "reno_inspector2",
            groups="renovation_service.group_renovation_quality_inspector",
        )
        inspection = self.Inspection.create(
            {
                "project_id": self.project.id,
                "node": "hidden_works",
                "inspector_id": other_inspector.id,
            }
        )
        self._fill(inspection, user=self.manager)
        self._attach_media(inspection, user=self.manager)
        with self.assertRaises(UserError):
            inspection.with_user(self.inspector).action_complete()
        self.assertEqual(inspection.state, "draft")
        with self.assertRaises(UserError):
            inspection.with_user(self.foreman).action_complete()
        self.assertEqual(inspection.state, "draft")
        inspection.with_user(self.manager).action_complete()
        self.assertEqual(inspection.state, "done")

    def test_inspection_without_checklist_refused(self):
        self.standard.checklist_ids.filtered(lambda c: c.node == "tiling").active = False
        with self.assertRaises(UserError):
            self._inspection("tiling")
        self.assertFalse(self.Inspection.search([("project_id", "=", self.project.id)]))
