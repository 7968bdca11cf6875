from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import QualityCase


@tagged("post_install", "-at_install")
class TestStandardVersioning(QualityCase):
    def _new_version(self, standard=None, user=None):
        return (standard or self.standard).with_user(user or self.manager)._copy_as_new_version()

    def test_copy_creates_a_full_draft_version(self):
        v2 = self._new_version()
        self.assertEqual((v2.code, v2.version, v2.state), (self.standard.code, 2, "draft"))
        self.assertEqual(v2.company_id, self.company)
        self.assertEqual(v2.previous_version_id, self.standard)
        self.assertEqual(len(v2.chapter_ids), 11)
        self.assertEqual(v2.clause_ids.mapped("code"), self.standard.clause_ids.mapped("code"))
        self.assertFalse(v2.clause_ids & self.standard.clause_ids, "copies, not shared records")
        self.assertEqual(self._clause("4.0.2", v2).tolerance_display, "±2 mm")
        for checklist in v2.checklist_ids:
            original = self.standard.checklist_ids.filtered(lambda c, n=checklist.node: c.node == n)
            with self.subTest(node=checklist.node):
                self.assertEqual(checklist.clause_ids.standard_id, v2)
                self.assertEqual(
                    checklist.clause_ids.mapped("code"), original.clause_ids.mapped("code")
                )
                self.assertEqual(checklist.form_type_id, original.form_type_id)
        self.assertEqual(self.standard.state, "active", "copying changes nothing in use")

    def test_projects_keep_the_version_they_started_with(self):
        old_project = self.project
        self.assertEqual(old_project.quality_standard_id, self.standard)
        v2 = self._new_version()
        self._clause("4.0.2", v2).tolerance = 1.5  # stricter in the company's version
        v2.with_user(self.manager).action_activate()
        self.assertEqual(v2.state, "active")
        self.assertEqual(
            self.env["renovation.quality.standard"]._current_for_company(self.company), v2
        )
        _order, new_project = self._signed_contract()
        self.assertEqual(new_project.quality_standard_id, v2)
        self.assertEqual(old_project.quality_standard_id, self.standard)
        old = self._inspection("carpentry", project=old_project)
        new = self._inspection("carpentry", project=new_project)
        self.assertEqual(old.line_ids.clause_id.standard_id, self.standard)
        self.assertEqual(new.line_ids.clause_id.standard_id, v2)
        old_line = old.line_ids.filtered(lambda line: line.code == "4.0.2")
        new_line = new.line_ids.filtered(lambda line: line.code == "4.0.2")
        old_line.with_user(self.inspector).measured_value = 1.8
        new_line.with_user(self.inspector).measured_value = 1.8
        self.assertEqual((old_line.result, new_line.result), ("pass", "fail"))

    def test_activating_supersedes_the_companys_previous_version(self):
        v2 = self._new_version()
        v2.with_user(self.manager).action_activate()
        v3 = self._new_version(v2)
        self.assertEqual(v3.version, 3)
        v3.with_user(self.manager).action_activate()
        self.assertEqual((v2.state, v3.state), ("superseded", "active"))
        self.assertEqual(
            self.standard.state, "active", "the shared standard serves other companies"
        )
        with self.assertRaises(UserError):
            v3.with_user(self.manager).action_activate()

    def test_version_in_use_is_frozen(self):
        clause = self._clause("4.0.2")
        for values in ({"tolerance": 5}, {"name": "随便"}):
            with self.subTest(values=values), self.assertRaises(UserError):
                clause.with_user(self.manager).write(values)
        with self.assertRaises(UserError):
            clause.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            self.standard.chapter_ids[:1].with_user(self.manager).write({"name": "x"})
        with self.assertRaises(UserError):
            self.env["renovation.quality.clause"].with_user(self.manager).create(
                {"chapter_id": self.standard.chapter_ids[:1].id, "number": "1.0.99", "name": "x"}
            )
        with self.assertRaises(UserError):
            self.standard.with_user(self.manager).unlink()
        self.assertEqual(clause.tolerance, 2)
        self.assertEqual(len(self.standard.clause_ids), 68)
        # a draft version is editable
        v2 = self._new_version()
        self._clause("4.0.2", v2).with_user(self.manager).tolerance = 3
        self.assertEqual(self._clause("4.0.2", v2).tolerance_display, "±3 mm")

    def test_incomplete_version_cannot_become_current(self):
        v2 = self._new_version()
        v2.checklist_ids.filtered(lambda c: c.node == "completion").unlink()
        with self.assertRaises(UserError):
            v2.with_user(self.manager).action_activate()
        self.assertEqual(v2.state, "draft")
        self.assertEqual(self.standard.state, "active")

    def test_checklist_holds_clauses_of_its_own_standard_only(self):
        v2 = self._new_version()
        checklist = v2.checklist_ids[:1]
        clauses = checklist.clause_ids
        with self.assertRaises(ValidationError):
            checklist.with_user(self.manager).write(
                {"clause_ids": [Command.link(self._clause("1.0.1").id)]}
            )
        self.assertEqual(checklist.clause_ids, clauses)

    def test_rectification_gate_needs_its_node(self):
        gates = self.env["renovation.stage.gate"]
        with self.assertRaises(ValidationError):
            gates.create(
                {
                    "name": "No node",
                    "stage_id": self.stage["completion"].id,
                    "gate_type": "quality_rectifications_closed",
                }
            )
        self.assertFalse(gates.search([("name", "=", "No node")]))

    def test_only_managers_version_standards(self):
        for user in (self.inspector, self.pm):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                self._new_version(user=user)
        self.assertEqual(
            self.env["renovation.quality.standard"].search_count([("code", "=", "HOME-DECO")]), 1
        )

    def test_first_inspection_sets_a_missing_standard(self):
        self.project.sudo().quality_standard_id = False  # e.g. created before the addon
        v2 = self._new_version()
        v2.with_user(self.manager).action_activate()
        inspection = self._inspection("tiling")
        self.assertEqual(self.project.quality_standard_id, v2)
        self.assertEqual(inspection.standard_id, v2)
        # and never changes it afterwards
        v3 = self._new_version(v2)
        v3.with_user(self.manager).action_activate()
        self._inspection("carpentry")
        self.assertEqual(self.project.quality_standard_id, v2)
