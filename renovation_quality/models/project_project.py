from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class ProjectProject(models.Model):
    _inherit = "project.project"

    quality_standard_id = fields.Many2one(
        "renovation.quality.standard",
        string="Acceptance Standard",
        copy=False,
        readonly=True,
        help="Version of the acceptance standard this project is inspected against: the "
        "company's current version when the project was created (or inspected first). "
        "Never changed afterwards, so later versions do not move the goalposts.",
    )
    quality_inspection_ids = fields.One2many(
        "renovation.quality.inspection", "project_id", string="Inspections"
    )
    quality_rectification_ids = fields.One2many(
        "renovation.quality.rectification", "project_id", string="Rectification Orders"
    )
    quality_inspection_count = fields.Integer(compute="_compute_quality_counts")
    quality_open_rectification_count = fields.Integer(compute="_compute_quality_counts")

    def _compute_quality_counts(self):
        for project in self:
            project.quality_inspection_count = len(project.quality_inspection_ids)
            project.quality_open_rectification_count = len(
                project.quality_rectification_ids.filtered(lambda r: r.state != "closed")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_renovation") and not vals.get("quality_standard_id"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["quality_standard_id"] = self._quality_current_standard(company).id
        return super().create(vals_list)

    @api.model
    def _quality_current_standard(self, company):
        # sudo: which version is current is not confidential, and whoever creates
        # a project (a designer confirming a contract) may not read standards
        return self.env["renovation.quality.standard"].sudo()._current_for_company(company)

    def _quality_ensure_standard(self):
        """At the first inspection: projects created without a standard (before
        this addon, or while none was current) get the company's current version."""
        for project in self.filtered(lambda p: not p.quality_standard_id):
            standard = self._quality_current_standard(project.company_id or self.env.company)
            if standard:
                # sudo: the inspector starting the first inspection may not be allowed
                # to write the project; only this automatic, one-time field is set
                project.sudo().quality_standard_id = standard.id

    # ------------------------------------------------------------------
    # stage gates (called by renovation_service on the sudo'ed projects of a
    # batch; each returns those that meet the gate)
    # ------------------------------------------------------------------
    def _quality_open_rectification_nodes(self):
        """{(project id, node)} of the rectification orders of ``self`` still
        open, fixed or rejected (not closed), in one grouped query."""
        origin_ids = {project._origin.id: project.id for project in self if project._origin.id}
        groups = self.env["renovation.quality.rectification"]._read_group(
            [("project_id", "in", list(origin_ids)), ("state", "!=", "closed")],
            ["project_id", "node"],
        )
        return {(origin_ids[project.id], node) for project, node in groups}

    def _gate_quality_rectifications_closed(self, gate, facts=None):
        """The projects with no rectification order of the gate's node still
        open, fixed or rejected (the rectifications of every node read once
        for all such gates of the batch)."""
        held = self._renovation_gate_fact(
            facts, "open_rectifications", self._quality_open_rectification_nodes
        )
        return self.filtered(lambda project: (project.id, gate.quality_node) not in held)

    def _gate_quality_hidden_works_accepted(self, gate, facts=None):
        """Hold point (seed 002 流程18): hidden works are covered only after the
        inspector accepted them and client + foreman signed the 隐蔽工程验收记录单
        produced by that inspection. Every hidden-works inspection counts, so a
        second one (e.g. electrical after plumbing) still pending holds the stage."""
        accepted = self._quality_hidden_works_accepted_ids()
        return self.filtered(lambda project: project.id in accepted)

    def _quality_hidden_works_accepted(self):
        """Whether the hidden works may be covered (see the gate above)."""
        self.ensure_one()
        return self.id in self._quality_hidden_works_accepted_ids()

    def _quality_hidden_works_accepted_ids(self):
        """Ids of the projects of ``self`` whose hidden works may be covered:
        they have a hidden-works inspection (not a spot check, not cancelled)
        and every such inspection is done, passed (or rectified) and its form
        signed. One query for the whole batch."""
        origin_ids = {project._origin.id: project.id for project in self if project._origin.id}
        if not origin_ids:
            return set()
        Inspection = self.env["renovation.quality.inspection"]
        Inspection.flush_model(
            ["project_id", "node", "is_spot_check", "state", "result", "form_id"]
        )
        self.env["renovation.form"].flush_model(["state"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT i.project_id
                  FROM renovation_quality_inspection i
             LEFT JOIN renovation_form f ON f.id = i.form_id
                 WHERE i.project_id IN %s
                   AND i.node = 'hidden_works'
                   AND i.is_spot_check IS NOT TRUE
                   AND i.state != 'cancelled'
              GROUP BY i.project_id
                HAVING BOOL_AND(i.state = 'done'
                                AND i.result IN ('pass', 'rectified')
                                AND f.state IS NOT DISTINCT FROM 'signed')
                """,
                tuple(origin_ids),
            )
        )
        return {origin_ids[project_id] for (project_id,) in rows}

    def _quality_check_covering_allowed(self, what):
        """No covering work (tiling, ceilings, carpentry: 泥木) before the hidden
        works are accepted and their form signed by client and foreman: the
        pipes would be covered before anyone checked them."""
        for project in self.sudo():  # sudo: the inspections of the gate, names only
            if project.is_renovation and not project._quality_hidden_works_accepted():
                raise UserError(
                    _(
                        "%(what)s of %(project)s cannot start before the hidden works are "
                        "accepted and their 隐蔽工程验收记录单 signed by the client and the "
                        "foreman (hold point).",
                        what=what,
                        project=project.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # smart buttons
    # ------------------------------------------------------------------
    def action_view_quality_inspections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_quality.action_renovation_quality_inspection"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action

    def action_view_quality_rectifications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_quality.action_renovation_quality_rectification"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"search_default_not_closed": 1}
        return action
