from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .renovation_form_event import sha256_hex


class RenovationFormSignature(models.Model):
    """One signature slot of a form: a role, who holds it, and the signature.

    Staff read slots; only the signing actions write them (as superuser, after
    checking who signs): access rights give no one write, create or unlink,
    and a signed slot cannot change at all.
    """

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

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(_("Signature slots are created by requesting signatures."))
        return super().create(vals_list)

    def write(self, vals):
        if self.filtered("is_signed"):
            # for everyone, the superuser included
            raise UserError(_("A signature cannot be changed. A manager can reopen the form."))
        if self.form_id.filtered(lambda f: f.state == "signed"):
            raise UserError(_("A signed form is read-only."))
        if not self.env.su:
            raise UserError(_("Signatures are given with the Sign button, by their signer."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        # reopening a form (a manager's action, as superuser) clears its slots
        # once the form is back to draft; a signed form keeps them
        if self.form_id.filtered(lambda f: f.state == "signed"):
            raise UserError(_("A signature cannot be deleted. A manager can reopen the form."))
        if self.filtered("is_signed") and not self.env.su:
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
        """Record the signature of this slot (its signer was checked by the
        caller: ``action_sign`` for staff, the portal token or client login
        for the client) and its event in the form's signature history."""
        self.ensure_one()
        form = self.form_id
        form._renovation_lock()
        form.invalidate_recordset(["state"])
        self.invalidate_recordset(["signed_on", "is_signed"])
        if form.state != "waiting":
            raise UserError(_("%s is not waiting for signatures.", form.display_name))
        if self.is_signed:
            raise UserError(_("%s has already been signed by this role.", form.display_name))
        if not signature:
            raise UserError(_("The signature is missing."))
        form._renovation_before_signature(self)
        name = signed_name or self.user_id.name or self.partner_id.name
        now = fields.Datetime.now()
        # sudo: the signer was checked by the caller; slots are written only here
        self.sudo().write(
            {"signature": signature, "signed_name": name, "signed_on": now, "signed_ip": ip}
        )
        form._renovation_event(
            "signed",
            event_time=now,
            role_code=self.role_id.code,
            role_name=self.role_id.name,
            signer_name=name,
            user_id=self.user_id.id,
            partner_id=self.partner_id.id if self.is_client else False,
            ip=ip or False,
            signature_hash=self._signature_hash(),
        )
        form._after_signature(self)

    def _signature_hash(self):
        self.ensure_one()
        # sudo: the stored image, whatever the reader may see of it
        return sha256_hex(self.sudo().with_context(bin_size=False).signature or b"")
