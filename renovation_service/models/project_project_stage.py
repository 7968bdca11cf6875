from odoo import api, fields, models


class ProjectProjectStage(models.Model):
    _inherit = "project.project.stage"

    renovation_gate_ids = fields.One2many(
        "renovation.stage.gate",
        "stage_id",
        string="Gates",
        help="What must be true for a renovation project to enter this stage.",
    )
    renovation_is_construction = fields.Boolean(
        string="Under Construction",
        help="Projects in this stage are on site: weekly follow-up calls, "
        "list of projects under construction.",
    )
    renovation_stage = fields.Boolean(
        compute="_compute_renovation_stage",
        search="_search_renovation_stage",
        help="A step of the renovation lifecycle: from the stage a signed contract puts "
        "a project in (the one gated by the confirmed contract) onwards. Odoo's generic "
        "stages before it (To Do, In Progress, Done, Cancelled) are no renovation step: "
        "the renovation kanban and status bar leave them out.",
    )

    @api.model
    def _renovation_entry_stage(self):
        """The stage a signed contract puts a renovation project in."""
        return self.search(
            [("renovation_gate_ids.gate_type", "=", "contract_confirmed")],
            order="sequence, id",
            limit=1,
        )

    @api.depends("sequence")
    def _compute_renovation_stage(self):
        entry = self._renovation_entry_stage()
        for stage in self:
            stage.renovation_stage = not entry or stage.sequence >= entry.sequence

    def _search_renovation_stage(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(f"Unsupported operator {operator} on renovation_stage")
        entry = self._renovation_entry_stage()
        # without the contract gate, every stage is a renovation stage
        domain = [("sequence", ">=", entry.sequence)] if entry else []
        if (operator == "=") == bool(value):
            return domain
        return ["!", *domain] if domain else [("id", "=", False)]
