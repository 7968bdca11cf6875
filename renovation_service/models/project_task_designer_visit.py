from odoo import api, fields, models


class ProjectTask(models.Model):
    """A schedule node that needs the designer on site (its template line says
    so: ``renovation_designer_visit_due``): the visit is planned, due at the
    node's date."""

    _inherit = "project.task"

    renovation_designer_visit_ids = fields.One2many(
        "renovation.designer.visit", "node_task_id", string="Designer Visits"
    )

    @api.model_create_multi
    def create(self, vals_list):
        tasks = super().create(vals_list)
        # read as superuser: a portal user creating a task in Odoo's project
        # sharing may not read the flag (only the schedule sets it)
        flagged = tasks.sudo().filtered("renovation_designer_visit_due")
        flagged.sudo(self.env.su)._renovation_plan_designer_visits()
        return tasks

    def write(self, vals):
        res = super().write(vals)
        if vals.get("renovation_designer_visit_due"):
            self._renovation_plan_designer_visits()
        return res

    def _renovation_plan_designer_visits(self):
        """A planned visit for each flagged node of a renovation project that
        has no visit yet and has a date."""
        nodes = self.filtered(
            lambda t: (
                t.renovation_designer_visit_due
                and t.project_id.is_renovation
                and t.date_deadline
                and not t.renovation_designer_visit_ids
            )
        )
        if nodes:
            self.env["renovation.designer.visit"].create(
                [{"project_id": node.project_id.id, "node_task_id": node.id} for node in nodes]
            )
