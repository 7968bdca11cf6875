from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# SPEC step 10: scope reductions may not exceed 10 % of the contract total
MAX_REDUCTION_RATIO = 0.10


class RenovationChangeOrder(models.Model):
    """工程变更单: added or removed work on a signed contract."""

    _name = "renovation.change.order"
    _description = "Change Order"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "renovation.form.source.mixin",
        "renovation.project.record.mixin",
    ]
    _order = "date desc, id desc"

    name = fields.Char(default=lambda self: _("New"), readonly=True, copy=False)
    contract_id = fields.Many2one(related="project_id.contract_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    date = fields.Date(default=fields.Date.context_today, required=True)
    reason = fields.Text(required=True)
    requested_by = fields.Selection(
        [("client", "Client"), ("company", "Company")], default="client", required=True
    )
    line_ids = fields.One2many("renovation.change.order.line", "change_order_id", copy=True)
    amount_added = fields.Monetary(compute="_compute_amounts", store=True)
    amount_reduced = fields.Monetary(
        compute="_compute_amounts", store=True, help="Sum of the reduction lines (positive)."
    )
    amount_total = fields.Monetary(string="Net Change", compute="_compute_amounts", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True)
    approved_on = fields.Datetime(readonly=True)
    form_state = fields.Selection(
        [("none", "Not sent"), ("waiting", "Waiting signatures"), ("signed", "Signed")],
        compute="_compute_form_state",
    )

    @api.depends("form_ids.state")
    def _compute_form_state(self):
        for order in self:
            states = set(order.form_ids.mapped("state"))
            order.form_state = (
                "signed" if "signed" in states else "waiting" if "waiting" in states else "none"
            )

    @api.depends("line_ids.amount")
    def _compute_amounts(self):
        for order in self:
            amounts = order.line_ids.mapped("amount")
            order.amount_added = sum(a for a in amounts if a > 0)
            order.amount_reduced = -sum(a for a in amounts if a < 0)
            order.amount_total = sum(amounts)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("renovation.change.order")
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) & {"line_ids", "project_id"} and self.filtered(
            lambda o: o.state != "draft" or o.form_state != "none"
        ):
            raise UserError(_("Only draft change orders not yet sent for signature can be edited."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.filtered(lambda o: o.state == "approved"):
            raise UserError(_("An approved change order cannot be deleted."))

    @api.constrains("state", "line_ids")
    def _check_reduction_limit(self):
        for project in self.filtered(lambda o: o.state == "approved").project_id:
            approved = project.change_order_ids.filtered(lambda o: o.state == "approved")
            self._check_reductions_within_limit(project, sum(approved.mapped("amount_reduced")))

    @api.model
    def _check_reductions_within_limit(self, project, reduced):
        base = project.contract_id.contract_amount
        limit = base * MAX_REDUCTION_RATIO
        if project.currency_id.compare_amounts(reduced, limit) > 0:
            raise ValidationError(
                _(
                    "Scope reductions of %(project)s would reach %(reduced)s, more than "
                    "10 %% of the contract amount (%(limit)s allowed).",
                    project=project.display_name,
                    reduced=reduced,
                    limit=limit,
                )
            )

    def action_request_signature(self):
        """工程变更单 to be signed by the client (and the PM) before work proceeds."""
        forms = self.env["renovation.form"]
        for order in self:
            if order.state != "draft" or order.form_state != "none":
                raise UserError(_("%s is not a draft waiting to be sent.", order.name))
            if not order.line_ids:
                raise UserError(_("A change order needs at least one line."))
            approved = order.project_id.change_order_ids.filtered(lambda o: o.state == "approved")
            # refuse now rather than when the client signs
            self._check_reductions_within_limit(
                order.project_id, sum(approved.mapped("amount_reduced")) + order.amount_reduced
            )
            form = forms._create_from_source(
                order,
                "change_order",
                values={
                    "content": order._form_content(),
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": line.name,
                                "quantity": line.quantity,
                                "amount": line.amount,
                                "description": line.product_id.name,
                            },
                        )
                        for line in order.line_ids
                    ],
                },
            )
            form.action_request_signatures()
            forms |= form
        return forms

    def _form_content(self):
        return Markup("<p>%s</p><p>%s</p>") % (
            _(
                "Change order %(name)s: net change %(amount)s %(currency)s.",
                name=self.name,
                amount=self.amount_total,
                currency=self.currency_id.name,
            ),
            self.reason,
        )

    def action_approve(self):
        """Approve a change the client has signed; a renovation manager may
        approve one signed on paper."""
        self.project_id._check_renovation_manager_role()
        is_manager = self.env.user.has_group("renovation_service.group_renovation_manager")
        for order in self:
            if order.form_state != "signed" and not is_manager:
                raise UserError(_("The client must sign the change order %s first.", order.name))
        self._approve()

    def _renovation_form_signed(self, form):
        self.filtered(lambda o: o.state == "draft")._approve()

    def _approve(self):
        for order in self:
            if order.state != "draft":
                raise UserError(_("Only draft change orders can be approved."))
            if not order.line_ids:
                raise UserError(_("A change order needs at least one line."))
            if order.contract_id.state != "sale":
                raise UserError(
                    _("The contract of %s is not signed.", order.project_id.display_name)
                )
            if order.project_id.completion_acceptance_date:
                raise UserError(_("The project is already accepted: no more changes."))
            order.write(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "approved_on": fields.Datetime.now(),
                }
            )
            order._apply_to_contract()
            order.project_id.message_post(
                body=_(
                    "Change order %(name)s approved: %(amount)s.",
                    name=order.name,
                    amount=order.amount_total,
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

    def action_cancel(self):
        for order in self:
            if order.state == "approved":
                raise UserError(_("An approved change order cannot be cancelled: issue a new one."))
            order.state = "cancelled"
