from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

DOCUMENT_TYPES = [
    ("as_built", "As-built drawings"),
    ("routing", "Water and electrical routing drawings"),
    ("hidden_works", "Hidden works records"),
    ("manuals", "Equipment manuals"),
    ("certificates", "Material certificates"),
    ("warranty_card", "Warranty card"),
    ("other", "Other document"),
]


class RenovationHandoverLine(models.Model):
    """A key or a document handed to the client. Fixed once the hand-over
    record goes out for signature: the client signs for this list."""

    _name = "renovation.handover.line"
    _description = "Hand-over Key or Document"
    _order = "handover_id, sequence, id"

    handover_id = fields.Many2one(
        "renovation.handover", string="Hand-over", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [("key", "Key"), ("document", "Document")],
        string="Type",
        required=True,
        default="document",
    )
    document_type = fields.Selection(DOCUMENT_TYPES)
    name = fields.Char(string="Key / Document", required=True)
    quantity = fields.Float(default=1.0)
    uom = fields.Char(string="Unit")
    description = fields.Char()
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "renovation_handover_line_attachment_rel",
        "line_id",
        "attachment_id",
        string="Files and Photos",
    )
    is_handed = fields.Boolean(string="Handed Over")
    note = fields.Char(help="Why a document is not handed over, or any remark.")

    @api.constrains("quantity", "kind")
    def _check_quantity(self):
        if self.filtered(lambda line: line.quantity < 0):
            raise ValidationError(_("A quantity handed over cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.handover_id._check_lines_editable()
        return lines

    def write(self, vals):
        self.handover_id._check_lines_editable()
        return super().write(vals)

    def unlink(self):
        self.handover_id._check_lines_editable()
        return super().unlink()

    def _photos(self):
        return self.attachment_ids.filtered(
            lambda a: a.type == "binary" and (a.mimetype or "").startswith("image/")
        )
