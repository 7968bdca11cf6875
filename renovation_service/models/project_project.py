from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from .crm_lead import HOUSE_TYPES

ROLE_FIELDS = (
    "advisor_id",
    "designer_id",
    "user_id",
    "foreman_id",
    "inspector_id",
    "statistician_id",
)


# what only the project's actions change (see renovation.guarded.mixin): whether
# the stage gates apply at all, the contract, and the dates the gates read
GUARDED_FIELDS = (
    "is_renovation",
    "contract_id",
    "midterm_settlement_date",
    "completion_acceptance_date",
    "renovation_midterm_due_date",
)
MANAGER_GROUP = "renovation_service.group_renovation_manager"
# Seed 001 §3.4 (中期检查) and seed 002 step 19 (工程过半时): the mid-term check
# with the client falls when half of the works are done
MIDTERM_PROGRESS = 50.0


class ProjectProject(models.Model):
    _name = "project.project"
    _inherit = ["project.project", "renovation.guarded.mixin"]
    _renovation_guarded_fields = GUARDED_FIELDS

    is_renovation = fields.Boolean(string="Renovation Project", copy=False, index=True)
    studio_id = fields.Many2one("renovation.studio", tracking=True)
    contract_id = fields.Many2one("sale.order", readonly=True, copy=False, index="btree_not_null")
    contract_number = fields.Char(related="contract_id.contract_number", store=True)
    site_address = fields.Char()
    house_type = fields.Selection(HOUSE_TYPES)
    house_area = fields.Float(string="Floor Area (m²)")
    # team (project manager = Odoo's own user_id)
    advisor_id = fields.Many2one("res.users", string="Client Advisor", tracking=True)
    designer_id = fields.Many2one("res.users", tracking=True)
    foreman_id = fields.Many2one("res.users", tracking=True)
    inspector_id = fields.Many2one("res.users", string="Quality Inspector", tracking=True)
    statistician_id = fields.Many2one("res.users", string="Project Statistician", tracking=True)
    renovation_member_ids = fields.Many2many(
        "res.users",
        "project_renovation_member_rel",
        string="Renovation Team",
        compute="_compute_renovation_member_ids",
        store=True,
    )
    # money
    payment_plan_line_ids = fields.One2many(
        related="contract_id.payment_plan_line_ids", string="Payment Plan"
    )
    contract_amount = fields.Monetary(
        related="contract_id.contract_amount", currency_field="currency_id"
    )
    contract_total = fields.Monetary(
        related="contract_id.contract_total", currency_field="currency_id"
    )
    current_contract_amount = fields.Monetary(
        related="contract_id.amount_untaxed",
        string="Current Amount (untaxed)",
        currency_field="currency_id",
    )
    form_ids = fields.One2many("renovation.form", "project_id", string="Forms")
    form_count = fields.Integer(compute="_compute_renovation_counts")
    change_order_ids = fields.One2many("renovation.change.order", "project_id")
    delay_order_ids = fields.One2many("renovation.delay.order", "project_id")
    followup_call_ids = fields.One2many("renovation.followup.call", "project_id")
    renovation_handover_ids = fields.One2many(
        "renovation.handover", "project_id", string="Completion Hand-over"
    )
    change_order_count = fields.Integer(compute="_compute_renovation_counts")
    delay_order_count = fields.Integer(compute="_compute_renovation_counts")
    midterm_settlement_date = fields.Date(readonly=True, copy=False, tracking=True)
    completion_acceptance_date = fields.Date(readonly=True, copy=False, tracking=True)
    # gates
    stage_is_construction = fields.Boolean(related="stage_id.renovation_is_construction")
    next_stage_id = fields.Many2one("project.project.stage", compute="_compute_gate_status")
    next_stage_blockers = fields.Text(
        string="Missing for Next Stage", compute="_compute_gate_status"
    )
    next_stage_ready = fields.Boolean(compute="_compute_gate_status")
    # the renovation pipeline's columns: its lifecycle, not Odoo's generic stages
    stage_id = fields.Many2one(group_expand="_read_group_expand_renovation_stages")
    # lists of the management reports (在施工程一览表, 可参观工地一览表)
    renovation_days_late = fields.Integer(
        string="Days Late",
        compute="_compute_renovation_days_late",
        search="_search_renovation_days_late",
        help="Days past the planned end (which approved delay orders move): counted "
        "to today while the works go on, to the completion acceptance once accepted.",
    )

    # construction schedule (施工进度计划)
    renovation_node_ids = fields.One2many(
        "project.task",
        "project_id",
        string="Schedule Nodes",
        domain=[("renovation_node_code", "!=", False)],
    )
    renovation_node_count = fields.Integer(compute="_compute_renovation_schedule_progress")
    renovation_schedule_template_id = fields.Many2one(
        "renovation.schedule.template", string="Schedule Template", readonly=True, copy=False
    )
    renovation_schedule_progress = fields.Float(
        string="Schedule Progress (%)",
        compute="_compute_renovation_schedule_progress",
        help="Progress of the nodes weighted by their working days.",
    )
    renovation_midterm_due_date = fields.Date(
        string="Mid-term Check Due Since",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the schedule reached 50 %: the mid-term check with the client "
        "(中期预决算) is due.",
    )
    renovation_midterm_due = fields.Boolean(
        string="Mid-term Check Due",
        compute="_compute_renovation_midterm_due",
        help="Half of the works are done and the mid-term settlement is not recorded yet.",
    )

    @api.depends(*ROLE_FIELDS, "studio_id.manager_id", "company_id.renovation_finance_user_id")
    def _compute_renovation_member_ids(self):
        for project in self:
            # the studio manager oversees the studio's projects; finance fills
            # (and signs) the 结算登记表 of every project
            project.renovation_member_ids = (
                project._renovation_team() | project.company_id.renovation_finance_user_id
            )

    def _renovation_team(self):
        """The people who work on the project (they follow it)."""
        self.ensure_one()
        users = self.studio_id.manager_id
        for field_name in ROLE_FIELDS:
            users |= self[field_name]
        return users

    def _compute_renovation_counts(self):
        for project in self:
            project.change_order_count = len(project.change_order_ids)
            project.form_count = len(project.form_ids)
            project.delay_order_count = len(project.delay_order_ids)

    @api.depends("stage_id", "is_renovation")
    def _compute_gate_status(self):
        # one evaluation for the whole recordset (a kanban column, a list page):
        # the stages and each stage's gates are read once, and the gate checks
        # read what they need for every project at once (prefetch)
        stages = self.env["project.project.stage"].search([])
        next_stages = {}
        next_of = {}  # the next stage, per (stage, company): a column shares both
        for project in self:
            key = (project.stage_id, project.company_id)
            if key not in next_of:
                next_of[key] = stages.filtered(
                    lambda s, stage=key[0], company=key[1]: (
                        (s.sequence, s.id) > (stage.sequence, stage.id)
                        and (not s.company_id or s.company_id == company)
                    )
                )[:1]
            next_stages[project.id] = next_of[key] if project.is_renovation else stages.browse()
        renovation = self.filtered(lambda p: next_stages[p.id])
        failures = renovation._renovation_gate_failures_batch(
            lambda p: next_stages[p.id], stages=stages
        )
        for project in self:
            next_stage = next_stages[project.id]
            blockers = failures.get(project.id, [])
            project.next_stage_id = next_stage
            project.next_stage_blockers = "\n".join(blockers)
            project.next_stage_ready = bool(next_stage) and not blockers

    @api.model
    def _read_group_expand_renovation_stages(self, stages, domain):
        """Every stage as a column (Odoo's own behaviour), but only the renovation
        stages when the view lists renovation projects (the pipeline's action
        domain): Odoo's To Do, In Progress, Done and Cancelled are no step of
        the lifecycle. A column holding projects always shows."""
        Stage = self.env["project.project.stage"]
        renovation_only = any(
            expression.is_leaf(leaf) and tuple(leaf) == ("is_renovation", "=", True)
            for leaf in domain
        )
        if not renovation_only:
            return self._read_group_expand_full(stages, domain)
        return Stage.search(["|", ("id", "in", stages.ids), ("renovation_stage", "=", True)])

    # ------------------------------------------------------------------
    # Stage gates
    # ------------------------------------------------------------------
    @api.model
    def _renovation_gates_for(self, stage, gated_stages=None):
        """Gates of ``stage`` and of every stage before it: skipping a stage on
        the kanban must not skip its gates. ``gated_stages``: the stages that
        have gates, when the caller searched them already."""
        if gated_stages is None:
            gated_stages = self.env["project.project.stage"].search(
                [("renovation_gate_ids", "!=", False)]
            )
        stages = gated_stages.filtered(lambda s: s.sequence <= stage.sequence)
        return (stages | stage).renovation_gate_ids

    def _renovation_gate_failures(self, stage):
        self.ensure_one()
        return self._renovation_gate_failures_batch(lambda project: stage)[self.id]

    def _renovation_gate_failures_batch(self, stage_of, stages=None):
        """{project id: names of the gates it fails} for each project of
        ``self`` entering the stage ``stage_of(project)``: the gates are
        evaluated for the whole batch at once (see ``_renovation_gates_met``).
        ``stages``: every stage, when the caller searched them already."""
        # sudo: a gate reads contract, invoice and form states the mover may not
        # see (e.g. a foreman and the invoices); only gate names are returned.
        projects = self.sudo()
        if stages is None:
            gated_stages = self.env["project.project.stage"].search(
                [("renovation_gate_ids", "!=", False)]
            )
        else:
            gated_stages = stages.filtered("renovation_gate_ids")
        gates_by_stage = {}
        ids_by_stage = defaultdict(list)
        for project in projects:
            stage = stage_of(project)
            if stage not in gates_by_stage:
                gates_by_stage[stage] = self._renovation_gates_for(stage, gated_stages)
            ids_by_stage[stage].append(project.id)
        gates = self.env["renovation.stage.gate"].union(*gates_by_stage.values())
        met = projects._renovation_gates_met(gates)
        failures = {}
        for stage, project_ids in ids_by_stage.items():
            named = [(met[gate.id], gate.name) for gate in gates_by_stage[stage]]
            for project_id in project_ids:
                failures[project_id] = [name for ids, name in named if project_id not in ids]
        return failures

    def _renovation_gates_met(self, gates):
        """{gate id: ids of the projects of ``self`` that meet it}, on the
        superuser's projects: each gate's ``_gate_<gate_type>(gate, facts)``
        is called once on the whole batch. ``facts`` is shared by the checks
        of the batch, so what several gates read (the contracts' instalments,
        the signed forms, the open rectifications...) is read once, in one
        query, for every project. A gate type without a check is never met."""
        facts = {}
        met = {}
        for gate in gates:
            check = getattr(self, f"_gate_{gate.gate_type}", None)
            met[gate.id] = set(check(gate, facts).ids) if check else set()
        return met

    @api.model
    def _renovation_gate_fact(self, facts, key, read):
        """``read()``, or its value in ``facts`` when a check of the same batch
        has read it already (``facts`` None: a single check, read it)."""
        if facts is None:
            return read()
        if key not in facts:
            facts[key] = read()
        return facts[key]

    def _renovation_contract_status(self):
        """{project id: {"confirmed": bool, "invoiced": {instalment types with
        an invoice}, "paid": {instalment types all paid}}} for ``self``, in one
        query (see ``renovation.payment.plan.line._contract_status``)."""
        contracts = self.contract_id
        by_contract = self.env["renovation.payment.plan.line"]._contract_status(contracts)
        empty = {"confirmed": False, "invoiced": set(), "paid": set()}
        return {project.id: by_contract.get(project.contract_id.id, empty) for project in self}

    def _renovation_signed_form_pairs(self):
        """{(project id, form type id)} of the forms signed on the projects of
        ``self``, in one grouped query."""
        origin_ids = {project._origin.id: project.id for project in self if project._origin.id}
        groups = self.env["renovation.form"]._read_group(
            [("project_id", "in", list(origin_ids)), ("state", "=", "signed")],
            ["project_id", "form_type_id"],
        )
        pairs = {(origin_ids[project.id], form_type.id) for project, form_type in groups}
        # a project being edited (onchange): its forms as they are in memory
        for project in self.filtered(lambda p: p._origin.id != p.id):
            pairs.update(
                (project.id, form.form_type_id.id)
                for form in project.form_ids
                if form.state == "signed"
            )
        return pairs

    def _check_renovation_gates(self, stage):
        renovation = self.filtered("is_renovation")
        failures = renovation._renovation_gate_failures_batch(lambda project: stage)
        for project in renovation:
            if failures[project.id]:
                raise UserError(
                    _(
                        "%(project)s cannot enter the stage “%(stage)s”. Missing:\n%(missing)s",
                        project=project.display_name,
                        stage=stage.name,
                        missing="\n".join(f"- {f}" for f in failures[project.id]),
                    )
                )

    # The gate checks: ``projects._gate_<gate_type>(gate, facts=None)`` returns
    # the projects of ``projects`` that meet the gate (called as superuser on a
    # whole batch; on one project, the result is true when it meets the gate).
    def _renovation_instalments(self, instalment_type):
        return self.contract_id.payment_plan_line_ids.filtered(
            lambda p: p.instalment_type == instalment_type
        )

    def _renovation_gate_contracts(self, facts):
        return self._renovation_gate_fact(facts, "contracts", self._renovation_contract_status)

    def _gate_contract_confirmed(self, gate, facts=None):
        status = self._renovation_gate_contracts(facts)
        return self.filtered(lambda p: status[p.id]["confirmed"])

    def _gate_first_payment_paid(self, gate, facts=None):
        status = self._renovation_gate_contracts(facts)
        return self.filtered(lambda p: "first" in status[p.id]["paid"])

    def _gate_midterm_settled(self, gate, facts=None):
        status = self._renovation_gate_contracts(facts)
        return self.filtered(
            lambda p: p.midterm_settlement_date and "midterm" in status[p.id]["invoiced"]
        )

    def _gate_completion_accepted(self, gate, facts=None):
        return self.filtered("completion_acceptance_date")

    def _gate_final_payment_paid(self, gate, facts=None):
        status = self._renovation_gate_contracts(facts)
        return self.filtered(lambda p: "final" in status[p.id]["paid"])

    def _gate_form_signed(self, gate, facts=None):
        signed = self._renovation_gate_fact(
            facts, "signed_forms", self._renovation_signed_form_pairs
        )
        form_type_id = gate.form_type_id.id
        return self.filtered(lambda p: (p.id, form_type_id) in signed)

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Odoo leaves a project without company unless it has an analytic
            # account; a renovation project's contract, forms and payments
            # belong to the company that builds it
            if vals.get("is_renovation") and not vals.get("company_id"):
                vals["company_id"] = self.env.company.id
        projects = super().create(vals_list)
        projects.filtered("is_renovation")._subscribe_renovation_team()
        return projects

    def write(self, vals):
        moved_back = self.browse()
        if vals.get("stage_id"):
            stage = self.env["project.project.stage"].browse(vals["stage_id"])
            moving = self.filtered(lambda p: p.stage_id != stage)
            moved_back = moving.filtered(lambda p: p.is_renovation and p._renovation_is_back(stage))
            moved_back._check_renovation_move_back()
            # whichever way a project moves, it enters a stage only through its gates
            moving._check_renovation_gates(stage)
        res = super().write(vals)
        if any(f in vals for f in (*ROLE_FIELDS, "studio_id")):
            self.filtered("is_renovation")._subscribe_renovation_team()
        for project in moved_back:
            project.message_post(
                body=_(
                    "Moved back to %(stage)s by %(user)s.",
                    stage=project.stage_id.name,
                    user=self.env.user.name,
                )
            )
        return res

    def _renovation_is_back(self, stage):
        """Whether entering ``stage`` moves the project backwards (Odoo's own
        stages, Cancelled included, come before the renovation stages)."""
        self.ensure_one()
        current = self.stage_id
        return bool(current) and (stage.sequence, stage.id) < (current.sequence, current.id)

    def _check_renovation_move_back(self):
        """Moving a live project back (or to Cancelled) is a manager's call;
        the PM does it with *Move Back*, giving the reason (logged). The
        action itself writes as superuser after checking."""
        if self.env.su or not self:
            return
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                _(
                    "Only a renovation manager moves %(projects)s back to an earlier stage or "
                    "cancels it. The project manager uses Move Back and gives the reason.",
                    projects=", ".join(self.mapped("display_name")),
                )
            )

    def action_renovation_move_back(self, stage, reason):
        """The PM (or a manager) moves the project back to ``stage``, with the
        reason logged in the chatter."""
        self.ensure_one()
        self._check_renovation_manager_role()
        stage = self.env["project.project.stage"].browse(getattr(stage, "id", stage)).exists()
        if not stage or not self._renovation_is_back(stage):
            raise UserError(_("Choose a stage before the current one."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for moving the project back."))
        # sudo: moving back is checked above (PM of this project or manager)
        # and its reason logged below
        self.sudo().write({"stage_id": stage.id})
        self.message_post(body=_("Reason: %s", reason.strip()))
        return True

    def _subscribe_renovation_team(self):
        # the team's record rules read the stored members in SQL: store them now
        self.flush_recordset(["renovation_member_ids"])
        # followers: Odoo's own project rule shows follower-only projects to them
        for project in self:
            project.message_subscribe(partner_ids=project._renovation_team().partner_id.ids)

    # ------------------------------------------------------------------
    # Payment triggers
    # ------------------------------------------------------------------
    def _check_renovation_manager_role(self):
        user = self.env.user
        for project in self:
            if user != project.user_id and not user.has_group(MANAGER_GROUP):
                raise UserError(
                    _(
                        "Only the project manager of %s or a renovation manager can do this.",
                        project.display_name,
                    )
                )

    def action_midterm_settlement(self, settlement_date=None):
        """中期预决算 by hand (the signed 中期交款通知书 does the same)."""
        self._check_renovation_manager_role()
        self._renovation_midterm_settlement(settlement_date or fields.Date.context_today(self))

    def action_completion_acceptance(self, acceptance_date=None):
        """竣工验收 by hand: records the acceptance and issues the final
        instalment, due 3 days later (the signed 竣工验收单 and 尾期交款通知书
        do the same in two steps)."""
        self._check_renovation_manager_role()
        acceptance_date = acceptance_date or fields.Date.context_today(self)
        self._renovation_record_completion(acceptance_date)
        self._renovation_issue_final_invoice(acceptance_date)

    def _check_no_draft_changes(self):
        for project in self:
            if project.change_order_ids.filtered(lambda c: c.state == "draft"):
                raise UserError(
                    _(
                        "Approve or cancel the draft change orders of %s first.",
                        project.display_name,
                    )
                )

    def _renovation_midterm_settlement(self, settlement_date):
        for project in self:
            if project.midterm_settlement_date:
                raise UserError(
                    _("The mid-term settlement of %s is already done.", project.display_name)
                )
            if project.contract_id.state != "sale":
                raise UserError(_("%s has no signed contract.", project.display_name))
            project._check_no_draft_changes()
            project._renovation_instalments("midterm")._issue_invoice(settlement_date)
            # sudo: the gate date follows the settlement just issued (callers check who)
            project.sudo().midterm_settlement_date = settlement_date

    def _renovation_record_completion(self, acceptance_date):
        for project in self:
            if project.completion_acceptance_date:
                raise UserError(
                    _("The completion of %s is already accepted.", project.display_name)
                )
            if not project.midterm_settlement_date:
                raise UserError(
                    _(
                        "%s needs its mid-term settlement before completion acceptance.",
                        project.display_name,
                    )
                )
            project._check_no_draft_changes()
            # sudo: the gate date follows the acceptance (callers check who)
            project.sudo().completion_acceptance_date = acceptance_date

    def _renovation_issue_final_invoice(self, invoice_date):
        """尾款: due a fixed number of days (3) after the acceptance signature."""
        for project in self:
            if not project.completion_acceptance_date:
                raise UserError(
                    _(
                        "The completion of %s must be accepted before the final payment notice.",
                        project.display_name,
                    )
                )
            project._check_no_draft_changes()
            final = project._renovation_instalments("final")
            invoice = final._issue_invoice(
                invoice_date,
                due_date=fields.Date.add(project.completion_acceptance_date, days=final.due_days),
            )
            project._renovation_send_final_payment_notice(invoice)

    def _renovation_send_final_payment_notice(self, invoice):
        """尾期交款通知书 (seed 002 step 24): a notice handed to the client — by
        e-mail, with the link to the final invoice on their portal — not a
        form to sign. The chatter records it."""
        self.ensure_one()
        template = self.env.ref("renovation_service.mail_template_final_payment_notice")
        # sudo: the notice is the company's e-mail to its client about the invoice
        # the plan just issued, whoever recorded the acceptance
        template.sudo()._renovation_send_to_client(invoice.sudo())

    def action_renovation_settlement_audit(self):
        """The statistician's audit of every form and step of the project."""
        self.ensure_one()
        audit = self.env["renovation.settlement.audit"]._for_project(self)
        return audit._get_form_action()

    def action_renovation_verify_integrity(self):
        """Re-check the evidence of every form of the project (manager)."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(_("Only a renovation manager verifies the integrity of forms."))
        forms = self.form_ids.filtered(lambda f: f.state != "draft" or f.event_ids)
        return forms.action_verify_integrity()

    def action_view_forms(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_service.action_renovation_form"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Weekly follow-up calls (电话回访)
    # ------------------------------------------------------------------
    @api.model
    def _cron_renovation_weekly_followup(self, batch_size=200):
        projects = self.search(
            [("is_renovation", "=", True), ("stage_id.renovation_is_construction", "=", True)],
            order="id",
        )
        call_model = self.env["renovation.followup.call"]
        week_start = call_model._week_start(fields.Date.context_today(self))
        self.env["ir.cron"]._renovation_process_in_batches(
            projects, lambda batch: call_model._create_for_week(batch, week_start), batch_size
        )

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------
    def action_view_change_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_service.action_renovation_change_order"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action

    def action_view_delay_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_service.action_renovation_delay_order"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action

    def get_formview_id(self, access_uid=None):
        """A renovation project opens in its own form (stages, gates, forms,
        schedule) wherever it is opened from, the contract's button or any link
        to it: Odoo's project form has none of it (a dead end for the team)."""
        if len(self) == 1 and self.is_renovation:
            return self.env.ref("renovation_service.view_project_renovation_form").id
        return super().get_formview_id(access_uid=access_uid)

    def action_view_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.contract_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Client portal ("My renovation")
    # ------------------------------------------------------------------
    def _renovation_timeline_stages(self):
        """The renovation stages in order: from the stage a signed contract
        puts a project in (the contract gate) to the end of the warranty. Odoo's
        generic stages before it (To Do, Cancelled...) are no renovation step."""
        self.ensure_one()
        return self.env["project.project.stage"].search(
            [("renovation_stage", "=", True), ("company_id", "in", (False, self.company_id.id))],
            order="sequence, id",
        )

    def _renovation_stage_timeline(self):
        """[{"stage", "state"}] for each renovation stage, ``state`` being
        done, current or upcoming relative to the project's stage."""
        self.ensure_one()
        current = self.stage_id
        timeline = []
        for stage in self._renovation_timeline_stages():
            if stage == current:
                state = "current"
            elif current and (stage.sequence, stage.id) < (current.sequence, current.id):
                state = "done"
            else:
                state = "upcoming"
            timeline.append({"stage": stage, "state": state})
        return timeline

    def _renovation_forms_to_sign_domain(self):
        """The forms of this project waiting for the client's signature."""
        self.ensure_one()
        return [
            ("project_id", "=", self.id),
            ("state", "=", "waiting"),
            ("signature_ids", "any", [("is_client", "=", True), ("is_signed", "=", False)]),
        ]

    def _renovation_client_invoices(self):
        """The posted customer invoices and credit notes of the contract
        (instalments and invoiced change orders)."""
        self.ensure_one()
        if not self.contract_id:
            return self.env["account.move"]
        return self.env["account.move"].search(
            [
                ("line_ids.sale_line_ids.order_id", "=", self.contract_id.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ]
        )

    # ------------------------------------------------------------------
    # Lists of the management reports
    # ------------------------------------------------------------------
    @api.depends(
        "date",
        "completion_acceptance_date",
        "renovation_node_ids.renovation_planned_end",
        "renovation_node_ids.renovation_date_done",
    )
    def _compute_renovation_days_late(self):
        # the planned end of the project or, when later, of its latest node
        # (a node behind its plan is late even if the project end is ahead)
        today = fields.Date.context_today(self)
        for project in self:
            end = project.completion_acceptance_date or today
            late = max((end - project.date).days, 0) if project.date else 0
            nodes = max(project.renovation_node_ids.mapped("renovation_days_late"), default=0)
            project.renovation_days_late = max(late, nodes)

    def _search_renovation_days_late(self, operator, value):
        """Same rule as the compute, in SQL: it depends on today, so it cannot
        be a stored column."""
        if operator not in ("=", "!=", "<", "<=", ">", ">=") or not isinstance(value, int):
            raise UserError(
                _("Unsupported search on days late: %(op)s %(value)s", op=operator, value=value)
            )
        self.flush_model(["date", "completion_acceptance_date"])
        self.env["project.task"].flush_model(
            ["project_id", "renovation_planned_end", "renovation_date_done"]
        )
        today = fields.Date.context_today(self)
        # GREATEST ignores NULL: no planned end counts as 0 days late
        return [
            (
                "id",
                "in",
                SQL(
                    "(SELECT p.id FROM project_project p WHERE GREATEST("
                    "COALESCE(p.completion_acceptance_date, %(today)s) - p.date, "
                    "(SELECT MAX(COALESCE(t.renovation_date_done, p.completion_acceptance_date, "
                    "%(today)s) - t.renovation_planned_end) FROM project_task t "
                    "WHERE t.project_id = p.id AND t.renovation_planned_end IS NOT NULL "
                    "AND t.active), 0) %(op)s %(value)s)",
                    today=today,
                    op=SQL(operator),
                    value=value,
                ),
            )
        ]

    # ------------------------------------------------------------------
    # Construction schedule (施工进度计划)
    # ------------------------------------------------------------------
    @api.depends(
        "renovation_node_ids.renovation_progress", "renovation_node_ids.renovation_duration_days"
    )
    def _compute_renovation_schedule_progress(self):
        for project in self:
            nodes = project.renovation_node_ids
            weight = sum(max(n.renovation_duration_days, 1) for n in nodes)
            done = sum(max(n.renovation_duration_days, 1) * n.renovation_progress for n in nodes)
            project.renovation_node_count = len(nodes)
            project.renovation_schedule_progress = done / weight if weight else 0.0

    @api.depends("renovation_midterm_due_date", "midterm_settlement_date")
    def _compute_renovation_midterm_due(self):
        for project in self:
            project.renovation_midterm_due = bool(
                project.renovation_midterm_due_date and not project.midterm_settlement_date
            )

    def _renovation_node(self, code):
        """The project's schedule node of ``code`` (e.g. "HW", "06"): other
        records (materials, deliveries, visits) refer to nodes by code."""
        self.ensure_one()
        return self.renovation_node_ids.filtered(lambda n: n.renovation_node_code == code)[:1]

    def _renovation_check_midterm(self):
        """Half of the works done (by the schedule): the mid-term check with
        the client is due — flagged once, with an activity for the PM."""
        today = fields.Date.context_today(self)
        for project in self.filtered(
            lambda p: p.is_renovation and not p.renovation_midterm_due_date
        ):
            if project.renovation_schedule_progress < MIDTERM_PROGRESS:
                continue
            # sudo: the flag follows from the progress the foreman just
            # reported (checked by the task's write); the PM gets the activity
            project.sudo().renovation_midterm_due_date = today
            if project.user_id:
                project.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=today,
                    user_id=project.user_id.id,
                    summary=_("Mid-term check with the client"),
                    note=_(
                        "Half of the works of %s are done: the mid-term check with the client "
                        "and the mid-term settlement (中期预决算) are due.",
                        project.display_name,
                    ),
                )

    def _renovation_calendar(self):
        self.ensure_one()
        return self.company_id.resource_calendar_id

    def _renovation_workdays(self, date_from, count):
        """The first ``count`` working days from ``date_from`` (included), by
        the company's working hours with its public holidays (the calendar's
        leaves without a resource)."""
        self.ensure_one()
        calendar = self._renovation_calendar()
        days = []
        start = date_from
        while len(days) < count:
            if (start - date_from).days > 366 + 2 * count:
                # working hours without a working day: planning would never end
                raise UserError(
                    _(
                        "The working hours of %s have no working day: set them in the "
                        "company's settings before planning a schedule.",
                        self.company_id.name,
                    )
                )
            # a window twice as long as needed (weekends, holidays), in one query
            stop = start + timedelta(days=max(2 * (count - len(days)), 14))
            if calendar:
                tz = pytz.timezone(calendar.tz or "UTC")
                intervals = calendar._work_intervals_batch(
                    tz.localize(datetime.combine(start, time.min)),
                    tz.localize(datetime.combine(stop, time.min)),
                )[False]
                found = sorted({begin.date() for begin, _end, _rec in intervals})
            else:
                # no working hours: Monday to Friday
                found = [
                    start + timedelta(days=i)
                    for i in range((stop - start).days)
                    if (start + timedelta(days=i)).weekday() < 5
                ]
            days.extend(d for d in found if start <= d < stop)
            start = stop
        return days[:count]

    def _renovation_shift_workdays(self, day, count):
        """The working day ``count`` working days after ``day``."""
        return self._renovation_workdays(day + timedelta(days=1), count)[-1]

    @api.model
    def _renovation_plan(self, nodes, workdays):
        """Dates of the nodes: {key: (start, end)}. ``nodes`` is a list of
        (key, duration, predecessor keys) in an order where predecessors come
        first; ``workdays`` the working days from the schedule's start.
        A node starts the working day after its last predecessor ends."""
        index = {}
        plan = {}
        for key, duration, predecessors in nodes:
            first = max((index[p] + 1 for p in predecessors if p in index), default=0)
            last = first + max(duration, 1) - 1
            index[key] = last
            plan[key] = (workdays[first], workdays[last])
        return plan

    @api.model
    def _renovation_topological(self, lines):
        """Template lines ordered so that predecessors come first (their
        sequence decides otherwise)."""
        ordered, placed = [], set()
        pending = list(lines.sorted(lambda line: (line.sequence, line.id)))
        while pending:
            ready = [line for line in pending if not (set(line.predecessor_ids.ids) - placed)]
            if not ready:  # a cycle: the template's constraint prevents it
                ready = pending[:1]
            for line in ready:
                ordered.append(line)
                placed.add(line.id)
                pending.remove(line)
        return ordered

    def _renovation_create_schedule(self, template=None):
        """Give the project its schedule: one task per node of ``template``
        (or of the template matching the project), planned in working days
        from the project's start, with Odoo's task dependencies."""
        self.ensure_one()
        template = template or self.env["renovation.schedule.template"]._renovation_template_for(
            self.company_id, self.house_type
        )
        if not template or self.renovation_node_ids:
            return self.env["project.task"]
        lines = self._renovation_topological(template.line_ids)
        total = sum(line.duration_days for line in lines)
        workdays = self._renovation_workdays(
            self.date_start or fields.Date.context_today(self), total
        )
        plan = self._renovation_plan(
            [(line.id, line.duration_days, line.predecessor_ids.ids) for line in lines], workdays
        )
        # sudo: the schedule follows from the contract just confirmed (the
        # caller confirmed it); node code and kind are guarded fields
        # (no creation message, tracking or follower per node: the nodes are
        # the project's, whose team follows the project)
        Task = (
            self.env["project.task"]
            .sudo()
            .with_context(
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                tracking_disable=True,
            )
        )
        tasks = Task.create(
            [
                {
                    "name": line.name,
                    "project_id": self.id,
                    # not assigned to whoever signed the contract (Odoo's default)
                    "user_ids": False,
                    "sequence": line.sequence,
                    "renovation_node_code": line.code,
                    "renovation_template_line_id": line.id,
                    "renovation_node_kind": line.node_kind,
                    "renovation_duration_days": line.duration_days,
                    "renovation_planned_start": plan[line.id][0],
                    "renovation_planned_end": plan[line.id][1],
                    "date_deadline": plan[line.id][1],
                    "renovation_form_type_ids": [Command.set(line.form_type_ids.ids)],
                    "renovation_inspections_due": line.inspections_due,
                    "renovation_designer_visit_due": line.designer_visit_due,
                    "renovation_notify_client": line.notify_client,
                }
                for line in lines
            ]
        )
        by_line = {task.renovation_template_line_id.id: task for task in tasks}
        values = {
            "allow_task_dependencies": True,
            "renovation_schedule_template_id": template.id,
            # one write of the project sets every node's predecessors
            "task_ids": [
                Command.update(
                    by_line[line.id].id,
                    {
                        "depend_on_ids": [
                            Command.set([by_line[p].id for p in line.predecessor_ids.ids])
                        ]
                    },
                )
                for line in lines
                if line.predecessor_ids
            ],
        }
        if not self.date:
            values["date"] = max(end for _start, end in plan.values())
        # sudo: see above (dependencies, template and planned end of the new schedule)
        self.sudo().with_context(mail_notrack=True).write(values)
        return tasks

    def _renovation_shift_nodes(self, node, days):
        """Move ``node`` and every node after it (its dependent nodes,
        transitively) by ``days`` working days; the nodes before stay."""
        self.ensure_one()
        nodes = node
        frontier = node
        while frontier:
            frontier = (
                frontier.dependent_ids.filtered(
                    lambda t: t.project_id == self and t.renovation_node_code
                )
                - nodes
            )
            nodes |= frontier
        for task in nodes.filtered("renovation_planned_start"):
            # sudo: an approved delay order (its caller checked it) moves the plan
            task.sudo().write(
                {
                    "renovation_planned_start": self._renovation_shift_workdays(
                        task.renovation_planned_start, days
                    ),
                    "renovation_planned_end": self._renovation_shift_workdays(
                        task.renovation_planned_end or task.renovation_planned_start, days
                    ),
                }
            )
        return nodes

    def action_view_renovation_schedule(self):
        """施工计划: the project's schedule nodes."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_service.action_renovation_schedule"
        )
        action["domain"] = [("project_id", "=", self.id), ("renovation_node_code", "!=", False)]
        action["context"] = {"default_project_id": self.id, "search_default_group_project": 0}
        action["display_name"] = _("Schedule of %s", self.display_name)
        return action

    # ------------------------------------------------------------------
    # Completion hand-over (竣工交接)
    # ------------------------------------------------------------------
    def action_view_renovation_handover(self):
        """The project's hand-over, prepared now if the final payment is in."""
        self.ensure_one()
        Handover = self.env["renovation.handover"]
        handover = self.renovation_handover_ids[:1] or Handover._renovation_prepare_for(self)
        if not handover:
            raise UserError(
                _("%s is handed over once its final payment is paid.", self.display_name)
            )
        return handover._get_form_action()

    # ------------------------------------------------------------------
    # Site records: the materials plan and deliveries, outsourced items
    # (seed 002 steps 11–12), designer visits (step 16) and the weekly
    # progress reports to the client
    # ------------------------------------------------------------------
    renovation_material_line_ids = fields.One2many(
        "renovation.material.line", "project_id", string="Materials Plan"
    )
    renovation_material_delivery_ids = fields.One2many(
        "renovation.material.delivery", "project_id", string="Material Deliveries"
    )
    renovation_outsourced_item_ids = fields.One2many(
        "renovation.outsourced.item", "project_id", string="Outsourced Items"
    )
    renovation_designer_visit_ids = fields.One2many(
        "renovation.designer.visit", "project_id", string="Designer Visits"
    )
    renovation_weekly_progress_ids = fields.One2many(
        "renovation.weekly.progress", "project_id", string="Weekly Progress Reports"
    )
    renovation_designer_visit_count = fields.Integer(compute="_compute_renovation_site_counts")
    renovation_weekly_count = fields.Integer(compute="_compute_renovation_site_counts")
    renovation_material_count = fields.Integer(compute="_compute_renovation_site_counts")
    renovation_delivery_count = fields.Integer(compute="_compute_renovation_site_counts")
    renovation_outsourced_count = fields.Integer(compute="_compute_renovation_site_counts")

    @api.depends(
        "renovation_material_line_ids",
        "renovation_material_delivery_ids",
        "renovation_outsourced_item_ids",
        "renovation_designer_visit_ids",
        "renovation_weekly_progress_ids",
    )
    def _compute_renovation_site_counts(self):
        for project in self:
            project.renovation_material_count = len(project.renovation_material_line_ids)
            project.renovation_delivery_count = len(project.renovation_material_delivery_ids)
            project.renovation_outsourced_count = len(project.renovation_outsourced_item_ids)
            project.renovation_designer_visit_count = len(project.renovation_designer_visit_ids)
            project.renovation_weekly_count = len(project.renovation_weekly_progress_ids)

    def _renovation_site_action(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action

    def action_view_renovation_materials(self):
        return self._renovation_site_action("renovation_service.action_renovation_material_line")

    def action_view_renovation_deliveries(self):
        return self._renovation_site_action(
            "renovation_service.action_renovation_material_delivery"
        )

    def action_view_renovation_outsourced(self):
        return self._renovation_site_action("renovation_service.action_renovation_outsourced_item")

    def action_view_renovation_designer_visits(self):
        return self._renovation_site_action("renovation_service.action_renovation_designer_visit")

    def action_view_renovation_weekly_progress(self):
        return self._renovation_site_action("renovation_service.action_renovation_weekly_progress")

    # ------------------------------------------------------------------
    # sale_project
    # ------------------------------------------------------------------
    def _get_projects_to_make_billable_domain(self):
        # a renovation project is invoiced by its contract's payment plan (and
        # approved change orders), never made billable by sale_project's hook
        return expression.AND(
            [super()._get_projects_to_make_billable_domain(), [("is_renovation", "=", False)]]
        )
