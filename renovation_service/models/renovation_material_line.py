from datetime import timedelta

from odoo import api, fields, models

SUPPLY_SIDES = [("client", "Client-supplied (甲供)"), ("company", "Company-supplied (乙供)")]
# what the plan's deliveries and their signed inspection forms decide, never a direct write
GUARDED_FIELDS = ("state", "delivered_qty", "accepted_qty", "delay_order_id")


class RenovationMaterialLine(models.Model):
    """One item of the contract's materials annexes (甲供材料表 / 乙供材料表,
    seed 002 step 07 and 12): what is needed, who supplies it, by which
    schedule node and date. Deliveries record what arrived; an item counts as
    accepted only once the 进场材料检验单 of its delivery is fully signed
    (foreman, inspector and client), so its state is computed from them."""

    _name = "renovation.material.line"
    _description = "Planned Material"
    _inherit = ["mail.thread", "renovation.project.record.mixin", "renovation.guarded.mixin"]
    _order = "project_id, needed_date, sequence, id"
    _renovation_guarded_fields = GUARDED_FIELDS

    sequence = fields.Integer(default=10)
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Contract",
        compute="_compute_sale_order_id",
        store=True,
        readonly=False,
        index=True,
        help="The contract whose materials annex lists the item.",
    )
    name = fields.Char(string="Material", required=True, tracking=True)
    brand_model = fields.Char(string="Brand / Model")
    specification = fields.Char()
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit of Measure")
    uom_id = fields.Many2one("uom.uom", string="Unit")
    supply_side = fields.Selection(
        SUPPLY_SIDES, string="Supplied by", required=True, default="company", tracking=True
    )
    node_task_id = fields.Many2one(
        "project.task",
        string="Needed for Node",
        domain="[('project_id', '=', project_id)]",
        index="btree_not_null",
        help="The schedule node that needs the material on site.",
    )
    needed_date = fields.Date(
        string="Needed by",
        compute="_compute_needed_date",
        store=True,
        readonly=False,
        tracking=True,
        help="The date the material must be on site: the node's start by default.",
    )
    delivery_line_ids = fields.One2many(
        "renovation.material.delivery.line", "material_line_id", string="Deliveries"
    )
    delivered_qty = fields.Float(
        string="Delivered",
        compute="_compute_quantities",
        store=True,
        digits="Product Unit of Measure",
    )
    accepted_qty = fields.Float(
        string="Accepted",
        compute="_compute_quantities",
        store=True,
        digits="Product Unit of Measure",
    )
    state = fields.Selection(
        [("planned", "Planned"), ("delivered", "Delivered"), ("accepted", "Accepted")],
        compute="_compute_quantities",
        store=True,
        index=True,
        tracking=True,
    )
    delay_order_id = fields.Many2one(
        "renovation.delay.order",
        string="Proposed Delay Order",
        readonly=True,
        copy=False,
        help="The delay order proposed because this client-supplied material was late.",
    )
    note = fields.Char()

    @api.depends("project_id")
    def _compute_sale_order_id(self):
        for line in self:
            line.sale_order_id = line.sale_order_id or line.project_id.contract_id

    @api.depends("node_task_id.date_deadline")
    def _compute_needed_date(self):
        # the node's date, and it follows the node when the schedule moves;
        # without a node the date is the one entered
        for line in self:
            day = line.node_task_id._renovation_node_day()
            if day:
                line.needed_date = day

    @api.depends(
        "quantity",
        "delivery_line_ids.quantity",
        "delivery_line_ids.result",
        "delivery_line_ids.delivery_id.state",
    )
    def _compute_quantities(self):
        for line in self:
            arrived = line.delivery_line_ids.filtered(
                lambda d: d.delivery_id.state in ("confirmed", "accepted") and d.result != "fail"
            )
            accepted = arrived.filtered(lambda d: d.delivery_id.state == "accepted")
            line.delivered_qty = sum(arrived.mapped("quantity"))
            line.accepted_qty = sum(accepted.mapped("quantity"))
            if line.quantity and line.accepted_qty >= line.quantity:
                line.state = "accepted"
            elif line.quantity and line.delivered_qty >= line.quantity:
                line.state = "delivered"
            else:
                line.state = "planned"

    # ------------------------------------------------------------------
    # late client-supplied materials → 工程延期单 proposals
    # ------------------------------------------------------------------
    @api.model
    def _cron_renovation_late_client_materials(self, batch_size=200):
        """Daily: a client-supplied item not delivered by its date holds its
        node up, which is the client's responsibility: the project manager
        gets a draft delay order to discuss with the client. One proposal per
        item, ever, whichever worker gets there first."""
        lines = self.search(self._late_client_domain(), order="id")
        self.env["ir.cron"]._renovation_process_in_batches(
            lines, lambda batch: batch._renovation_propose_delays(), batch_size
        )

    @api.model
    def _late_client_domain(self):
        return [
            ("supply_side", "=", "client"),
            ("state", "=", "planned"),
            ("needed_date", "<", fields.Date.context_today(self)),
            ("delay_order_id", "=", False),
            ("project_id.is_renovation", "=", True),
        ]

    def _renovation_propose_delays(self):
        today = fields.Date.context_today(self)
        # a constant key: one proposal per item, not per day
        lines = self.env["renovation.cron.claim"]._claim("material_delay", self, "proposal")
        orders = self.env["renovation.delay.order"]
        for line in lines.filtered_domain(self._late_client_domain()):
            lang = line.project_id.partner_id.lang or self.env.lang
            env = line.with_context(lang=lang).env
            node = line.node_task_id.name if line.node_task_id else env._("the works")
            # sudo: the cron proposes a draft for the PM; nothing is approved or sent here
            order = orders.sudo().create(
                {
                    "project_id": line.project_id.id,
                    "responsibility": "client",
                    "days": max((today - line.needed_date).days, 1),
                    "reason": env._(
                        "Client-supplied material %(material)s was needed on site by %(date)s "
                        "for %(node)s and has not been delivered.",
                        material=line.name,
                        date=line.needed_date,
                        node=node,
                    ),
                }
            )
            # sudo: the proposal is recorded by the cron, as the guard requires
            line.sudo().delay_order_id = order
            user = line.project_id.user_id
            if user:
                # for the PM, in the company's language (not the scheduler user's)
                staff_env = line.project_id.company_id._renovation_company_env()
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    date_deadline=today + timedelta(days=1),
                    summary=staff_env._(
                        "Late client-supplied material: discuss the delay with the client"
                    ),
                )
        return lines
