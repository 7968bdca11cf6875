from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

# measured values are read to the thousandth; a value exactly on a limit passes
MEASURE_DIGITS = 3


class RenovationQualityClause(models.Model):
    """A numbered clause of the standard (e.g. 4.0.2), checked as one inspection
    item: visually (pass/fail) or by a measurement against a tolerance.

    A clause holding checks of different kinds is split into items a, b, c
    (8.1.5: upturn height, ponding duration, falls and leaks).
    """

    _name = "renovation.quality.clause"
    _description = "Quality Standard Clause"
    _order = "standard_id, sequence, id"
    _rec_names_search = ["code", "name"]

    chapter_id = fields.Many2one(
        "renovation.quality.chapter", required=True, ondelete="cascade", index=True
    )
    standard_id = fields.Many2one(
        related="chapter_id.standard_id", store=True, index=True, string="Standard"
    )
    sequence = fields.Integer(default=10)
    number = fields.Char(required=True, help="Clause number as printed in the standard.")
    item = fields.Char(help="Letter of the item when one clause is checked as several items.")
    code = fields.Char(compute="_compute_code", store=True)
    # the texts are in English in the data, with the standard's Chinese
    # wording as their zh_CN translation: each user reads one language
    section = fields.Char(
        help="Section inside the chapter, e.g. 8.2 Timber floors.", translate=True
    )
    name = fields.Text(
        string="Requirement", required=True, translate=True, help="The wording of the standard."
    )
    text = fields.Text(string="Clause Text", related="name")
    check_kind = fields.Selection(
        [("visual", "Visual (pass/fail)"), ("measured", "Measured")],
        required=True,
        default="visual",
    )
    measure_name = fields.Char(string="Measured Quantity", translate=True)
    uom = fields.Char(string="Unit", help="mm, %, kg, h...")
    tolerance_kind = fields.Selection(
        [
            ("plus_minus", "Nominal ± tolerance"),
            ("max", "At most (≤)"),
            ("min", "At least (≥)"),
            ("range", "Between min and max"),
        ]
    )
    nominal_value = fields.Float(digits=(16, MEASURE_DIGITS))
    tolerance = fields.Float(string="Tolerance (±)", digits=(16, MEASURE_DIGITS))
    min_value = fields.Float(digits=(16, MEASURE_DIGITS))
    max_value = fields.Float(digits=(16, MEASURE_DIGITS))
    tolerance_display = fields.Char(
        string="Tolerance", compute="_compute_tolerance_display", store=True
    )

    _sql_constraints = [
        ("code_uniq", "unique(standard_id, code)", "Clause codes are unique in a standard."),
    ]

    @api.depends("number", "item")
    def _compute_code(self):
        for clause in self:
            clause.code = f"{clause.number}{clause.item or ''}"

    @api.depends_context("lang")
    @api.depends("code", "name")
    def _compute_display_name(self):
        for clause in self:
            text = clause.text or ""
            short = text if len(text) <= 40 else text[:40] + "…"
            clause.display_name = f"{clause.code} {short}"

    @api.depends(
        "check_kind",
        "tolerance_kind",
        "nominal_value",
        "tolerance",
        "min_value",
        "max_value",
        "uom",
    )
    def _compute_tolerance_display(self):
        for clause in self:
            clause.tolerance_display = clause._format_tolerance()

    def _format_tolerance(self):
        self.ensure_one()
        if self.check_kind != "measured" or not self.tolerance_kind:
            return False
        unit = f" {self.uom}" if self.uom else ""
        kind = self.tolerance_kind
        if kind == "plus_minus":
            if float_compare(self.nominal_value, 0.0, precision_digits=MEASURE_DIGITS) == 0:
                return f"±{self.tolerance:g}{unit}"
            return f"{self.nominal_value:g} ± {self.tolerance:g}{unit}"
        if kind == "max":
            return f"≤ {self.max_value:g}{unit}"
        if kind == "min":
            return f"≥ {self.min_value:g}{unit}"
        return f"{self.min_value:g} – {self.max_value:g}{unit}"

    @api.constrains("check_kind", "tolerance_kind", "tolerance", "min_value", "max_value", "uom")
    def _check_tolerance(self):
        for clause in self.filtered(lambda c: c.check_kind == "measured"):
            if not clause.tolerance_kind or not clause.uom:
                raise ValidationError(
                    _("Measured clause %s needs a unit and a tolerance.", clause.code)
                )
            if clause.tolerance_kind == "plus_minus" and clause.tolerance < 0:
                raise ValidationError(_("The tolerance of %s cannot be negative.", clause.code))
            if (
                clause.tolerance_kind == "range"
                and float_compare(
                    clause.min_value, clause.max_value, precision_digits=MEASURE_DIGITS
                )
                > 0
            ):
                raise ValidationError(_("The minimum of %s is above its maximum.", clause.code))

    def _tolerance_bounds(self):
        """(lowest, highest) acceptable value; None where the tolerance is open."""
        self.ensure_one()
        kind = self.tolerance_kind
        if kind == "plus_minus":
            return self.nominal_value - self.tolerance, self.nominal_value + self.tolerance
        if kind == "max":
            return None, self.max_value
        if kind == "min":
            return self.min_value, None
        return self.min_value, self.max_value

    def _evaluate(self, value):
        """True when ``value`` is within the tolerance; the limits themselves pass."""
        self.ensure_one()
        low, high = self._tolerance_bounds()
        if low is not None and float_compare(value, low, precision_digits=MEASURE_DIGITS) < 0:
            return False
        if high is not None and float_compare(value, high, precision_digits=MEASURE_DIGITS) > 0:
            return False
        return True

    # ------------------------------------------------------------------
    # a version in use is frozen
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        chapters = self.env["renovation.quality.chapter"].browse(
            [vals.get("chapter_id") for vals in vals_list]
        )
        chapters.standard_id._check_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.standard_id._check_editable()
        if vals.get("chapter_id"):
            self.chapter_id.browse(vals["chapter_id"]).standard_id._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_standard_in_use(self):
        self.standard_id._check_editable()
