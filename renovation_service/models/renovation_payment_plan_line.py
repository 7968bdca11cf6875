from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare

# what the signed contract fixes: the instalments and their terms
FROZEN_WHEN_SIGNED = {"order_id", "instalment_type", "percent", "due_days", "sequence"}


class RenovationPaymentPlanLine(models.Model):
    """One instalment of a contract: 首期款 at signing, 中期款 at the mid-term
    settlement, 尾款 (the rest of the contract) at completion acceptance.

    Its invoice is issued by the plan's own triggers only (as superuser); once
    the contract is signed its instalments are fixed."""

    _name = "renovation.payment.plan.line"
    _description = "Contract Instalment"
    _inherit = ["renovation.guarded.mixin"]
    _order = "order_id, sequence, id"
    _renovation_guarded_fields = ("invoice_id", "trigger_date")

    sequence = fields.Integer(default=10)
    order_id = fields.Many2one(
        "sale.order", string="Contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    instalment_type = fields.Selection(
        [
            ("first", "First payment (at signing)"),
            ("midterm", "Mid-term payment (at mid-term settlement)"),
            ("final", "Final payment (at completion acceptance)"),
        ],
        required=True,
    )
    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    percent = fields.Float(
        string="Share (%)",
        help="Share of the contract total. The final instalment is always the rest.",
    )
    # what the instalment is worth: its own share, or for the final payment the
    # rest of the contract (its ``percent`` is not used and stays 0)
    share_percent = fields.Float(
        string="Share of Contract (%)",
        compute="_compute_share_percent",
        inverse="_inverse_share_percent",
        help="Share of the contract total. The final instalment is always the rest.",
    )
    due_days = fields.Integer(
        string="Due After (days)", help="Days between the trigger and the due date."
    )
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False)
    trigger_date = fields.Date(readonly=True, copy=False)
    amount = fields.Monetary(related="invoice_id.amount_total", string="Invoiced")
    date_due = fields.Date(related="invoice_id.invoice_date_due")
    payment_state = fields.Selection(related="invoice_id.payment_state")
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("invoiced", "Invoiced"),
            ("paid", "Paid"),
            ("overdue", "Overdue"),
        ],
        compute="_compute_state",
    )

    @api.depends("instalment_type")
    def _compute_name(self):
        labels = dict(self._fields["instalment_type"]._description_selection(self.env))
        for line in self:
            line.name = labels.get(line.instalment_type, "")

    @api.depends("percent", "instalment_type", "order_id.payment_plan_line_ids.percent")
    def _compute_share_percent(self):
        for line in self:
            line.share_percent = (
                line._final_share() if line.instalment_type == "final" else line.percent
            )

    def _final_share(self):
        """What the final payment is worth: the rest of the contract."""
        fixed = self.order_id.payment_plan_line_ids.filtered(lambda p: p.instalment_type != "final")
        return max(0.0, 100.0 - sum(fixed.mapped("percent")))

    @api.onchange("share_percent")
    def _onchange_share_percent(self):
        # the contract's form: the share typed in is the percent (the form's
        # onchange recomputes the share from the percent, which would drop it)
        if self.instalment_type != "final":
            self.percent = self.share_percent

    def _inverse_share_percent(self):
        for line in self:
            if line.instalment_type != "final":
                line.percent = line.share_percent
            elif float_compare(line.share_percent, line._final_share(), precision_digits=2):
                raise UserError(
                    _(
                        "The final payment is the rest of the contract: change the first "
                        "or mid-term share instead."
                    )
                )

    @api.depends("invoice_id.payment_state", "invoice_id.invoice_date_due", "invoice_id.state")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for line in self:
            invoice = line.invoice_id
            if not invoice or invoice.state == "cancel":
                line.state = "planned"
            elif invoice.payment_state in ("paid", "in_payment"):
                line.state = "paid"
            elif invoice.invoice_date_due and invoice.invoice_date_due < today:
                line.state = "overdue"
            else:
                line.state = "invoiced"

    @api.constrains("percent", "instalment_type", "order_id")
    def _check_percent(self):
        for order in self.order_id:
            plan = order.payment_plan_line_ids
            if any(p.percent < 0 or p.percent > 100 for p in plan):
                raise ValidationError(_("An instalment share must be between 0 and 100 %."))
            fixed = sum(plan.filtered(lambda p: p.instalment_type != "final").mapped("percent"))
            if fixed >= 100:
                raise ValidationError(
                    _(
                        "First and mid-term instalments together must stay below 100 %% "
                        "(now %s %%): the final payment is the rest of the contract.",
                        fixed,
                    )
                )

    def _renovation_frozen_fields(self):
        frozen = super()._renovation_frozen_fields()
        if self.order_id.filtered("contract_number"):
            frozen |= FROZEN_WHEN_SIGNED
        return frozen

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        if not self.env.su and orders.exists().filtered("contract_number"):
            raise UserError(_("The payment plan of a signed contract cannot be changed."))
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if not self.env.su and self.order_id.filtered("contract_number"):
            raise UserError(_("The payment plan of a signed contract cannot be changed."))

    def _is_paid(self):
        return bool(self) and all(line.state == "paid" for line in self)

    @api.model
    def _contract_status(self, orders):
        """{order id: {"confirmed": bool, "invoiced": {instalment types with an
        invoice}, "paid": {instalment types whose lines are all paid}}} of the
        contracts ``orders``, in one query: what the stage gates of a whole
        kanban column read. "Paid" is the rule of ``_compute_state`` (an
        invoice, not cancelled, paid or in payment) and of ``_is_paid``."""
        order_ids = [order_id for order_id in orders.ids if isinstance(order_id, int)]
        if not order_ids:
            return {}
        self.env["sale.order"].flush_model(["state"])
        self.flush_model(["order_id", "instalment_type", "invoice_id"])
        self.env["account.move"].flush_model(["state", "payment_state"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT o.id, o.state, l.instalment_type,
                       BOOL_OR(l.invoice_id IS NOT NULL),
                       BOOL_AND(COALESCE(m.state != 'cancel'
                                AND m.payment_state IN ('paid', 'in_payment'), FALSE))
                  FROM sale_order o
             LEFT JOIN renovation_payment_plan_line l ON l.order_id = o.id
             LEFT JOIN account_move m ON m.id = l.invoice_id
                 WHERE o.id IN %s
              GROUP BY o.id, o.state, l.instalment_type
                """,
                tuple(order_ids),
            )
        )
        status = {}
        for order_id, state, instalment_type, invoiced, paid in rows:
            order = status.setdefault(
                order_id, {"confirmed": state == "sale", "invoiced": set(), "paid": set()}
            )
            if instalment_type and invoiced:
                order["invoiced"].add(instalment_type)
            if instalment_type and paid:
                order["paid"].add(instalment_type)
        return status

    def _issue_invoice(self, trigger_date, due_date=None):
        """Create and post the customer invoice of this instalment.

        First and mid-term instalments are down payments (a share of the
        contract total at that moment, so approved change orders count); the
        final instalment invoices every contract line minus the down payments,
        so the instalments always add up to the contract total.
        """
        invoices = self.env["account.move"]
        for line in self:
            order = line.order_id
            if line.invoice_id and line.invoice_id.state != "cancel":
                raise UserError(
                    _(
                        "%(name)s of %(contract)s has already been invoiced.",
                        name=line.name,
                        contract=order.contract_number or order.name,
                    )
                )
            # superuser: the trigger (signature, settlement, acceptance) is done by a
            # salesman or PM without invoicing rights; the invoice is fully derived
            # from the signed contract, and Odoo's down-payment wizard posts on the
            # order as its caller, so it runs as the system user, not merely sudo.
            order_sudo = order.with_user(SUPERUSER_ID)
            if line.instalment_type == "final":
                invoice = order_sudo._create_invoices(final=True)
            else:
                amount = order.currency_id.round(order.amount_total * line.percent / 100)
                wizard = (
                    self.env["sale.advance.payment.inv"]
                    .with_user(SUPERUSER_ID)
                    .create(
                        {
                            "sale_order_ids": [(6, 0, order.ids)],
                            "advance_payment_method": "fixed",
                            "fixed_amount": amount,
                        }
                    )
                )
                invoice = wizard._create_invoices(order_sudo)
            invoice.write(
                {
                    "invoice_date": trigger_date,
                    "invoice_payment_term_id": False,
                    "renovation_instalment_id": line.id,
                }
            )
            invoice.invoice_date_due = due_date or trigger_date + timedelta(days=line.due_days)
            invoice.action_post()
            # sudo: the instalment's invoice was just issued by the plan itself
            line.sudo().write({"invoice_id": invoice.id, "trigger_date": trigger_date})
            invoice = invoice.with_env(self.env)
            invoices |= invoice
        return invoices
