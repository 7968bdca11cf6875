from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)


class RenovationStudio(models.Model):
    _name = "renovation.studio"
    _description = "Design Studio"
    _inherit = ["mail.thread", "renovation.unique.mixin"]
    _order = "code"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        string="Letter Code",
        required=True,
        tracking=True,
        help="Single capital letter that starts this studio's contract numbers (A25112201).",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Studio Manager",
        tracking=True,
        help="Approves site measurements without a deposit.",
    )
    assistant_ids = fields.Many2many(
        "res.users",
        string="Manager's Assistants",
        help="Studio manager's assistants; with finance the only people who collect money.",
    )
    designer_ids = fields.Many2many(
        "res.users", "renovation_studio_designer_rel", string="Designers"
    )
    contract_sequence_id = fields.Many2one("ir.sequence", readonly=True, copy=False)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "Each studio of a company needs its own letter code.",
        ),
    ]
    _renovation_unique_keys = (
        (("code", "company_id"), _lt("Each studio of a company needs its own letter code.")),
    )

    @api.constrains("code")
    def _check_code(self):
        for studio in self:
            if not (studio.code and len(studio.code) == 1 and "A" <= studio.code <= "Z"):
                raise ValidationError(_("The studio letter code must be one capital letter A–Z."))

    @api.model_create_multi
    def create(self, vals_list):
        studios = super().create(vals_list)
        for studio in studios:
            studio.contract_sequence_id = (
                self.env["ir.sequence"].sudo().create(studio._prepare_contract_sequence_values())
            )  # sudo: sequences are technical records owned by the studio
        return studios

    def write(self, vals):
        res = super().write(vals)
        if "code" in vals:
            for studio in self.filtered("contract_sequence_id"):
                studio.contract_sequence_id.sudo().prefix = (
                    studio._contract_sequence_prefix()
                )  # sudo: keep the technical sequence in sync with the studio letter
        if vals.get("manager_id"):
            # the new manager follows the studio's projects (their team, see
            # project.renovation_member_ids)
            projects = self.env["project.project"].search(
                [("studio_id", "in", self.ids), ("is_renovation", "=", True)]
            )
            projects._subscribe_renovation_team()
        return res

    def _contract_sequence_prefix(self):
        self.ensure_one()
        return f"{self.code}%(range_y)s%(range_month)s%(range_day)s"

    def _prepare_contract_sequence_values(self):
        self.ensure_one()
        return {
            "name": _("Contract numbers of studio %s", self.name),
            "code": f"renovation.contract.{self.code}",
            "prefix": self._contract_sequence_prefix(),
            "padding": 2,
            "use_date_range": True,
            "renovation_daily_reset": True,
            "company_id": self.company_id.id,
        }

    def _next_contract_number(self, date):
        """Contract number <letter><YYMMDD><NN>: the studio's sequence of that day."""
        self.ensure_one()
        return self.contract_sequence_id.sudo()._next(sequence_date=date)
