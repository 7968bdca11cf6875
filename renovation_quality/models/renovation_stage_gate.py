from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .renovation_quality_checklist import INSPECTION_NODES


class RenovationStageGate(models.Model):
    _inherit = "renovation.stage.gate"

    gate_type = fields.Selection(
        selection_add=[
            ("quality_rectifications_closed", "Quality rectifications closed"),
            ("quality_hidden_works_accepted", "Hidden works accepted (hold point)"),
        ],
        ondelete={
            "quality_rectifications_closed": "cascade",
            "quality_hidden_works_accepted": "cascade",
        },
    )
    quality_node = fields.Selection(
        INSPECTION_NODES,
        string="Inspection Node",
        help="For “Quality rectifications closed” gates: the node whose rectification orders "
        "must all be closed.",
    )

    @api.constrains("gate_type", "quality_node")
    def _check_quality_node(self):
        for gate in self:
            if gate.gate_type == "quality_rectifications_closed" and not gate.quality_node:
                raise ValidationError(
                    _(
                        "A “Quality rectifications closed” gate needs the inspection node it "
                        "waits for."
                    )
                )
