from odoo import api, fields, models

# the columns a form type may print in its line table (renovation.form.type.column),
# in the order the back-office list shows them
PRINTABLE_COLUMNS = (
    "name",
    "location",
    "description",
    "brand_model",
    "specification",
    "quantity",
    "uom",
    "unit_price",
    "amount",
    "supplied_by",
    "supplier",
    "certificate",
    "line_date",
    "date_start",
    "date_end",
    "duration_hours",
    "water_depth",
    "upturn_height",
    "result",
    "note",
)
MONEY_COLUMNS = ("unit_price", "amount")


class RenovationFormLine(models.Model):
    """One row of a form's table. The fields are the union of the columns of
    the paper forms (materials: brand/model, specification, supplied by,
    certificate; water-closure tests: area, start, end, depth, upturn...); the
    form type says which columns its table prints and under which labels."""

    _name = "renovation.form.line"
    _description = "Form Line"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    form_id = fields.Many2one("renovation.form", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Item", required=True)
    location = fields.Char(string="Location / Area")
    description = fields.Text()
    brand_model = fields.Char(string="Brand / Model")
    specification = fields.Char()
    quantity = fields.Float()
    uom = fields.Char(string="Unit")
    unit_price = fields.Float()
    amount = fields.Float()
    supplied_by = fields.Selection([("client", "Client-supplied"), ("company", "Company-supplied")])
    supplier = fields.Char()
    certificate = fields.Char(help="Certificate of conformity, test report: number or “yes”.")
    line_date = fields.Date(string="Date")
    date_start = fields.Datetime(string="Start")
    date_end = fields.Datetime(string="End")
    duration_hours = fields.Float(string="Duration (h)", compute="_compute_duration_hours")
    water_depth = fields.Float(string="Water Depth (mm)")
    upturn_height = fields.Float(string="Upturn Height (mm)")
    result = fields.Selection([("pass", "Pass"), ("fail", "Fail"), ("na", "Not applicable")])
    note = fields.Char()

    @api.depends("date_start", "date_end")
    def _compute_duration_hours(self):
        for line in self:
            span = line.date_start and line.date_end and line.date_end - line.date_start
            line.duration_hours = span.total_seconds() / 3600 if span else 0.0

    def write(self, vals):
        self.form_id._check_content_editable()
        return super().write(vals)

    def unlink(self):
        self.form_id._check_content_editable()
        return super().unlink()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.form_id._check_content_editable()
        return lines

    @api.model
    def _selection_printable_columns(self):
        return [
            (name, self._fields[name]._description_string(self.env)) for name in PRINTABLE_COLUMNS
        ]

    def _renovation_column_display(self, field_name, tz=None):
        """The printed text of one cell: numbers without trailing zeros,
        prices and amounts in the company currency, selections by their
        label, dates in the form's language, date-times in ``tz``."""
        self.ensure_one()
        field = self._fields[field_name]
        ftype = "monetary" if field_name in MONEY_COLUMNS else field.type
        return self.env["renovation.form.value"]._renovation_format(
            ftype,
            self[field_name],
            field,
            tz or self.form_id._renovation_print_tz(),
            currency=self.form_id.company_id.currency_id,
        )
