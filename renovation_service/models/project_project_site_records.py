from odoo import api, fields, models


class ProjectProject(models.Model):
    """The site records of a renovation project: its materials plan and
    deliveries, outsourced items (seed 002 steps 11–12), designer visits
    (step 16) and the weekly progress reports to the client."""

    _inherit = "project.project"

    renovation_material_line_ids = fields.One2many(
        "renovation.material.line", "project_id", string="Materials Plan"
    )
    renovation_material_delivery_ids = fields.One2many(
        "renovation.material.delivery", "project_id", string="Material Deliveries"
    )
    renovation_outsourced_item_ids = fields.One2many(
        "renovation.outsourced.item", "project_id", string="Outsourced Items"
    )
    renovation_designer_visit_ids = fields.One2many(
        "renovation.designer.visit", "project_id", string="Designer Visits"
    )
    renovation_weekly_progress_ids = fields.One2many(
        "renovation.weekly.progress", "project_id", string="Weekly Progress Reports"
    )
    renovation_designer_visit_count = fields.Integer(compute="_compute_renovation_site_counts")
    renovation_weekly_count = fields.Integer(compute="_compute_renovation_site_counts")
    renovation_material_count = fields.Integer(compute="_compute_renovation_site_counts")
    renovation_delivery_count = fields.Integer(compute="_compute_renovation_site_counts")
    renovation_outsourced_count = fields.Integer(compute="_compute_renovation_site_counts")

    @api.depends(
        "renovation_material_line_ids",
        "renovation_material_delivery_ids",
        "renovation_outsourced_item_ids",
        "renovation_designer_visit_ids",
        "renovation_weekly_progress_ids",
    )
    def _compute_renovation_site_counts(self):
        for project in self:
            project.renovation_material_count = len(project.renovation_material_line_ids)
            project.renovation_delivery_count = len(project.renovation_material_delivery_ids)
            project.renovation_outsourced_count = len(project.renovation_outsourced_item_ids)
            project.renovation_designer_visit_count = len(project.renovation_designer_visit_ids)
            project.renovation_weekly_count = len(project.renovation_weekly_progress_ids)

    def _renovation_site_action(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action

    def action_view_renovation_materials(self):
        return self._renovation_site_action("renovation_service.action_renovation_material_line")

    def action_view_renovation_deliveries(self):
        return self._renovation_site_action(
            "renovation_service.action_renovation_material_delivery"
        )

    def action_view_renovation_outsourced(self):
        return self._renovation_site_action("renovation_service.action_renovation_outsourced_item")

    def action_view_renovation_designer_visits(self):
        return self._renovation_site_action("renovation_service.action_renovation_designer_visit")

    def action_view_renovation_weekly_progress(self):
        return self._renovation_site_action("renovation_service.action_renovation_weekly_progress")
