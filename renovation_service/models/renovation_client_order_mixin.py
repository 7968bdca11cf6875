from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RenovationClientOrderMixin(models.AbstractModel):
    """An order on a running project that applies only once the client has
    signed it (工程变更单, 工程延期单, SPEC step 11): draft → sent for signature
    (one form of ``_client_order_form_type``) → approved when the form is fully
    signed, or by a renovation manager for an order signed on paper.

    A model using it names its form type and sequence, gives the form's values
    (``_client_order_form_values``) and applies itself (``_client_order_apply``);
    it may add checks before sending (``_client_order_check_send``) and before
    approving (``_client_order_check_approve``)."""

    _name = "renovation.client.order.mixin"
    _description = "Order Signed by the Client"
    _inherit = [
        "renovation.form.source.mixin",
        "renovation.project.record.mixin",
        "renovation.guarded.mixin",
    ]
    _order = "date desc, id desc"
    _renovation_guarded_fields = (
        "name",
        "state",
        "approved_by_id",
        "approved_on",
        "approved_on_paper",
        "paper_attachment_id",
    )

    _client_order_form_type = None  # code of the renovation.form.type to sign
    _client_order_sequence = None  # ir.sequence code numbering the orders
    # what the client signs: frozen once the order went out for signature
    _client_order_signed_fields = ("project_id", "reason")

    name = fields.Char(default=lambda self: _("New"), readonly=True, copy=False)
    date = fields.Date(default=fields.Date.context_today, required=True)
    reason = fields.Text(required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_on = fields.Datetime(readonly=True, copy=False)
    approved_on_paper = fields.Boolean(
        readonly=True,
        copy=False,
        help="Approved by a manager on the strength of the paper form signed by the "
        "client, whose scan is attached.",
    )
    paper_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Scanned Paper Form",
        readonly=True,
        copy=False,
        help="The scan of the paper form the client signed, for an order approved on paper.",
    )
    form_state = fields.Selection(
        [("none", "Not sent"), ("waiting", "Waiting signatures"), ("signed", "Signed")],
        string="Client Signature",
        compute="_compute_form_state",
    )

    @api.depends("form_ids.state")
    def _compute_form_state(self):
        for order in self:
            states = set(order.form_ids.mapped("state"))
            order.form_state = (
                "signed" if "signed" in states else "waiting" if "waiting" in states else "none"
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("name", None)
        orders = super().create(vals_list)
        for order in orders:
            # sudo: the order number comes from its sequence, once
            order.sudo().name = self.env["ir.sequence"].next_by_code(self._client_order_sequence)
        return orders

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        for order in self:
            if order.state == "approved":
                raise UserError(
                    _("%(order)s is approved: it cannot be deleted.", order=order.display_name)
                )
            if order.form_state != "none":
                raise UserError(
                    _(
                        "%(order)s has been sent to the client for signature: cancel it instead.",
                        order=order.display_name,
                    )
                )

    def _client_order_is_frozen(self):
        self.ensure_one()
        return self.state != "draft" or self.form_state != "none"

    def _renovation_frozen_fields(self):
        frozen = super()._renovation_frozen_fields()
        if any(order._client_order_is_frozen() for order in self):
            frozen |= set(self._client_order_signed_fields)
        return frozen

    def _renovation_guard_error(self, field_names):
        if set(field_names) & set(self._client_order_signed_fields):
            return UserError(
                _(
                    "%(order)s has been sent for signature or approved: "
                    "it can no longer be edited.",
                    order=", ".join(self.mapped("display_name")),
                )
            )
        return super()._renovation_guard_error(field_names)

    def _check_client_order_editable(self):
        """For the order's child records (lines): the client signs what they read."""
        for order in self:
            if order._client_order_is_frozen():
                raise UserError(
                    _(
                        "%(order)s has been sent for signature or approved: "
                        "it can no longer be edited.",
                        order=order.display_name,
                    )
                )

    def action_request_signature(self):
        """Send the order to the client (and the PM) for signature."""
        forms = self.env["renovation.form"]
        for order in self:
            if order.state != "draft" or order.form_state != "none":
                raise UserError(
                    _("%(order)s is not a draft waiting to be sent.", order=order.display_name)
                )
            order._client_order_check_send()
            form = forms._create_from_source(
                order, self._client_order_form_type, values=order._client_order_form_values()
            )
            form.action_request_signatures()
            forms |= form
        return forms

    def action_approve(self):
        """Approve an order the client has signed; a renovation manager may
        approve one signed on paper, with the scan of the paper form attached
        to the order (its chatter or attachments): the approver, the time and
        the scan are recorded."""
        self.project_id._check_renovation_manager_role()
        is_manager = self.env.user.has_group("renovation_service.group_renovation_manager")
        on_paper = self.browse()
        for order in self:
            if order.form_state == "signed":
                continue
            if not is_manager:
                raise UserError(
                    _("The client must sign %(order)s first.", order=order.display_name)
                )
            if not order._paper_scan():
                raise UserError(
                    _(
                        "Attach the scan of the paper %(order)s signed by the client before "
                        "approving it on paper.",
                        order=order.display_name,
                    )
                )
            on_paper |= order
        for order in on_paper:
            # sudo: the manager and the scan were checked above
            order.sudo().write(
                {"approved_on_paper": True, "paper_attachment_id": order._paper_scan().id}
            )
        self._approve()
        for order in on_paper:
            order.message_post(
                body=_(
                    "Approved on paper by %(user)s; scan of the signed paper form: %(scan)s",
                    user=self.env.user.name,
                    scan=order.paper_attachment_id.name,
                )
            )

    def _paper_scan(self):
        """The latest scan (PDF or image) attached to the order."""
        self.ensure_one()
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                "|",
                ("mimetype", "=like", "image/%"),
                ("mimetype", "=", "application/pdf"),
            ],
            order="id desc",
            limit=1,
        )

    def _renovation_form_signed(self, form):
        if form.form_type_id.code != self._client_order_form_type:
            return  # only the order's own form approves it
        self.filtered(lambda o: o.state == "draft")._approve()

    def _approve(self):
        for order in self:
            if order.state != "draft":
                raise UserError(
                    _("%(order)s is not a draft: it cannot be approved.", order=order.display_name)
                )
            order._client_order_check_approve()
            # sudo: approval is checked by the callers (client's signature, or a
            # manager for an order signed on paper)
            order.sudo().write(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "approved_on": fields.Datetime.now(),
                }
            )
            order._client_order_apply()

    def action_cancel(self):
        for order in self:
            if order.state == "approved":
                raise UserError(
                    _(
                        "%(order)s is approved: it cannot be cancelled, issue a new one.",
                        order=order.display_name,
                    )
                )
        self.check_access("write")
        # the client's form of a cancelled order can no longer approve it
        self.form_ids.filtered(lambda f: f.state in ("draft", "waiting")).action_cancel()
        # sudo: state is guarded; whoever edits the order may cancel it (checked above)
        self.sudo().state = "cancelled"

    # hooks of the models using the mixin
    def _client_order_check_send(self):
        """Raise a UserError/ValidationError if the order cannot go out for signature."""

    def _client_order_check_approve(self):
        """Raise a UserError if the order cannot be approved."""

    def _client_order_form_values(self):
        """Values of the form the client signs (``content``, ``line_ids``)."""
        raise NotImplementedError()

    def _client_order_apply(self):
        """Apply the approved order to the project and its contract."""
        raise NotImplementedError()
