from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RenovationFormSignature(models.Model):
    """One signature slot of a form: a role, who holds it, and the signature."""

    _name = "renovation.form.signature"
    _description = "Form Signature"
    _order = "form_id, sequence, id"

    form_id = fields.Many2one("renovation.form", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    role_id = fields.Many2one("renovation.form.role", required=True, ondelete="restrict")
    role_code = fields.Char(related="role_id.code")
    is_client = fields.Boolean(related="role_id.is_client")
    user_id = fields.Many2one("res.users", string="Signer", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Signing Partner", readonly=True)
    signature = fields.Image(max_width=1024, max_height=512, readonly=True, copy=False)
    signed_name = fields.Char(readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    signed_ip = fields.Char(string="Signed from IP", readonly=True, copy=False)
    is_signed = fields.Boolean(compute="_compute_is_signed", store=True)
    notified_on = fields.Datetime(readonly=True, copy=False)

    @api.depends("signed_on")
    def _compute_is_signed(self):
        for slot in self:
            slot.is_signed = bool(slot.signed_on)

    def write(self, vals):
        if not self.env.context.get("renovation_form_signing"):
            if self.filtered("is_signed"):
                raise UserError(_("A signature cannot be changed. A manager can reopen the form."))
            if self.form_id.filtered(lambda f: f.state == "signed"):
                raise UserError(_("A signed form is read-only."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if not self.env.context.get("renovation_form_reopening") and self.filtered("is_signed"):
            raise UserError(_("A signature cannot be deleted. A manager can reopen the form."))

    def action_sign(self, signature, signed_name):
        """A staff member signs the slot of a role they hold on the project."""
        self.ensure_one()
        if self.is_client:
            raise UserError(_("The client signs on the portal."))
        if self.user_id != self.env.user:
            raise UserError(
                _(
                    "Only %(signer)s, the %(role)s of this project, can sign this slot.",
                    signer=self.user_id.name,
                    role=self.role_id.name,
                )
            )
        self._record_signature(signature, signed_name)

    def _record_signature(self, signature, signed_name, ip=None):
        self.ensure_one()
        form = self.form_id
        if form.state != "waiting":
            raise UserError(_("%s is not waiting for signatures.", form.display_name))
        if self.is_signed:
            raise UserError(_("%s has already been signed by this role.", form.display_name))
        if not signature:
            raise UserError(_("The signature is missing."))
        self.with_context(renovation_form_signing=True).write(
            {
                "signature": signature,
                "signed_name": signed_name or self.user_id.name or self.partner_id.name,
                "signed_on": fields.Datetime.now(),
                "signed_ip": ip,
            }
        )
        form._after_signature(self)
