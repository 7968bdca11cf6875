from odoo import fields, models
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)


class RenovationFormType(models.Model):
    """A paper form of the process (单) that must carry given signatures."""

    _name = "renovation.form.type"
    _inherit = ["renovation.unique.mixin"]
    _description = "Form Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    role_ids = fields.Many2many("renovation.form.role", string="Required Signers", required=True)
    stage_id = fields.Many2one(
        "project.project.stage",
        string="Lifecycle Stage",
        help="The stage of the project in which this form is filled.",
    )
    gate_ids = fields.One2many(
        "renovation.stage.gate",
        "form_type_id",
        string="Unlocks",
        help="Stage gates that need a signed form of this type.",
    )
    default_content = fields.Html(translate=True, sanitize_style=True)
    report_template = fields.Char(
        default="renovation_service.report_renovation_form_document",
        required=True,
        help="QWeb template that prints one form of this type.",
    )
    field_ids = fields.One2many(
        "renovation.form.type.field",
        "form_type_id",
        string="Fields",
        context={"active_test": False},
        help="The labelled fields of the paper form, prefilled on each new form.",
    )
    column_ids = fields.One2many(
        "renovation.form.type.column",
        "form_type_id",
        string="Table Columns",
        help="The columns of the form's table; the generic ones when empty.",
    )
    row_ids = fields.One2many(
        "renovation.form.type.row",
        "form_type_id",
        string="Default Rows",
        help="Rows a new form starts with when its source brings none.",
    )
    payment_trigger = fields.Selection(
        [
            ("midterm_invoice", "Issue the mid-term instalment"),
            (
                "completion_acceptance",
                "Record the completion acceptance and issue the final instalment",
            ),
        ],
        help="What the full signature of such a form sets off in the payment plan.",
    )
    issuer_role_id = fields.Many2one(
        "renovation.form.role",
        string="Issued By",
        help="Only the holder of this role on the project (or a renovation manager) sends "
        "such a form for signature, e.g. finance issues the 中期交款通知书.",
    )

    _sql_constraints = [("code_uniq", "unique(code)", "Form type codes must be unique.")]
    _renovation_unique_keys = ((("code",), _lt("Form type codes must be unique.")),)
