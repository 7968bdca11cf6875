from odoo import _, api, fields, models


class RenovationQualityPatrol(models.Model):
    """The inspector's daily patrol log (巡检日志): sites visited and findings.
    The project managers of the sites follow it."""

    _name = "renovation.quality.patrol"
    _description = "Inspector Patrol Log"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(default=fields.Date.context_today, required=True, tracking=True)
    inspector_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    project_ids = fields.Many2many(
        "project.project",
        "renovation_quality_patrol_project_rel",
        "patrol_id",
        "project_id",
        string="Sites Visited",
        domain=[("is_renovation", "=", True)],
    )
    project_manager_ids = fields.Many2many(
        "res.users", compute="_compute_project_manager_ids", string="Project Managers"
    )
    findings = fields.Html(required=True)
    spot_check_ids = fields.One2many(
        "renovation.quality.inspection", "patrol_id", string="Spot Checks"
    )

    @api.depends("date", "inspector_id")
    def _compute_name(self):
        for patrol in self:
            patrol.name = _(
                "Patrol %(date)s %(inspector)s",
                date=patrol.date,
                inspector=patrol.inspector_id.name,
            )

    @api.depends("project_ids.user_id")
    def _compute_project_manager_ids(self):
        for patrol in self:
            patrol.project_manager_ids = patrol.project_ids.user_id

    @api.model_create_multi
    def create(self, vals_list):
        patrols = super().create(vals_list)
        patrols._subscribe_project_managers()
        return patrols

    def write(self, vals):
        res = super().write(vals)
        if "project_ids" in vals:
            self._subscribe_project_managers()
        return res

    def _subscribe_project_managers(self):
        for patrol in self:
            patrol.message_subscribe(partner_ids=patrol.project_ids.user_id.partner_id.ids)

    def action_new_spot_check(self):
        """A spot check on one of the visited sites, from the patrol."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_quality.action_renovation_quality_inspection"
        )
        action.update(
            views=[(False, "form")],
            view_mode="form",
            context={
                "default_patrol_id": self.id,
                "default_is_spot_check": True,
                "default_project_id": self.project_ids[:1].id,
            },
        )
        return action
