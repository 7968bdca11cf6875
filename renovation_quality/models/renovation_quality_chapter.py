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
    name = fields.Char(string="Title", required=True)
    name_zh = fields.Char(string="Chinese Title")
    clause_ids = fields.One2many("renovation.quality.clause", "chapter_id", string="Clauses")

    _sql_constraints = [
        ("number_uniq", "unique(standard_id, number)", "Chapter numbers are unique in a standard."),
    ]
    _renovation_unique_keys = (
        (("standard_id", "number"), _lt("Chapter numbers are unique in a standard.")),
    )

    @api.depends("number", "name", "name_zh")
    @api.depends_context("lang")
    def _compute_display_name(self):
        chinese = (self.env.lang or "").startswith("zh")
        for chapter in self:
            title = chapter.name_zh if chinese and chapter.name_zh else chapter.name
            chapter.display_name = f"{chapter.number} {title}"

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
