from odoo import fields, models


class RenovationStageGate(models.Model):
    """A condition a renovation project must meet to enter a stage.

    The check itself is the project method ``_gate_<gate_type>(gate)``; other
    addons extend ``gate_type`` with ``selection_add`` and add that method.
    """

    _name = "renovation.stage.gate"
    _description = "Renovation Stage Gate"
    _order = "stage_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    stage_id = fields.Many2one(
        "project.project.stage", required=True, ondelete="cascade", index=True
    )
    gate_type = fields.Selection(
        [
            ("contract_confirmed", "Contract confirmed"),
            ("first_payment_paid", "First payment paid"),
            ("midterm_settled", "Mid-term settlement issued"),
            ("completion_accepted", "Completion accepted"),
            ("final_payment_paid", "Final payment paid"),
        ],
        required=True,
    )
    description = fields.Text(translate=True)
