from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import RenovationCase


def _view_arch(model, view_type, view_id=False):
    arch = model.get_views([(view_id, view_type)])["views"][view_type]["arch"]
    return etree.fromstring(arch)


def _offers_create(node):
    return node.get("create", "1") not in ("0", "false", "False")


@tagged("post_install", "-at_install")
class TestBackOfficeUx(RenovationCase):
    """What a new user meets in the menus of the suite (all installed addons):
    no New that leads nowhere, the final instalment's real share."""

    def _suite_window_actions(self):
        root = self.env.ref("renovation_service.menu_renovation_root")
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id)])
        actions = [menu.action for menu in menus if menu.action]
        return {action for action in actions if action._name == "ir.actions.act_window"}

    def test_no_menu_offers_a_new_that_cannot_be_saved(self):
        """Every New of a menu's list, kanban or form view opens a form the user
        can fill in: not a report built by SQL, not a form whose required
        fields are missing or read-only (records issued by a button elsewhere,
        like the warranty card, offer no New)."""
        checked = 0
        for action in self._suite_window_actions():
            if action.context and "'create': False" in action.context:
                continue
            Model = self.env[action.res_model]
            views = {mode: view_id for view_id, mode in action.views}
            offering = [
                mode
                for mode in ("list", "kanban", "form")
                if mode in views and _offers_create(_view_arch(Model, mode, views[mode]))
            ]
            if not offering:
                continue
            checked += 1
            where = f"{action.name} ({action.res_model}, {', '.join(offering)})"
            self.assertTrue(Model._auto, f"{where}: New on a report")
            form = _view_arch(Model, "form", views.get("form", False))
            self.assertTrue(_offers_create(form), f"{where}: New opens a form without New")
            defaults = Model.default_get(list(Model._fields))
            for name, field in Model._fields.items():
                if not field.required or field.compute or name in defaults:
                    continue
                if name in Model._inherits.values():
                    continue  # the parent record is created with the record (mail alias)
                nodes = [
                    node
                    for node in form.iterfind(f".//field[@name='{name}']")
                    if not any(parent.tag == "field" for parent in node.iterancestors())
                ]
                self.assertTrue(nodes, f"{where}: required {name} is not on the form")
                self.assertFalse(
                    all(node.get("readonly") in ("1", "True") for node in nodes),
                    f"{where}: required {name} is read-only on the form",
                )
        self.assertGreater(checked, 10)

    def test_forms_issued_elsewhere_offer_no_new(self):
        """The settlement audit is opened from its project (one per project):
        its form, reached from the project's button, has no New."""
        Audit = self.env["renovation.settlement.audit"]
        self.assertFalse(_offers_create(_view_arch(Audit, "form")))
        self.assertFalse(_offers_create(_view_arch(Audit, "list")))
        Analysis = self.env["renovation.schedule.analysis"]
        self.assertFalse(_offers_create(_view_arch(Analysis, "list")))

    def test_codes_are_not_columns_of_the_lists(self):
        """Lists and the schedule analysis show names, not technical codes
        (design_handover_1, KO): the codes stay available as optional columns."""
        form_types = _view_arch(self.env["renovation.form.type"], "list")
        self.assertEqual(form_types.find(".//field[@name='code']").get("optional"), "hide")
        Analysis = self.env["renovation.schedule.analysis"]
        pivot = _view_arch(Analysis, "pivot")
        self.assertEqual(pivot.find(".//field[@type='row']").get("name"), "node_name")
        listed = _view_arch(Analysis, "list")
        self.assertEqual(listed.find(".//field[@name='node_code']").get("optional"), "hide")

    def test_final_instalment_shows_the_rest_of_the_contract(self):
        """尾款 is the rest of the contract: its share is 100 % minus the other
        instalments, not the 0 % of its unused percent field."""
        order = self.env["sale.order"].create(self._contract_values())
        first = self._instalment(order, "first")
        midterm = self._instalment(order, "midterm")
        final = self._instalment(order, "final")
        self.assertEqual(final.percent, 0.0)
        expected = 100.0 - first.percent - midterm.percent
        self.assertGreater(expected, 0.0)
        self.assertAlmostEqual(final.share_percent, expected)
        self.assertEqual(first.share_percent, first.percent)
        # the share column is where the instalments are edited: it writes the percent
        midterm.share_percent = midterm.percent - 10.0
        self.assertAlmostEqual(final.share_percent, expected + 10.0)
        with self.assertRaises(UserError):
            final.share_percent = 99.0  # the rest is not set by hand
        self.assertEqual(final.percent, 0.0)
        final.invalidate_recordset(["share_percent"])
        self.assertAlmostEqual(final.share_percent, expected + 10.0)
        # the contract's and the project's payment lists show the share
        project_form = self.env.ref("renovation_service.view_project_renovation_form")
        for model, view_id in (("sale.order", False), ("project.project", project_form.id)):
            arch = _view_arch(self.env[model], "form", view_id)
            columns = [
                node.get("name")
                for node in arch.iterfind(".//field[@name='payment_plan_line_ids']/list/field")
                if node.get("column_invisible") != "1"
            ]
            self.assertIn("share_percent", columns, model)
            self.assertNotIn("percent", columns, model)

    def test_contract_form_edits_the_shares(self):
        """On the contract's form the shares are edited in one column: the
        first and mid-term ones; the final one is read-only and, once saved,
        the rest of the contract."""
        order = self.env["sale.order"].create(self._contract_values())
        first = self._instalment(order, "first")
        midterm = self._instalment(order, "midterm")
        final = self._instalment(order, "final")
        lines = list(order.payment_plan_line_ids.sorted())
        first_share = first.percent - 5.0
        rest = 100.0 - first_share - midterm.percent
        with Form(order) as form:
            with form.payment_plan_line_ids.edit(lines.index(first)) as line:
                line.share_percent = first_share
            with form.payment_plan_line_ids.edit(lines.index(final)) as line:
                self.assertTrue(line._get_modifier("share_percent", "readonly"))
        self.assertAlmostEqual(first.percent, first_share)
        self.assertAlmostEqual(final.share_percent, rest)
        self.assertEqual(final.percent, 0.0)
