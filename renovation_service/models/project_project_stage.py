from odoo import fields, models


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
