from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from odoo.addons.renovation_service.tools.xlsx import XlsxWorkbook

# the service-quality dimensions of seed 003 (决定顾客感知的服务质量的因素)
DIMENSION_FIELDS = [
    "score_reliability",
    "score_responsiveness",
    "score_competence",
    "score_access",
    "score_courtesy",
    "score_communication",
    "score_credibility",
    "score_security",
    "score_understanding",
    "score_care",
    "score_tangibles",
]

_lt = LazyTranslate(__name__)


class RenovationCustomerEvaluation(models.Model):
    """客户评价表: filled by the client at completion acceptance, on the portal
    (or typed in from the paper form). A low score opens a complaint."""

    _name = "renovation.customer.evaluation"
    _description = "Customer Evaluation"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "renovation.unique.mixin"]
    _order = "submitted_datetime desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    project_id = fields.Many2one(
        "project.project", required=True, readonly=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="project_id.partner_id", string="Client", store=True)
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    studio_id = fields.Many2one(related="project_id.studio_id", store=True)
    designer_id = fields.Many2one(related="project_id.designer_id", store=True)
    foreman_id = fields.Many2one(related="project_id.foreman_id", store=True)
    project_manager_id = fields.Many2one(
        related="project_id.user_id", string="Project Manager", store=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent to Client"), ("done", "Submitted")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    score_reliability = fields.Integer(string="Reliability", aggregator="avg")
    score_responsiveness = fields.Integer(string="Responsiveness", aggregator="avg")
    score_competence = fields.Integer(string="Competence", aggregator="avg")
    score_access = fields.Integer(string="Access", aggregator="avg")
    score_courtesy = fields.Integer(string="Courtesy", aggregator="avg")
    score_communication = fields.Integer(string="Communication", aggregator="avg")
    score_credibility = fields.Integer(string="Credibility", aggregator="avg")
    score_security = fields.Integer(string="Security", aggregator="avg")
    score_understanding = fields.Integer(string="Understanding", aggregator="avg")
    score_care = fields.Integer(string="Care", aggregator="avg")
    score_tangibles = fields.Integer(string="Tangibles", aggregator="avg")
    overall_score = fields.Integer(string="Overall Satisfaction", aggregator="avg")
    average_score = fields.Float(
        string="Average of Dimensions",
        compute="_compute_scores",
        store=True,
        aggregator="avg",
        digits=(3, 2),
    )
    is_low = fields.Boolean(
        string="Low Score",
        compute="_compute_scores",
        store=True,
        help="The overall score or a dimension is at or below the company threshold.",
    )
    low_dimensions = fields.Char(compute="_compute_scores", store=True)
    comment = fields.Text()
    submitted_datetime = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    complaint_id = fields.Many2one("renovation.complaint", readonly=True, copy=False)

    _sql_constraints = [
        ("project_uniq", "unique(project_id)", "A project has one customer evaluation."),
    ]
    _renovation_unique_keys = ((("project_id",), _lt("A project has one customer evaluation.")),)

    @api.depends("project_id.name")
    def _compute_name(self):
        for evaluation in self:
            evaluation.name = _("Evaluation of %s", evaluation.project_id.name or "")

    @api.depends(*DIMENSION_FIELDS, "overall_score", "company_id.renovation_evaluation_low_score")
    def _compute_scores(self):
        labels = self._dimension_labels()
        for evaluation in self:
            scores = [evaluation[name] for name in DIMENSION_FIELDS if evaluation[name]]
            evaluation.average_score = sum(scores) / len(scores) if scores else 0.0
            low = evaluation.company_id.renovation_evaluation_low_score or 2
            low_names = [labels[name] for name in DIMENSION_FIELDS if 0 < evaluation[name] <= low]
            if 0 < evaluation.overall_score <= low:
                low_names.insert(
                    0, self._fields["overall_score"].get_description(self.env)["string"]
                )
            evaluation.low_dimensions = ", ".join(low_names)
            evaluation.is_low = bool(low_names)

    @api.constrains(*DIMENSION_FIELDS, "overall_score")
    def _check_score_range(self):
        for evaluation in self:
            for name in (*DIMENSION_FIELDS, "overall_score"):
                if not 0 <= evaluation[name] <= 5:
                    raise ValidationError(_("Scores go from 1 to 5."))

    def _compute_access_url(self):
        super()._compute_access_url()
        for evaluation in self:
            evaluation.access_url = f"/my/evaluation/{evaluation.id}"

    def action_preview_portal(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.access_url}

    def _dimension_labels(self):
        return {
            name: self._fields[name].get_description(self.env)["string"]
            for name in DIMENSION_FIELDS
        }

    def _dimension_helps(self):
        """Dimension field -> translated explanation, for the portal form."""
        return {
            "score_reliability": _("Done right the first time, on the agreed dates."),
            "score_responsiveness": _("Willing and quick to help, calls returned."),
            "score_competence": _("Skills and knowledge of the people you met."),
            "score_access": _("Easy to reach, short waits, convenient hours."),
            "score_courtesy": _("Polite, respectful, friendly, neat appearance."),
            "score_communication": _("Clear explanations of the works and prices."),
            "score_credibility": _("Honest, trustworthy, your interests at heart."),
            "score_security": _("Physical, financial and site safety; no worries."),
            "score_understanding": _("Your special needs understood."),
            "score_care": _("Sincere, timely and proactive care for you."),
            "score_tangibles": _("Tools, site, staff appearance, drawings and samples."),
        }

    # ------------------------------------------------------------------
    # request and submission
    # ------------------------------------------------------------------
    @api.model
    def _request_for_projects(self, projects):
        """At completion acceptance: the client gets the evaluation form by
        e-mail (portal link). Once per project."""
        existing = self.search([("project_id", "in", projects.ids)]).project_id
        evaluations = self.create([{"project_id": p.id} for p in projects - existing])
        evaluations.action_send()
        return evaluations

    def action_send(self):
        template = self.env.ref("renovation_aftercare.mail_template_evaluation_request")
        for evaluation in self:
            if evaluation.state == "done":
                raise UserError(_("%s is already submitted.", evaluation.name))
            # the link carries the evaluation's token: e-mailed to the client only
            template._renovation_send_to_client(evaluation)
            evaluation.state = "sent"

    def action_submit(self):
        """Back office: the scores of the paper form are typed in."""
        for evaluation in self:
            evaluation._submit(
                {name: evaluation[name] for name in (*DIMENSION_FIELDS, "overall_score")},
                evaluation.comment,
            )

    def _submit(self, scores, comment=None):
        """Record the client's scores (every dimension and the overall score,
        1 to 5) and open a complaint when one is low."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(_("This evaluation has already been submitted."))
        values = {}
        for name in (*DIMENSION_FIELDS, "overall_score"):
            try:
                score = int(scores.get(name) or 0)
            except (TypeError, ValueError):
                score = 0
            if not 1 <= score <= 5:
                raise UserError(
                    _(
                        "Give a score from 1 to 5 for “%s”.",
                        self._fields[name].get_description(self.env)["string"],
                    )
                )
            values[name] = score
        values.update(
            {
                "comment": (comment or "").strip() or False,
                "state": "done",
                "submitted_datetime": fields.Datetime.now(),
            }
        )
        self.write(values)
        if self.is_low and not self.complaint_id:
            self.complaint_id = self.env["renovation.complaint"].create(
                {
                    "project_id": self.project_id.id,
                    "source": "evaluation",
                    "evaluation_id": self.id,
                    "description": _(
                        "Low customer evaluation (%(low)s). Comment: %(comment)s",
                        low=self.low_dimensions,
                        comment=self.comment or "-",
                    ),
                }
            )
        return True

    def _submit_from_portal(self, form):
        """The portal form posted by the client (strings)."""
        self.ensure_one()
        scores = {name: form.get(name) for name in (*DIMENSION_FIELDS, "overall_score")}
        return self._submit(scores, form.get("comment"))

    # ------------------------------------------------------------------
    # analytics export
    # ------------------------------------------------------------------
    def _satisfaction_xlsx(self):
        """The submitted evaluations of ``self`` as an xlsx file (bytes): one
        row per evaluation, then the averages by designer, foreman and studio."""
        evaluations = self.filtered(lambda e: e.state == "done")
        labels = self._dimension_labels()
        score_fields = [*DIMENSION_FIELDS, "overall_score"]
        score_labels = [
            *(labels[name] for name in DIMENSION_FIELDS),
            self._fields["overall_score"].get_description(self.env)["string"],
        ]
        book = XlsxWorkbook()
        score_columns = [(label, "int") for label in score_labels]
        book.add_table(
            _("Evaluations"),
            [
                (_("Project"), "text"),
                (_("Client"), "text"),
                (_("Studio"), "text"),
                (_("Designer"), "text"),
                (_("Foreman"), "text"),
                *score_columns,
                (_("Average"), "decimal"),
                (_("Submitted On"), "text"),
                (_("Comment"), "text"),
            ],
            [
                [
                    evaluation.project_id.name or "",
                    evaluation.partner_id.name or "",
                    evaluation.studio_id.name or "",
                    evaluation.designer_id.name or "",
                    evaluation.foreman_id.name or "",
                    *(evaluation[name] for name in score_fields),
                    evaluation.average_score,
                    fields.Datetime.to_string(evaluation.submitted_datetime) or "",
                    evaluation.comment or "",
                ]
                for evaluation in evaluations
            ],
        )

        groupings = [
            ("designer_id", _("By designer")),
            ("foreman_id", _("By foreman")),
            ("studio_id", _("By studio")),
        ]
        for group_field, title in groupings:
            groups = defaultdict(lambda: self.browse())
            for evaluation in evaluations:
                groups[evaluation[group_field]] |= evaluation
            ordered = sorted(groups.items(), key=lambda item: item[0].display_name or "")
            book.add_table(
                title,
                [
                    (self._fields[group_field].get_description(self.env)["string"], "text"),
                    (_("Evaluations"), "int"),
                    *((label, "decimal") for label in score_labels),
                ],
                [
                    [
                        key.display_name or _("None"),
                        len(members),
                        *(sum(members.mapped(name)) / len(members) for name in score_fields),
                    ]
                    for key, members in ordered
                ],
            )
        return book.close()

    def action_export_xlsx(self):
        records = self or self.search([("state", "=", "done")])
        attachment = self.env["ir.attachment"].create(
            {
                "name": _("customer_satisfaction_%s.xlsx", fields.Date.context_today(self)),
                "raw": records._satisfaction_xlsx(),
                "mimetype": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
