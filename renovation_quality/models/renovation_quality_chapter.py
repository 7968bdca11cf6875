from odoo import api, fields, models
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)


class RenovationQualityChapter(models.Model):
    """A chapter of a standard version (e.g. 4 吊顶工程 Suspended ceilings)."""

    _name = "renovation.quality.chapter"
    _inherit = ["renovation.unique.mixin"]
    _description = "Quality Standard Chapter"
    _order = "standard_id, sequence, id"

    standard_id = fields.Many2one(
        "renovation.quality.standard", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    number = fields.Char(required=True)
    # English in the data, the standard's Chinese as its zh_CN translation
    name = fields.Char(string="Title", required=True, translate=True)
    clause_ids = fields.One2many("renovation.quality.clause", "chapter_id", string="Clauses")

    _sql_constraints = [
        ("number_uniq", "unique(standard_id, number)", "Chapter numbers are unique in a standard."),
    ]
    _renovation_unique_keys = (
        (("standard_id", "number"), _lt("Chapter numbers are unique in a standard.")),
    )

    @api.depends("number", "name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for chapter in self:
            chapter.display_name = f"{chapter.number} {chapter.name}"

    @api.model_create_multi
    def create(self, vals_list):
        standards = self.env["renovation.quality.standard"].browse(
            [vals.get("standard_id") for vals in vals_list]
        )
        standards._check_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.standard_id._check_editable()
        if vals.get("standard_id"):
            self.standard_id.browse(vals["standard_id"])._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_standard_in_use(self):
        self.standard_id._check_editable()
