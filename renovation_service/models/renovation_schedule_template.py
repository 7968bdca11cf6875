from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .crm_lead import HOUSE_TYPES


class RenovationScheduleTemplate(models.Model):
    """施工进度计划模板: the nodes a project's schedule is made of, in the
    order of seed 002's 一般施工顺序. Confirming a contract copies the best
    matching template (same company, house type and package) into the
    project's tasks."""

    _name = "renovation.schedule.template"
    _description = "Construction Schedule Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Empty: the template serves every company.",
    )
    house_type = fields.Selection(HOUSE_TYPES, help="Empty: the template serves every house type.")
    package = fields.Char(
        translate=True,
        help="The renovation package (套餐) the template is for; contracts choose their "
        "template, the house type proposes one.",
    )
    line_ids = fields.One2many(
        "renovation.schedule.template.line", "template_id", string="Nodes", copy=True
    )
    total_days = fields.Integer(
        string="Working Days (sum)",
        compute="_compute_total_days",
        help="Sum of the nodes' durations; nodes without a dependency between them "
        "run in parallel, so the schedule itself is usually shorter.",
    )

    @api.depends("line_ids.duration_days")
    def _compute_total_days(self):
        for template in self:
            template.total_days = sum(template.line_ids.mapped("duration_days"))

    @api.constrains("line_ids")
    def _check_codes(self):
        for template in self:
            codes = template.line_ids.mapped("code")
            if len(codes) != len(set(codes)):
                raise ValidationError(
                    _("The node codes of schedule template %s must be unique.", template.name)
                )

    @api.model
    def _renovation_template_for(self, company, house_type):
        """The template a new project of ``company`` and ``house_type`` gets:
        the most specific active one (own company before shared, own house
        type before any)."""
        templates = self.search(
            [
                ("company_id", "in", [company.id, False]),
                ("house_type", "in", [house_type or False, False]),
            ]
        )
        if not templates:
            return templates
        return templates.sorted(lambda t: (not t.company_id, not t.house_type, t.sequence, t.id))[
            :1
        ]
