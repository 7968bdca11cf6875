from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from .renovation_material_line import SUPPLY_SIDES

MANAGER_GROUP = "renovation_service.group_renovation_manager"


class RenovationMaterialDelivery(models.Model):
    """A delivery of materials to the site (seed 002 step 12: every delivery
    is inspected and accepted by the client before use). Confirming it
    produces its 进场材料检验单 prefilled with the delivered lines, for the
    foreman, the inspector and the client to sign; the materials count as
    accepted once that form is fully signed."""

    _name = "renovation.material.delivery"
    _description = "Material Delivery"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "renovation.form.source.mixin",
        "renovation.project.record.mixin",
        "renovation.guarded.mixin",
    ]
    _order = "date desc, id desc"
    _renovation_guarded_fields = ("name", "state", "form_id")

    name = fields.Char(readonly=True, copy=False, default=lambda self: _("New"))
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    supply_side = fields.Selection(
        SUPPLY_SIDES, string="Supplied by", required=True, default="company", tracking=True
    )
    line_ids = fields.One2many(
        "renovation.material.delivery.line", "delivery_id", string="Materials", copy=True
    )
    note = fields.Text(string="Notes")
    photo_ids = fields.Many2many(
        "ir.attachment",
        "renovation_material_delivery_photo_rel",
        "delivery_id",
        "attachment_id",
        string="Photos",
    )
    # from the inspection sheet: accepted while it is signed, so a sheet a
    # manager reopens takes the acceptance back; a cancelled sheet frees the lines
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("confirmed", "Waiting Inspection Signatures"),
            ("accepted", "Accepted"),
        ],
        compute="_compute_state",
        store=True,
        tracking=True,
        index=True,
    )
    form_id = fields.Many2one(
        "renovation.form", string="Inspection Sheet", readonly=True, copy=False
    )
    form_state = fields.Selection(related="form_id.state", string="Inspection Status")
    accepted_on = fields.Datetime(related="form_id.signed_on", string="Accepted On")

    @api.depends("form_id.state")
    def _compute_state(self):
        for delivery in self:
            form_state = delivery.form_id.state
            if not form_state or form_state == "cancelled":
                delivery.state = "draft"
            elif form_state == "signed":
                delivery.state = "accepted"
            else:
                delivery.state = "confirmed"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("name", None)
        deliveries = super().create(vals_list)
        for delivery in deliveries:
            # sudo: the number comes from the sequence, once
            delivery.sudo().name = self.env["ir.sequence"].next_by_code(
                "renovation.material.delivery"
            )
        return deliveries

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if self.filtered(lambda d: d.state != "draft"):
            raise UserError(
                _("A confirmed delivery cannot be deleted: it has its inspection sheet.")
            )

    def _check_lines_editable(self):
        """The signers inspect what the lines say: fixed once confirmed."""
        if self.filtered(lambda d: d.state != "draft"):
            raise UserError(_("The delivered materials are fixed once the delivery is confirmed."))

    def _check_delivery_user(self):
        user = self.env.user
        for delivery in self:
            project = delivery.project_id
            team = project.foreman_id | project.user_id | project.inspector_id
            if user not in team and not user.has_group(MANAGER_GROUP):
                raise UserError(
                    _(
                        "Only the foreman, the project manager or the inspector of %s, or a "
                        "renovation manager, confirms a delivery.",
                        project.display_name,
                    )
                )

    def action_confirm(self):
        """The materials are on site: their inspection sheet goes out for
        signature (foreman, inspector, client)."""
        self._check_delivery_user()
        for delivery in self:
            if delivery.state != "draft":
                raise UserError(_("%s is already confirmed.", delivery.name))
            if not delivery.line_ids:
                raise UserError(_("List the materials that arrived."))
            if delivery.line_ids.filtered(lambda line: line.quantity <= 0):
                raise UserError(_("Each delivered material needs the quantity that arrived."))
            if delivery.line_ids.material_line_id.project_id != delivery.project_id:
                raise UserError(_("The delivered materials must come from this project's plan."))
            form = self.env["renovation.form"]._create_from_source(
                delivery, "material_inspection", delivery.project_id, delivery._form_values()
            )
            form.action_request_signatures()
            # sudo: the sheet (and so the state) changes only here, after the checks above
            delivery.sudo().form_id = form
        return True

    def _form_values(self):
        """The sheet's table: one row per delivered material."""
        self.ensure_one()
        lines = [
            Command.create(
                {
                    "sequence": index,
                    "name": line.material_line_id.name,
                    "brand_model": line.material_line_id.brand_model,
                    "specification": line.material_line_id.specification,
                    "quantity": line.quantity,
                    "uom": line.material_line_id.uom_id.name,
                    "supplied_by": self.supply_side,
                    "certificate": line.certificate,
                    "result": line.result,
                    "note": line.note,
                }
            )
            for index, line in enumerate(self.line_ids, start=1)
        ]
        return {"line_ids": lines, "photo_ids": [Command.set(self.photo_ids.ids)]}

    def _renovation_form_prefill(self, form):
        failed = self.line_ids.filtered(lambda line: line.result == "fail")
        return {
            "date": fields.Date.context_today(self),
            "delivery_date": self.date,
            "overall_result": "fail" if failed else "pass",
        }

    def _renovation_form_signed(self, form):
        """Foreman, inspector and client signed: the materials are accepted
        (the state follows the sheet)."""
        for delivery in self.filtered(lambda d: d.form_id == form):
            delivery.message_post(
                body=_("%s is signed: the materials are accepted.", form.name),
                subtype_xmlid="mail.mt_note",
            )

    def action_view_form(self):
        self.ensure_one()
        return self.form_id._get_form_action() if self.form_id else False
