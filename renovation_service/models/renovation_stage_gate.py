from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RenovationStageGate(models.Model):
    """A condition a renovation project must meet to enter a stage.

    The check itself is the project method ``_gate_<gate_type>(gate, facts)``,
    called on every project of a batch at once (a kanban column, the projects
    being moved) and returning those that meet it; ``facts`` lets the checks of
    a batch share what they read. Other addons extend ``gate_type`` with
    ``selection_add`` and add that method.
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
            ("form_signed", "Form signed"),
        ],
        required=True,
    )
    form_type_id = fields.Many2one(
        "renovation.form.type",
        string="Form",
        ondelete="cascade",
        help="For “Form signed” gates: a form of this type must be fully signed.",
    )
    description = fields.Text(translate=True)

    @api.constrains("gate_type", "form_type_id")
    def _check_form_type(self):
        for gate in self:
            if gate.gate_type == "form_signed" and not gate.form_type_id:
                raise ValidationError(_("A “Form signed” gate needs the form it waits for."))
