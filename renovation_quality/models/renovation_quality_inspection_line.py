from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .renovation_quality_clause import MEASURE_DIGITS

MANAGER_GROUP = "renovation_service.group_renovation_manager"
# what the inspector records; frozen once the inspection is completed
RESULT_FIELDS = {"clause_id", "result", "measured_value", "note", "sequence", "inspection_id"}


class RenovationQualityInspectionLine(models.Model):
    """One check of an inspection: a clause and its result.

    For a measured clause the result follows from the tolerance. Accepting a
    value outside the tolerance is a manager's decision, recorded with a reason.
    """

    _name = "renovation.quality.inspection.line"
    _description = "Inspection Check"
    _inherit = ["renovation.guarded.mixin"]
    _order = "inspection_id, sequence, id"
    # set by the line's own rules: a manager accepted a measurement out of
    # tolerance, the rectification order it went to (``value_entered`` follows
    # the measured value, see create/write)
    _renovation_guarded_fields = ("override_by_id", "rectification_id")

    inspection_id = fields.Many2one(
        "renovation.quality.inspection", required=True, ondelete="cascade", index=True
    )
    inspection_state = fields.Selection(related="inspection_id.state", string="Inspection Status")
    project_id = fields.Many2one(related="inspection_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="inspection_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    clause_id = fields.Many2one("renovation.quality.clause", required=True, ondelete="restrict")
    code = fields.Char(related="clause_id.code")
    chapter_id = fields.Many2one(related="clause_id.chapter_id", store=True, index=True)
    clause_text = fields.Text(related="clause_id.text", string="Requirement")
    check_kind = fields.Selection(related="clause_id.check_kind")
    uom = fields.Char(related="clause_id.uom")
    tolerance_display = fields.Char(related="clause_id.tolerance_display")
    measured_value = fields.Float(digits=(16, MEASURE_DIGITS))
    value_entered = fields.Boolean(
        readonly=True, help="A value was measured (0 is a valid measurement)."
    )
    tolerance_result = fields.Selection(
        [("pass", "Within tolerance"), ("fail", "Out of tolerance")],
        compute="_compute_tolerance_result",
        store=True,
        precompute=True,
    )
    result = fields.Selection(
        [("pass", "Pass"), ("fail", "Fail"), ("na", "Not applicable")],
        compute="_compute_result",
        store=True,
        readonly=False,
        precompute=True,
    )
    note = fields.Char()
    override_by_id = fields.Many2one(
        "res.users",
        string="Accepted Out of Tolerance By",
        readonly=True,
        help="Manager who accepted a measured value outside the tolerance.",
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "renovation_quality_line_photo_rel",
        "line_id",
        "attachment_id",
        string="Photos",
    )
    rectification_id = fields.Many2one(
        "renovation.quality.rectification", readonly=True, index="btree_not_null", copy=False
    )
    rectification_state = fields.Selection(related="rectification_id.state")

    @api.depends("measured_value", "value_entered", "clause_id")
    def _compute_tolerance_result(self):
        for line in self:
            if line.check_kind == "measured" and line.value_entered:
                line.tolerance_result = (
                    "pass" if line.clause_id._evaluate(line.measured_value) else "fail"
                )
            else:
                line.tolerance_result = False

    @api.depends("tolerance_result")
    def _compute_result(self):
        for line in self:
            # a measurement decides; a visual check keeps what the inspector chose
            line.result = line.tolerance_result or line.result

    @api.onchange("measured_value")
    def _onchange_measured_value(self):
        if self.check_kind == "measured":
            self.value_entered = True

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        inspections = self.env["renovation.quality.inspection"].browse(
            [vals.get("inspection_id") for vals in vals_list]
        )
        if inspections.filtered(lambda i: i.state != "draft"):
            raise UserError(_("Checks cannot be added to a completed inspection."))
        for vals in vals_list:
            self._check_value_entered_not_forced(vals)
            if "measured_value" in vals:
                vals["value_entered"] = True
        lines = super().create(vals_list)
        lines.filtered("result")._check_result_override()
        return lines

    def _check_value_entered_not_forced(self, vals):
        """Whether a value was measured follows from the measured value: a
        caller cannot say a measurement was not taken (its tolerance would no
        longer decide the result)."""
        if "value_entered" in vals and not self.env.su:
            raise self._renovation_guard_error({"value_entered"})

    def write(self, vals):
        if RESULT_FIELDS & set(vals) and self.filtered(
            lambda line: line.inspection_state != "draft"
        ):
            raise UserError(_("The checks of a completed inspection cannot be changed."))
        self._check_value_entered_not_forced(vals)
        if "measured_value" in vals:
            vals = dict(vals, value_entered=True)
        res = super().write(vals)
        if {"result", "note", "measured_value"} & set(vals):
            self._check_result_override()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_inspection_done(self):
        if self.filtered(lambda line: line.inspection_state == "done"):
            raise UserError(_("The checks of a completed inspection cannot be deleted."))

    def _check_result_override(self):
        """A measured fail stays a fail unless a renovation manager accepts it,
        giving the reason in the note."""
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        for line in self:
            overridden = line.tolerance_result == "fail" and line.result in ("pass", "na")
            if not overridden:
                if line.override_by_id:
                    # sudo: the acceptance lapses with the value it accepted
                    line.sudo().override_by_id = False
                continue
            if line.override_by_id:
                continue  # accepted before; only the note changed
            value = f"{line.measured_value:g}"
            if not is_manager:
                raise UserError(
                    _(
                        "%(code)s measured %(value)s %(uom)s, outside %(tolerance)s: it fails. "
                        "Only a renovation manager can accept it.",
                        code=line.code,
                        value=value,
                        uom=line.uom or "",
                        tolerance=line.tolerance_display,
                    )
                )
            if not line.note:
                raise UserError(
                    _("Give the reason for accepting %s out of tolerance in its note.", line.code)
                )
            # sudo: the manager and the reason are checked above
            line.sudo().override_by_id = self.env.user
            line.inspection_id.message_post(
                body=Markup(
                    _(
                        "%(user)s accepted %(code)s out of tolerance (%(value)s %(uom)s, "
                        "allowed %(tolerance)s): %(reason)s"
                    )
                )
                % {
                    "user": self.env.user.name,
                    "code": line.code,
                    "value": value,
                    "uom": line.uom or "",
                    "tolerance": line.tolerance_display,
                    "reason": line.note,
                }
            )
