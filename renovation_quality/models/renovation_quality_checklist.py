from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate

# the inspection nodes of the works (SPEC lifecycle steps 8, 10, 12, 16)
INSPECTION_NODES = [
    ("material_entry", "Materials Entry"),
    ("hidden_works", "Hidden Works (plumbing/electrical)"),
    ("waterproofing", "Waterproofing"),
    ("tiling", "Tiling"),
    ("carpentry", "Carpentry"),
    ("midterm", "Mid-term Acceptance"),
    ("completion", "Completion Acceptance"),
]

_lt = LazyTranslate(__name__)


class RenovationQualityChecklist(models.Model):
    """What the inspector checks at one node of the works: a selection of the
    clauses of a standard version, the photos/video the node needs (摄像登记表)
    and the signed form it produces."""

    _name = "renovation.quality.checklist"
    _inherit = ["renovation.unique.mixin"]
    _description = "Inspection Checklist"
    _order = "standard_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    standard_id = fields.Many2one(
        "renovation.quality.standard", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="standard_id.company_id", store=True)
    node = fields.Selection(INSPECTION_NODES, required=True)
    clause_ids = fields.Many2many(
        "renovation.quality.clause",
        "renovation_quality_checklist_clause_rel",
        "checklist_id",
        "clause_id",
        string="Clauses",
        domain="[('standard_id', '=', standard_id)]",
    )
    clause_count = fields.Integer(compute="_compute_clause_count")
    min_photo_count = fields.Integer(
        string="Photos Required", help="Photos to attach before the inspection can be completed."
    )
    video_required = fields.Boolean(
        help="A video record of this node is required (摄像登记表: materials entry, "
        "waterproofing/hidden works, mid-term and completion)."
    )
    requires_water_test = fields.Boolean(
        string="Water-closure Test Required",
        help="A finished 24 h water-closure test must be attached to the inspection.",
    )
    form_type_id = fields.Many2one(
        "renovation.form.type",
        string="Signed Form",
        ondelete="restrict",
        help="Form produced and sent for signature once the inspection is accepted.",
    )
    rectification_days = fields.Integer(
        string="Days to Rectify", default=3, help="Default deadline of the rectification orders."
    )

    _sql_constraints = [
        ("node_uniq", "unique(standard_id, node)", "A standard has one checklist per node."),
        ("photo_count_positive", "CHECK(min_photo_count >= 0)", "Photo counts are not negative."),
        (
            "rectification_days_positive",
            "CHECK(rectification_days > 0)",
            "A rectification needs at least one day.",
        ),
    ]
    _renovation_unique_keys = (
        (("standard_id", "node"), _lt("A standard has one checklist per node.")),
    )

    def _compute_clause_count(self):
        for checklist in self:
            checklist.clause_count = len(checklist.clause_ids)

    @api.constrains("clause_ids", "standard_id")
    def _check_clauses_of_standard(self):
        for checklist in self:
            if checklist.clause_ids.standard_id - checklist.standard_id:
                raise ValidationError(
                    _("Checklist %s may only hold clauses of its own standard.", checklist.name)
                )
