from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import QualityCase


def _arch(model, view_type):
    return etree.fromstring(model.get_views([(False, view_type)])["views"][view_type]["arch"])


@tagged("post_install", "-at_install")
class TestCheckDisplay(QualityCase):
    """实测值 (the measured value) is shown for a measurement taken, never as
    0.000 for a visual check: in the checks list and in a rectification."""

    def _measured_cell_hidden(self, arch_node, line):
        node = arch_node.find(".//field[@name='measured_value']")
        expression = node.get("invisible")
        self.assertTrue(expression, "the measured value is always shown")
        names = {"check_kind", "value_entered", "inspection_state"}
        return bool(safe_eval(expression, {name: line[name] for name in names}))

    def test_visual_check_shows_no_measured_value(self):
        inspection = self._fill(self._inspection("waterproofing"))
        visual = inspection.line_ids.filtered(lambda line: line.check_kind == "visual")[:1]
        measured = inspection.line_ids.filtered(
            lambda line: line.check_kind == "measured" and line.value_entered
        )[:1]
        self.assertTrue(visual and measured)
        Line = self.env["renovation.quality.inspection.line"]
        views = {
            "checks list": _arch(Line, "list"),
            "check form": _arch(Line, "form"),
        }
        rectification_form = _arch(self.Rectification, "form")
        views["rectification"] = rectification_form.find(".//field[@name='line_ids']/list")
        for where, arch in views.items():
            self.assertTrue(self._measured_cell_hidden(arch, visual), where)
            self.assertFalse(self._measured_cell_hidden(arch, measured), where)

    def test_checks_have_no_new_button(self):
        """A check belongs to an inspection and a clause, both read-only on its
        form: the form offers no New (checks come with the inspection)."""
        form = _arch(self.env["renovation.quality.inspection.line"], "form")
        self.assertEqual(form.get("create"), "0")
