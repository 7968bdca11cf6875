from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .crm_lead import HOUSE_TYPES

CONTRACT_ANNEXES = [
    ("annex_contract_notes", "Contract notes"),
    ("annex_agreed_terms", "Agreed terms"),
    ("annex_client_materials", "Client-supplied materials list"),
    ("annex_company_materials", "Company-supplied materials list"),
    ("annex_quotation", "Quotation"),
    ("annex_drawings", "Drawings"),
    ("annex_client_notice", "Client notice"),
    ("annex_service_sheet", "Service sheet"),
]


# what only the contract's actions change (see renovation.guarded.mixin)
GUARDED_FIELDS = (
    "contract_number",
    "contract_date",
    "contract_amount",
    "contract_total",
    "renovation_project_id",
)
# what a signed contract keeps: its studio (hence its numbering and payment
# plan), its client and company
FROZEN_WHEN_SIGNED = {"studio_id", "partner_id", "company_id"}


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "renovation.guarded.mixin"]
    _renovation_guarded_fields = GUARDED_FIELDS

    studio_id = fields.Many2one(
        "renovation.studio",
        tracking=True,
        check_company=True,
        help="Set on renovation contracts: the studio letter starts the contract number.",
    )
    is_renovation_contract = fields.Boolean(compute="_compute_is_renovation_contract", store=True)
    designer_id = fields.Many2one("res.users", tracking=True)
    site_address = fields.Char()
    house_type = fields.Selection(HOUSE_TYPES)
    house_area = fields.Float(string="Floor Area (m²)")
    contract_number = fields.Char(readonly=True, copy=False, index=True, tracking=True)
    contract_date = fields.Date(readonly=True, copy=False)
    contract_amount = fields.Monetary(
        string="Signed Contract Amount (untaxed)",
        readonly=True,
        copy=False,
        help="Untaxed total at signing.",
    )
    contract_total = fields.Monetary(
        string="Contract Total as Signed",
        readonly=True,
        copy=False,
        help="合同总价: the total at signing, taxes included. Scope reductions may not "
        "exceed 10 % of it (seed 002 step 16).",
    )
    ack_client_costs = fields.Boolean(
        string="Client bears utilities, property fees and deposits",
        help="The client acknowledged that utilities, property management fees and "
        "deposits during the works are theirs.",
    )
    ack_no_structural_change = fields.Boolean(
        string="No change to heating/gas lines or insulated walls",
        help="The client acknowledged that heating and gas lines and insulated walls "
        "may not be altered.",
    )
    annex_contract_notes = fields.Boolean(string="Contract notes")
    annex_agreed_terms = fields.Boolean(string="Agreed terms")
    annex_client_materials = fields.Boolean(string="Client-supplied materials list")
    annex_company_materials = fields.Boolean(string="Company-supplied materials list")
    annex_quotation = fields.Boolean(string="Quotation")
    annex_drawings = fields.Boolean(string="Drawings")
    annex_client_notice = fields.Boolean(string="Client notice")
    annex_service_sheet = fields.Boolean(string="Service sheet")
    payment_plan_line_ids = fields.One2many(
        "renovation.payment.plan.line", "order_id", string="Payment Plan", copy=True
    )
    renovation_project_id = fields.Many2one("project.project", readonly=True, copy=False)
    renovation_schedule_template_id = fields.Many2one(
        "renovation.schedule.template",
        string="Schedule Template",
        domain="[('company_id', 'in', [company_id, False])]",
        help="The construction schedule the project gets at signing (the package's). "
        "Empty: the template of the company for the house type.",
    )

    _sql_constraints = [
        # each company numbers its own studios' contracts: two companies may
        # both have a studio "A" and sign A26120101 on the same day
        (
            "contract_number_company_uniq",
            "unique(contract_number, company_id)",
            "Contract numbers must be unique in a company.",
        ),
    ]

    def _renovation_frozen_fields(self):
        frozen = super()._renovation_frozen_fields()
        if self.filtered(lambda o: o.is_renovation_contract and o.contract_number):
            frozen |= FROZEN_WHEN_SIGNED
        return frozen

    def _renovation_check_invoicing(self):
        """Invoices of a renovation contract come from its payment plan only
        (the plan's actions invoice as superuser): Sales' own invoicing
        buttons would bill the contract outside the plan."""
        if self.env.su:
            return
        contracts = self.filtered("is_renovation_contract")
        if contracts:
            raise UserError(
                _(
                    "%s is a renovation contract: it is invoiced by its payment plan "
                    "(first payment at signing, mid-term payment at the mid-term settlement, "
                    "final payment at completion acceptance), not with Create Invoice.",
                    ", ".join(contracts.mapped(lambda o: o.contract_number or o.name)),
                )
            )

    def _create_invoices(self, grouped=False, final=False, date=None):
        self._renovation_check_invoicing()
        return super()._create_invoices(grouped=grouped, final=final, date=date)

    @api.depends("studio_id")
    def _compute_is_renovation_contract(self):
        for order in self:
            order.is_renovation_contract = bool(order.studio_id)

    @api.onchange("studio_id")
    def _onchange_studio_id_payment_plan(self):
        if self.studio_id and not self.payment_plan_line_ids:
            self.payment_plan_line_ids = self._default_payment_plan_commands()

    def _default_payment_plan_commands(self):
        company = self.company_id or self.env.company
        return [
            (
                0,
                0,
                {
                    "sequence": 10,
                    "instalment_type": "first",
                    "percent": company.renovation_first_payment_percent,
                    "due_days": 0,
                },
            ),
            (
                0,
                0,
                {
                    "sequence": 20,
                    "instalment_type": "midterm",
                    "percent": company.renovation_midterm_payment_percent,
                    "due_days": company.renovation_midterm_due_days,
                },
            ),
            (
                0,
                0,
                {
                    "sequence": 30,
                    "instalment_type": "final",
                    "due_days": company.renovation_final_due_days,
                },
            ),
        ]

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        for order in orders.filtered(lambda o: o.studio_id and not o.payment_plan_line_ids):
            order.payment_plan_line_ids = order._default_payment_plan_commands()
        return orders

    # ------------------------------------------------------------------
    # Confirmation = contract signature
    # ------------------------------------------------------------------
    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error or not self.is_renovation_contract:
            return error
        return self._renovation_contract_error_message()

    def _renovation_contract_error_message(self):
        self.ensure_one()
        missing = []
        if not self.ack_client_costs:
            missing.append(self._fields["ack_client_costs"].get_description(self.env)["string"])
        if not self.ack_no_structural_change:
            missing.append(
                self._fields["ack_no_structural_change"].get_description(self.env)["string"]
            )
        for field_name, _label in CONTRACT_ANNEXES:
            if not self[field_name]:
                missing.append(
                    _("Annex: %s", self._fields[field_name].get_description(self.env)["string"])
                )
        if missing:
            return _(
                "The contract %(order)s cannot be signed yet. Missing:\n%(missing)s",
                order=self.name,
                missing="\n".join(f"- {m}" for m in missing),
            )
        plan = self.payment_plan_line_ids
        for instalment_type in ("first", "midterm", "final"):
            if len(plan.filtered(lambda p, t=instalment_type: p.instalment_type == t)) != 1:
                return _(
                    "The payment plan of %s needs exactly one first, one mid-term and "
                    "one final instalment.",
                    self.name,
                )
        if self.amount_total <= 0:
            return _("A renovation contract needs a positive total.")
        return False

    def _action_confirm(self):
        res = super()._action_confirm()
        for order in self.filtered("is_renovation_contract"):
            order._renovation_sign_contract()
        return res

    def _renovation_sign_contract(self):
        self.ensure_one()
        sign_date = fields.Date.context_today(self)
        # sudo: number, date and signed amount follow from the confirmation
        # Odoo has just checked (the user may confirm this order)
        self.sudo().write(
            {
                "contract_number": self.studio_id._next_contract_number(sign_date),
                "contract_date": sign_date,
                "contract_amount": self.amount_untaxed,
                "contract_total": self.amount_total,
            }
        )
        project = self.renovation_project_id or self._renovation_create_project()
        self.sudo().renovation_project_id = project
        # the project's construction schedule (施工进度计划), from the template
        project._renovation_create_schedule(self.renovation_schedule_template_id)
        self.message_post(
            body=_("Contract %s signed; renovation project created.", self.contract_number)
        )
        self.payment_plan_line_ids.filtered(lambda p: p.instalment_type == "first")._issue_invoice(
            sign_date
        )

    def _renovation_project_values(self):
        self.ensure_one()
        lead = self.opportunity_id
        stage = self.env["project.project.stage"].search(
            [("renovation_gate_ids.gate_type", "=", "contract_confirmed")], limit=1
        )
        return {
            "name": f"{self.contract_number} {self.partner_id.name}",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "is_renovation": True,
            "privacy_visibility": "followers",
            "contract_id": self.id,
            "studio_id": self.studio_id.id,
            "site_address": self.site_address or lead.site_address,
            "house_type": self.house_type or lead.house_type,
            "house_area": self.house_area or lead.house_area,
            "advisor_id": (lead.user_id or self.user_id).id,
            "designer_id": (self.designer_id or lead.designer_id).id,
            "statistician_id": self.company_id.renovation_statistician_id.id,
            "stage_id": stage.id,
            "date_start": self.contract_date,
            "allow_billable": True,
        }

    def _renovation_create_project(self):
        # sudo: a client advisor signing the contract may not have project
        # creation rights; the project is created from the contract's own data.
        # (the contract links it as renovation_project_id; Odoo's own project_id
        # of the order would only recompute the analytic distribution of every
        # contract line, for a project that has no analytic account)
        project = self.env["project.project"].sudo().create(self._renovation_project_values())
        return project.sudo(False)

    def action_view_renovation_project(self):
        self.ensure_one()
        return self.renovation_project_id.get_formview_action()
