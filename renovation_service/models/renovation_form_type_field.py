from odoo import fields, models

VALUE_TYPES = [
    ("char", "Text"),
    ("text", "Long text"),
    ("float", "Number"),
    ("monetary", "Amount"),
    ("date", "Date"),
    ("datetime", "Date and time"),
    ("pass_fail", "Pass / fail"),
    ("boolean", "Yes / no"),
]


class RenovationFormTypeField(models.Model):
    """A labelled field of a paper form (试压压力, 合同金额, 交接日期...): what
    every form of the type carries above its table. Companies edit the
    shipped fields; archiving one keeps it on the forms that have it."""

    _name = "renovation.form.type.field"
    _description = "Form Field Template"
    _order = "form_type_id, sequence, id"

    form_type_id = fields.Many2one(
        "renovation.form.type", string="Form", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    code = fields.Char(
        required=True, help="Technical key the prefill of the form type and its sources use."
    )
    name = fields.Char(string="Label", required=True, translate=True)
    section = fields.Char(translate=True, help="Heading the field is printed under.")
    value_type = fields.Selection(VALUE_TYPES, required=True, default="char")
    unit = fields.Char(translate=True, help="Printed after the value (MPa, min, mm...).")
    default_value = fields.Text(
        translate=True, help="Text a new form starts with (e.g. the client's liability clause)."
    )

    _sql_constraints = [
        ("code_uniq", "unique(form_type_id, code)", "A form has one field per code."),
    ]
