from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)


class RenovationFormRole(models.Model):
    """Who signs: the client or a member of the project team."""

    _name = "renovation.form.role"
    _inherit = ["renovation.unique.mixin"]
    _description = "Form Signer Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    is_client = fields.Boolean(help="Signed by the client, on the portal.")
    project_field = fields.Char(
        required=True,
        help="Path from the project to the signer: partner_id for the client, a user "
        "field for staff (e.g. foreman_id, studio_id.manager_id).",
    )

    _sql_constraints = [("code_uniq", "unique(code)", "Signer role codes must be unique.")]
    _renovation_unique_keys = ((("code",), _lt("Signer role codes must be unique.")),)

    def _signer_of(self, project):
        """The partner (client) or user holding this role on ``project``."""
        self.ensure_one()
        signer = project.sudo()  # sudo: resolving the signer reads the studio manager
        for name in self.project_field.split("."):
            signer = signer[name]
        if not signer:
            raise UserError(
                _(
                    "Nobody holds the role “%(role)s” on %(project)s: set it on the project "
                    "before asking for signatures.",
                    role=self.name,
                    project=project.display_name,
                )
            )
        return signer.sudo(False)
