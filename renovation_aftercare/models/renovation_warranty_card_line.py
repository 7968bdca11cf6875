from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)


class RenovationWarrantyCardLine(models.Model):
    """One covered scope of a warranty card, with its own period."""

    _name = "renovation.warranty.card.line"
    _inherit = ["renovation.unique.mixin"]
    _description = "Warranty Coverage"
    _order = "card_id, sequence, id"
    _rec_name = "scope_id"

    card_id = fields.Many2one(
        "renovation.warranty.card", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="card_id.company_id", store=True)
    sequence = fields.Integer(related="scope_id.sequence", store=True)
    scope_id = fields.Many2one("renovation.warranty.scope", required=True, ondelete="restrict")
    warranty_months = fields.Integer(string="Months", required=True)
    start_date = fields.Date(related="card_id.start_date", store=True)
    end_date = fields.Date(
        string="Covered Until",
        compute="_compute_end_date",
        store=True,
        help="Last day covered (included).",
    )

    _sql_constraints = [
        ("card_scope_uniq", "unique(card_id, scope_id)", "A card covers each scope once."),
    ]
    _renovation_unique_keys = ((("card_id", "scope_id"), _lt("A card covers each scope once.")),)

    @api.depends("start_date", "warranty_months")
    def _compute_end_date(self):
        for line in self:
            line.end_date = (
                line.start_date + relativedelta(months=line.warranty_months, days=-1)
                if line.start_date and line.warranty_months
                else False
            )

    @api.constrains("warranty_months")
    def _check_warranty_months(self):
        if any(line.warranty_months <= 0 for line in self):
            raise ValidationError(_("A warranty lasts at least one month."))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._reschedule_card_callbacks()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if "warranty_months" in vals or "scope_id" in vals:
            self._reschedule_card_callbacks()
        return res

    def unlink(self):
        cards = self.card_id
        res = super().unlink()
        cards._schedule_next_callback(fields.Date.context_today(self))
        return res

    def _reschedule_card_callbacks(self):
        """A longer or shorter coverage changes the plan from today on."""
        self.card_id._schedule_next_callback(fields.Date.context_today(self))

    def _covers(self, on_date):
        self.ensure_one()
        return bool(self.start_date) and self.start_date <= on_date <= self.end_date
