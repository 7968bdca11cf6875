from odoo import _, api, fields, models
from odoo.exceptions import UserError

LINE_STATUSES = [
    ("signed", "Signed"),
    ("waiting", "Waiting signatures"),
    ("draft", "Not sent"),
    ("missing", "Missing"),
    ("reopened", "Reopened"),
    ("cancelled", "Cancelled"),
    ("paid", "Paid"),
    ("unpaid", "Not paid"),
]


class RenovationSettlementAuditLine(models.Model):
    """One check of the settlement audit: a form (required or not) or an
    instalment, its status, and the statistician's check and note."""

    _name = "renovation.settlement.audit.line"
    _description = "Settlement Audit Check"
    _order = "audit_id, kind, id"

    audit_id = fields.Many2one(
        "renovation.settlement.audit", required=True, ondelete="cascade", index=True
    )
    kind = fields.Selection([("form", "Form"), ("instalment", "Instalment")], required=True)
    form_type_id = fields.Many2one("renovation.form.type")
    form_id = fields.Many2one("renovation.form")
    required = fields.Boolean(help="A stage gate of the project asks for this form.")
    instalment_id = fields.Many2one("renovation.payment.plan.line")
    name = fields.Char(compute="_compute_name")
    # compute_sudo: the status of a form or instalment is what the statistician
    # audits, even where their own rights would not let them open it
    status = fields.Selection(LINE_STATUSES, compute="_compute_status", compute_sudo=True)
    checked = fields.Boolean()
    note = fields.Char()

    @api.depends("form_type_id", "form_id", "instalment_id")
    def _compute_name(self):
        for line in self:
            if line.kind == "instalment":
                line.name = line.instalment_id.name
            else:
                line.name = line.form_id.name or line.form_type_id.name

    @api.depends("form_id.state", "instalment_id.state")
    def _compute_status(self):
        for line in self:
            if line.kind == "instalment":
                line.status = "paid" if line.instalment_id.state == "paid" else "unpaid"
            elif not line.form_id:
                line.status = "missing"
            elif line.form_id.state == "signed":
                line.status = "signed"
            elif line.form_id.sudo().event_ids.filtered(lambda e: e.event_type == "reopened"):
                # sudo: whether a form was reopened is read from its history
                line.status = "reopened"
            else:
                line.status = line.form_id.state

    def write(self, vals):
        if not self.env.su:
            if self.audit_id.filtered(lambda a: a.state == "done"):
                raise UserError(_("A completed audit cannot be changed."))
            if set(vals) - {"checked", "note"}:
                raise UserError(
                    _("The audit lines come from the project: check and annotate them.")
                )
            self.audit_id._check_auditor()
        return super().write(vals)
