from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# SPEC step 10: scope reductions may not exceed 10 % of the contract total
MAX_REDUCTION_RATIO = 0.10


class RenovationChangeOrder(models.Model):
    """工程变更单: added or removed work on a signed contract."""

    _name = "renovation.change.order"
    _description = "Change Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "renovation.client.order.mixin"]

    _client_order_form_type = "change_order"
    _client_order_sequence = "renovation.change.order"
    _client_order_signed_fields = (
        "project_id",
        "reason",
        "requested_by",
        "line_ids",
        "schedule_days",
    )

    contract_id = fields.Many2one(related="project_id.contract_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    requested_by = fields.Selection(
        [("client", "Client"), ("company", "Company")], default="client", required=True
    )
    line_ids = fields.One2many("renovation.change.order.line", "change_order_id", copy=True)
    amount_added = fields.Monetary(compute="_compute_amounts", store=True)
    amount_reduced = fields.Monetary(
        compute="_compute_amounts", store=True, help="Sum of the reduction lines (positive)."
    )
    amount_total = fields.Monetary(string="Net Change", compute="_compute_amounts", store=True)
    schedule_days = fields.Integer(
        string="Effect on Schedule (days)",
        help="Days the change adds to (or, negative, takes from) the planned end; the "
        "approved change moves the planned end.",
    )

    @api.depends("line_ids.amount")
    def _compute_amounts(self):
        for order in self:
            amounts = order.line_ids.mapped("amount")
            order.amount_added = sum(a for a in amounts if a > 0)
            order.amount_reduced = -sum(a for a in amounts if a < 0)
            order.amount_total = sum(amounts)

    @api.constrains("state", "line_ids")
    def _check_reduction_limit(self):
        for project in self.filtered(lambda o: o.state == "approved").project_id:
            approved = project.change_order_ids.filtered(lambda o: o.state == "approved")
            self._check_reductions_within_limit(project, sum(approved.mapped("amount_reduced")))

    @api.model
    def _check_reductions_within_limit(self, project, reduced):
        # 合同总价: the contract total as signed (seed 002 step 16)
        base = project.contract_id.contract_total
        limit = base * MAX_REDUCTION_RATIO
        if project.currency_id.compare_amounts(reduced, limit) > 0:
            raise ValidationError(
                _(
                    "Scope reductions of %(project)s would reach %(reduced)s, more than "
                    "10 %% of the contract total as signed (%(limit)s allowed).",
                    project=project.display_name,
                    reduced=reduced,
                    limit=limit,
                )
            )

    def _client_order_check_send(self):
        if not self.line_ids:
            raise UserError(_("A change order needs at least one line."))
        approved = self.project_id.change_order_ids.filtered(lambda o: o.state == "approved")
        # refuse now rather than when the client signs
        self._check_reductions_within_limit(
            self.project_id, sum(approved.mapped("amount_reduced")) + self.amount_reduced
        )

    def _client_order_form_values(self):
        content = Markup("<p>%s</p><p>%s</p>") % (
            _(
                "Change order %(name)s: net change %(amount)s %(currency)s.",
                name=self.name,
                amount=self.amount_total,
                currency=self.currency_id.name,
            ),
            self.reason,
        )
        lines = [
            Command.create(
                {
                    "name": line.name,
                    "quantity": line.quantity,
                    "uom": line.product_id.uom_id.name,
                    "unit_price": line.price_unit,
                    "amount": line.amount,
                    "description": line.product_id.name,
                }
            )
            for line in self.line_ids
        ]
        return {"content": content, "line_ids": lines}

    def _renovation_form_prefill(self, form):
        """工程变更单: the effect on the contract total and on the schedule."""
        # sudo: the contract's current total, which the PM's rules may hide
        order = self.contract_id.sudo()
        end = self.project_id.date
        return {
            "amount_before": order.amount_untaxed,
            "amount_added": self.amount_added,
            "amount_reduced": self.amount_reduced,
            "net_change": self.amount_total,
            "amount_after": order.amount_untaxed + self.amount_total,
            "schedule_days": float(self.schedule_days),
            "planned_end_before": end or None,
            "planned_end_after": end and fields.Date.add(end, days=self.schedule_days) or None,
            "reason": self.reason,
        }

    def _client_order_check_approve(self):
        if not self.line_ids:
            raise UserError(_("A change order needs at least one line."))
        if self.contract_id.state != "sale":
            raise UserError(_("The contract of %s is not signed.", self.project_id.display_name))
        if self.project_id.completion_acceptance_date:
            raise UserError(_("The project is already accepted: no more changes."))

    def _client_order_apply(self):
        self._apply_to_contract()
        self._apply_to_schedule()
        self.project_id.message_post(
            body=_(
                "Change order %(name)s approved: %(amount)s.",
                name=self.name,
                amount=self.amount_total,
            )
        )

    def _apply_to_schedule(self):
        """The change's effect on the schedule moves the planned end, as the
        client signed it on the 工程变更单."""
        project = self.project_id
        if not self.schedule_days or not project.date:
            return
        previous = project.date
        # sudo: the approved change (checked by _approve's callers) moves the end date
        project.sudo().date = fields.Date.add(previous, days=self.schedule_days)
        project.message_post(
            body=_(
                "Change order %(name)s: planned end moved from %(old)s to %(new)s.",
                name=self.name,
                old=previous,
                new=project.date,
            )
        )

    def _apply_to_contract(self):
        """Add the change lines to the contract: the mid-term and final
        instalments are computed from the contract's current total."""
        self.ensure_one()
        # sudo: approving a change (PM) must amend the signed sale order, whose
        # lines salesmen's rules may hide from a PM; values come from this order.
        order = self.contract_id.sudo()
        lines = [(0, 0, {"display_type": "line_section", "name": _("Change order %s", self.name)})]
        for line in self.line_ids:
            lines.append(
                (
                    0,
                    0,
                    {
                        "product_id": line.product_id.id,
                        "name": line.name,
                        "product_uom_qty": line.quantity,
                        "price_unit": line.price_unit,
                        "tax_id": [
                            (
                                6,
                                0,
                                line.product_id.taxes_id.filtered(
                                    lambda t: t.company_id == order.company_id
                                ).ids,
                            )
                        ],
                    },
                )
            )
        order.write({"order_line": lines})
