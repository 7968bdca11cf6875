from odoo import _, api, fields, models
from odoo.exceptions import UserError

MANAGER_GROUP = "renovation_service.group_renovation_manager"


class RenovationSettlementAudit(models.Model):
    """The statistician's audit of every form and step of a project before
    the 结算登记表 (seed 002 step 27: 工程统计对所有服务过程及表格进行审核).

    Its lines list every form the project required (the forms its stage gates
    ask for, up to its stage) and every form it has, with their status —
    signed, waiting, missing, reopened, cancelled — and the instalments of
    the payment plan; the statistician checks each line and completes the
    audit, which their signature of the 结算登记表 requires."""

    _name = "renovation.settlement.audit"
    _description = "Settlement Audit"
    _inherit = ["mail.thread", "mail.activity.mixin", "renovation.guarded.mixin"]
    _order = "id desc"
    _renovation_guarded_fields = ("state", "done_by_id", "done_on")

    project_id = fields.Many2one(
        "project.project", required=True, ondelete="restrict", index=True, readonly=True
    )
    name = fields.Char(related="project_id.display_name", string="Project Name")
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    statistician_id = fields.Many2one("res.users", compute="_compute_statistician_id")
    line_ids = fields.One2many("renovation.settlement.audit.line", "audit_id", string="Checks")
    state = fields.Selection(
        [("draft", "Auditing"), ("done", "Audited")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    done_by_id = fields.Many2one("res.users", string="Audited By", readonly=True)
    done_on = fields.Datetime(string="Audited On", readonly=True)
    problem_count = fields.Integer(compute="_compute_problem_count")

    _sql_constraints = [("project_uniq", "unique(project_id)", "A project has one audit.")]

    def _compute_statistician_id(self):
        for audit in self:
            project = audit.project_id
            audit.statistician_id = (
                project.statistician_id or project.company_id.renovation_statistician_id
            )

    @api.depends("line_ids.status")
    def _compute_problem_count(self):
        for audit in self:
            audit.problem_count = len(
                audit.line_ids.filtered(lambda line: line.status not in ("signed", "paid"))
            )

    # ------------------------------------------------------------------
    # the checklist
    # ------------------------------------------------------------------
    @api.model
    def _for_project(self, project):
        """The project's audit, created with its checklist the first time."""
        # sudo: the audit is one row per project; who may audit is checked by the actions
        audit = self.sudo().search([("project_id", "=", project.id)], limit=1)
        if not audit:
            audit = self.sudo().create({"project_id": project.id})
            audit._load_checklist()
        return audit.sudo(False)

    def _required_form_types(self):
        """The form types the project's stage gates ask for, up to its stage."""
        self.ensure_one()
        project = self.project_id.sudo()
        gates = project._renovation_gates_for(project.stage_id)
        return gates.filtered(lambda g: g.gate_type == "form_signed").form_type_id

    def _load_checklist(self):
        """(Re)build the lines: required and existing forms, then instalments."""
        self.ensure_one()
        project = self.project_id.sudo()
        forms = project.form_ids.filtered(lambda f: f.form_type_id.code != "settlement_register")
        lines = []
        required = self._required_form_types()
        for form_type in required | forms.form_type_id:
            typed = forms.filtered(lambda f, t=form_type: f.form_type_id == t)
            for form in typed or [False]:
                lines.append(
                    {
                        "audit_id": self.id,
                        "kind": "form",
                        "form_type_id": form_type.id,
                        "form_id": form and form.id,
                        "required": form_type in required,
                    }
                )
        for instalment in project.payment_plan_line_ids:
            lines.append(
                {"audit_id": self.id, "kind": "instalment", "instalment_id": instalment.id}
            )
        # sudo: the checklist is derived from the project, whoever opens the audit
        self.sudo().line_ids.unlink()
        self.env["renovation.settlement.audit.line"].sudo().create(lines)

    def _check_auditor(self):
        for audit in self:
            if self.env.user != audit.statistician_id and not self.env.user.has_group(
                MANAGER_GROUP
            ):
                raise UserError(
                    _(
                        "Only %(statistician)s, the project statistician, audits %(project)s.",
                        statistician=audit.statistician_id.name or _("the statistician"),
                        project=audit.project_id.display_name,
                    )
                )

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_reload(self):
        self._check_auditor()
        for audit in self:
            if audit.state == "done":
                raise UserError(_("The audit of %s is complete.", audit.project_id.display_name))
            audit._load_checklist()

    def action_done(self):
        """The statistician completes the audit: every line checked, and every
        problem (a form missing, waiting or reopened, an unpaid instalment)
        explained in its note."""
        self._check_auditor()
        for audit in self:
            if audit.state == "done":
                continue
            unchecked = audit.line_ids.filtered(lambda line: not line.checked)
            if unchecked:
                raise UserError(
                    _(
                        "Check every line of the audit first: %s",
                        ", ".join(unchecked.mapped("name")),
                    )
                )
            unexplained = audit.line_ids.filtered(
                lambda line: line.status not in ("signed", "paid") and not line.note
            )
            if unexplained:
                raise UserError(
                    _(
                        "Explain in its note what is wrong with: %s",
                        ", ".join(unexplained.mapped("name")),
                    )
                )
            # sudo: the statistician and the checklist were checked above
            audit.sudo().write(
                {"state": "done", "done_by_id": self.env.uid, "done_on": fields.Datetime.now()}
            )
            audit.message_post(body=_("Audit completed by %s.", self.env.user.name))
        return True
