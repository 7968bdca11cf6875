from odoo import _, api, fields, models
from odoo.exceptions import UserError

CASH_COLLECTOR_GROUP = "renovation_service.group_renovation_cash_collector"


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "renovation.guarded.mixin"]
    # only the payment plan links an invoice to an instalment
    _renovation_guarded_fields = ("renovation_instalment_id",)

    renovation_instalment_id = fields.Many2one(
        "renovation.payment.plan.line",
        string="Contract Instalment",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    renovation_project_id = fields.Many2one(
        related="renovation_instalment_id.order_id.renovation_project_id",
        string="Renovation Project",
    )

    def _check_renovation_cash_collector(self):
        """Only finance and studio assistants (cash collectors) may collect money
        on renovation contracts."""
        if self.env.su or not self.filtered("renovation_instalment_id"):
            return
        if not self.env.user.has_group(CASH_COLLECTOR_GROUP):
            raise UserError(
                _(
                    "Only cash collectors (finance or the studio manager's assistant) "
                    "may register payments of renovation contracts."
                )
            )

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        # sudo: finance registers the payment; the hand-over that follows the paid
        # final instalment (seed 002 step 26) is prepared for the project's foreman
        final = self.sudo().filtered(
            lambda move: move.renovation_instalment_id.instalment_type == "final"
        )
        if final:
            self.env["renovation.handover"].sudo()._renovation_prepare_for(
                final.renovation_project_id
            )
        return res

    def action_register_payment(self):
        self._check_renovation_cash_collector()
        return super().action_register_payment()

    def _renovation_contract_moves(self):
        """The customer invoices and credit notes of these moves that bill a
        renovation contract (their lines come from its order lines)."""
        return self.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_refund")
                and (
                    m.renovation_instalment_id
                    or m.line_ids.sale_line_ids.order_id.filtered("is_renovation_contract")
                )
            )
        )

    def _post(self, soft=True):
        if not self.env.su:
            outside_plan = self._renovation_contract_moves().filtered(
                lambda m: not m.renovation_instalment_id
            )
            if outside_plan:
                raise UserError(
                    _(
                        "%s bills a renovation contract outside its payment plan: its invoices "
                        "come from the plan's instalments only.",
                        ", ".join(outside_plan.mapped("display_name")),
                    )
                )
        return super()._post(soft=soft)

    def _renovation_check_instalment_kept(self):
        """An instalment invoice, once posted by the plan, is not reset,
        cancelled or reversed by hand: the plan re-issues what it owns."""
        if self.env.su:
            return
        instalments = self.filtered("renovation_instalment_id")
        if instalments:
            raise UserError(
                _(
                    "%s is an instalment of a renovation contract's payment plan: it cannot be "
                    "reset, cancelled or reversed by hand.",
                    ", ".join(instalments.mapped("display_name")),
                )
            )

    def button_draft(self):
        self._renovation_check_instalment_kept()
        return super().button_draft()

    def button_cancel(self):
        self._renovation_check_instalment_kept()
        return super().button_cancel()

    def _reverse_moves(self, default_values_list=None, cancel=False):
        self._renovation_check_instalment_kept()
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    @api.model
    def _cron_renovation_overdue_instalments(self, batch_size=500):
        """Daily: an activity on the project for its manager and the general
        manager per overdue instalment; run twice, nothing is doubled."""
        today = fields.Date.context_today(self)
        invoices = self.search(
            [
                ("renovation_instalment_id", "!=", False),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", today),
            ],
            order="id",
        )
        self.env["ir.cron"]._renovation_process_in_batches(
            invoices, lambda batch: batch._renovation_schedule_overdue_activities(), batch_size
        )

    def _renovation_schedule_overdue_activities(self):
        activity_type = self.env.ref("renovation_service.mail_activity_type_overdue_instalment")
        # once a day per invoice, whichever worker gets there first
        invoices = self.env["renovation.cron.claim"]._claim(
            "overdue_instalment", self, fields.Date.context_today(self)
        )
        projects = invoices.renovation_project_id
        existing = self.env["mail.activity"].search(
            [
                ("res_model", "=", "project.project"),
                ("res_id", "in", projects.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        already = {(a.res_id, a.user_id.id, a.summary) for a in existing}
        for invoice in invoices.filtered("renovation_project_id"):
            project = invoice.renovation_project_id
            summary = _("Overdue instalment %s", invoice.name)
            for user in project.user_id | invoice.company_id.renovation_general_manager_id:
                if (project.id, user.id, summary) in already:
                    continue
                project.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=summary,
                    note=_(
                        "%(invoice)s (%(amount)s) was due on %(due)s and is not paid.",
                        invoice=invoice.name,
                        amount=invoice.amount_residual,
                        due=invoice.invoice_date_due,
                    ),
                    user_id=user.id,
                    date_deadline=fields.Date.context_today(self),
                )
                already.add((project.id, user.id, summary))
