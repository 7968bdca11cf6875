from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# What a node is: the seed's rules between trades refer to these kinds
# (painting after 80 % of carpentry, wall paint after the lacquer...), so a
# company may rename or renumber its nodes without breaking them.
NODE_KINDS = [
    ("briefing", "Start Briefing"),
    ("hidden_works", "Plumbing and Wiring (hidden works)"),
    ("windows", "Aluminium / PVC Windows"),
    ("carpentry", "Carpentry (furniture)"),
    ("waterproofing", "Waterproofing"),
    ("carpentry_finish", "Carpentry Finishing"),
    ("tiling", "Kitchen and Bathroom Tiling"),
    ("painting", "Painting (lacquer)"),
    ("ceiling_floor", "Ceilings and Living-room Floor Tiles"),
    ("wall_paint", "Wall Latex Paint"),
    ("flooring", "Wood Flooring"),
    ("skirting", "Skirting"),
    ("installation", "Fixtures Installation"),
    ("cleaning", "Cleaning"),
    ("completion", "Completion"),
    ("other", "Other"),
]


class RenovationScheduleTemplateLine(models.Model):
    _name = "renovation.schedule.template.line"
    _description = "Construction Schedule Template Node"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "renovation.schedule.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(
        required=True,
        help="Node code, copied on the project's tasks (e.g. 06 for 油工).",
    )
    name = fields.Char(required=True, translate=True)
    node_kind = fields.Selection(NODE_KINDS, required=True, default="other")
    duration_days = fields.Integer(string="Duration (working days)", required=True, default=1)
    predecessor_ids = fields.Many2many(
        "renovation.schedule.template.line",
        "renovation_schedule_line_predecessor_rel",
        "line_id",
        "predecessor_id",
        string="Predecessors",
        domain="[('template_id', '=', template_id), ('id', '!=', id)]",
        help="Nodes that must end before this one starts (finish-to-start).",
    )
    form_type_ids = fields.Many2many(
        "renovation.form.type", string="Forms Due", help="Forms signed at this node."
    )
    inspections_due = fields.Text(
        translate=True, help="Inspections and acceptances due at this node."
    )
    designer_visit_due = fields.Boolean(
        help="The designer visits the site at this node (seed 002 step 16)."
    )
    notify_client = fields.Boolean(
        string="Tell the Client the Date",
        help="The foreman tells the client when this node takes place (e.g. the wood "
        "flooring, seed 002 一般施工顺序 08).",
    )

    @api.constrains("duration_days")
    def _check_duration(self):
        if any(line.duration_days < 1 for line in self):
            raise ValidationError(_("A schedule node lasts at least one working day."))

    @api.constrains("predecessor_ids")
    def _check_predecessors(self):
        for line in self:
            if line.predecessor_ids - line.template_id.line_ids:
                raise ValidationError(
                    _("A node's predecessors must be nodes of the same template.")
                )
        if self._has_cycle("predecessor_ids"):
            raise ValidationError(_("The predecessors of the schedule nodes form a cycle."))
