from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)


class RenovationWarrantyScope(models.Model):
    """What a warranty card covers and for how long (basic works 2 years,
    waterproofing of kitchen, bathroom and exterior walls 5 years...)."""

    _name = "renovation.warranty.scope"
    _inherit = ["renovation.unique.mixin"]
    _description = "Warranty Scope"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    warranty_months = fields.Integer(
        string="Warranty (months)",
        required=True,
        default=24,
        help="Coverage from the completion acceptance date.",
    )
    auto_include = fields.Boolean(
        string="On New Cards",
        default=True,
        help="Every new warranty card covers this scope.",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use this scope in every company."
    )

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "Scope codes must be unique."),
    ]
    _renovation_unique_keys = ((("code", "company_id"), _lt("Scope codes must be unique.")),)

    @api.constrains("warranty_months")
    def _check_warranty_months(self):
        if any(scope.warranty_months <= 0 for scope in self):
            raise ValidationError(_("A warranty lasts at least one month."))

    @api.model
    def _default_scopes_for(self, company):
        return self.search([("auto_include", "=", True), ("company_id", "in", (False, company.id))])
