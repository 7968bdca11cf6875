from odoo import api, fields, models


class RenovationMoveBackWizard(models.TransientModel):
    """Move a renovation project back to an earlier stage, with the reason."""

    _name = "renovation.move.back.wizard"
    _description = "Move a Project Back"

    project_id = fields.Many2one("project.project", required=True, readonly=True)
    current_stage_id = fields.Many2one(related="project_id.stage_id")
    stage_id = fields.Many2one(
        "project.project.stage",
        string="Back to",
        required=True,
        domain="[('sequence', '<=', current_stage_sequence), ('id', '!=', current_stage_id)]",
    )
    current_stage_sequence = fields.Integer(compute="_compute_current_stage_sequence")
    reason = fields.Text(required=True)

    @api.depends("project_id.stage_id.sequence")
    def _compute_current_stage_sequence(self):
        for wizard in self:
            wizard.current_stage_sequence = wizard.project_id.stage_id.sequence

    def action_move_back(self):
        self.ensure_one()
        self.project_id.action_renovation_move_back(self.stage_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
