from odoo import _, api, fields, models
from odoo.tools.misc import format_amount, format_date, format_datetime

# the column holding the value of each type of field
VALUE_COLUMN = {
    "char": "value_char",
    "text": "value_text",
    "float": "value_float",
    "monetary": "value_float",
    "date": "value_date",
    "datetime": "value_datetime",
    "pass_fail": "value_result",
    "boolean": "value_boolean",
}
# printed date-times carry their time zone: 2026-12-01 14:03 (Asia/Shanghai)
DATETIME_PATTERN = "yyyy-MM-dd HH:mm"


class RenovationFormValue(models.Model):
    """The value of one labelled field on one form. Content like the form's
    lines: frozen once someone has signed."""

    _name = "renovation.form.value"
    _description = "Form Field Value"
    _order = "form_id, sequence, id"

    form_id = fields.Many2one("renovation.form", required=True, ondelete="cascade", index=True)
    field_id = fields.Many2one("renovation.form.type.field", required=True, ondelete="restrict")
    sequence = fields.Integer(default=10)
    code = fields.Char(related="field_id.code")
    name = fields.Char(related="field_id.name", string="Label")
    section = fields.Char(related="field_id.section")
    unit = fields.Char(related="field_id.unit")
    value_type = fields.Selection(related="field_id.value_type")
    value_char = fields.Char(string="Text")
    value_text = fields.Text(string="Long Text")
    value_float = fields.Float(string="Number")
    value_date = fields.Date(string="Date")
    value_datetime = fields.Datetime(string="Date and Time")
    value_result = fields.Selection(
        [("pass", "Pass"), ("fail", "Fail"), ("na", "Not applicable")], string="Result"
    )
    value_boolean = fields.Boolean(string="Yes / No")
    value_entered = fields.Boolean(
        readonly=True, help="A value was given (0 is a valid number, no is a valid answer)."
    )
    display_value = fields.Char(string="Value", compute="_compute_display_value")

    @api.depends(*set(VALUE_COLUMN.values()), "value_entered", "field_id.value_type")
    @api.depends_context("lang", "tz")
    def _compute_display_value(self):
        for value in self:
            value.display_value = value._renovation_display()

    # ------------------------------------------------------------------
    # ORM: content of the form
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        Field = self.env["renovation.form.type.field"]
        for vals in vals_list:
            vals["value_entered"] = self._renovation_entered(vals)
            if "sequence" not in vals and vals.get("field_id"):
                # printed in the template's order, whoever gave the value
                vals["sequence"] = Field.browse(vals["field_id"]).sequence
        values = super().create(vals_list)
        values.form_id._check_content_editable()
        return values

    def write(self, vals):
        self.form_id._check_content_editable()
        if set(vals) & set(VALUE_COLUMN.values()):
            vals = {**vals, "value_entered": self._renovation_entered(vals)}
        return super().write(vals)

    def unlink(self):
        self.form_id._check_content_editable()
        return super().unlink()

    @api.model
    def _renovation_entered(self, vals):
        """Whether ``vals`` give a value: a number or a yes/no always counts
        (0 and no are answers), other types when not empty."""
        given = {name: vals[name] for name in set(VALUE_COLUMN.values()) if name in vals}
        return any(
            name in ("value_float", "value_boolean") or bool(value) for name, value in given.items()
        )

    @api.model
    def _renovation_value_vals(self, field, value):
        """Create values of ``field`` (a renovation.form.type.field) holding
        the python ``value`` (str, float, date, datetime, bool, pass/fail)."""
        vals = {"field_id": field.id, "sequence": field.sequence}
        if value is not None:
            vals[VALUE_COLUMN[field.value_type]] = value
        return vals

    # ------------------------------------------------------------------
    # printing
    # ------------------------------------------------------------------
    def _renovation_raw(self):
        self.ensure_one()
        return self[VALUE_COLUMN[self.value_type or "char"]]

    def _renovation_display(self, tz=None):
        """The printed value, with its unit; empty when nothing was entered."""
        self.ensure_one()
        if not self.value_entered:
            return ""
        value_type = self.value_type or "char"
        column = VALUE_COLUMN[value_type]
        text = self._renovation_format(
            value_type if value_type != "pass_fail" else "selection",
            self[column],
            self._fields[column],
            tz or self.form_id._renovation_print_tz(),
            entered=True,
            currency=self.form_id.company_id.currency_id,
        )
        return f"{text} {self.unit}" if text and self.unit else text

    @api.model
    def _renovation_format(self, ftype, value, field=None, tz=None, entered=False, currency=None):
        """Text of ``value`` of a field of type ``ftype`` as printed on a
        form, in the environment's language: numbers without trailing zeros
        (0 only when ``entered``), amounts with the company currency, dates in
        the language's format, date-times in ``tz`` with the zone's name."""
        env = self.env
        if ftype == "boolean":
            return _("Yes") if value else _("No")
        if ftype in ("float", "integer"):
            if not value and not entered:
                return ""
            return f"{value:.3f}".rstrip("0").rstrip(".")
        if ftype == "monetary":
            if not value and not entered:
                return ""
            return format_amount(env, value, currency or env.company.currency_id)
        if not value:
            return ""
        if ftype == "date":
            return format_date(env, value)
        if ftype == "datetime":
            tz = tz or env.context.get("tz") or "UTC"
            return f"{format_datetime(env, value, tz=tz, dt_format=DATETIME_PATTERN)} ({tz})"
        if ftype == "selection" and field is not None:
            return dict(field._description_selection(env)).get(value, value)
        return str(value)
