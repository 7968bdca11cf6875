from odoo import api, fields, models

# the schedule nodes (renovation_node_code of the construction schedule) at
# which the designer checks the works against the drawings (seed 002 step 16):
# hidden works, furniture carcasses, tiling, painter, completion
DESIGNER_VISIT_NODES = ("hidden_works", "02", "05", "06", "completion")


class ProjectTask(models.Model):
    """A schedule node that needs the designer on site: flagging it plans the
    visit, due at the node's date."""

    _inherit = "project.task"

    renovation_designer_visit = fields.Boolean(
        string="Designer Visit Due",
        help="The designer visits the site at this node and checks the works against the "
        "drawings: a planned visit is created, due at the node's date.",
    )
    renovation_designer_visit_ids = fields.One2many(
        "renovation.designer.visit", "node_task_id", string="Designer Visits"
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the construction schedule (another addon) creates nodes with their code
            if "renovation_designer_visit" not in vals:
                vals["renovation_designer_visit"] = (
                    vals.get("renovation_node_code") in DESIGNER_VISIT_NODES
                )
        tasks = super().create(vals_list)
        tasks.filtered("renovation_designer_visit")._renovation_plan_designer_visits()
        return tasks

    def write(self, vals):
        res = super().write(vals)
        if vals.get("renovation_designer_visit"):
            self._renovation_plan_designer_visits()
        return res

    def _renovation_plan_designer_visits(self):
        """A planned visit for each flagged node of a renovation project that
        has no visit yet and has a date."""
        nodes = self.filtered(
            lambda t: (
                t.renovation_designer_visit
                and t.project_id.is_renovation
                and t.date_deadline
                and not t.renovation_designer_visit_ids
            )
        )
        if nodes:
            self.env["renovation.designer.visit"].create(
                [{"project_id": node.project_id.id, "node_task_id": node.id} for node in nodes]
            )
