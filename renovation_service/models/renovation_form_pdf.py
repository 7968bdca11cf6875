import re
import secrets

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .renovation_form_event import sha256_hex

# 32 URL-safe characters (192 random bits): not guessable, not derived from the form number
VERIFICATION_CODE = re.compile(r"^[A-Za-z0-9_-]{32}$")


def new_verification_code():
    return secrets.token_urlsafe(24)


def mask_name(name):
    """王建国 → 王**, Wang Jianguo → W*** J***: enough to recognise, not to identify."""
    words = (name or "").split()
    if len(words) > 1:
        return " ".join(f"{word[0]}***" for word in words)
    name = name or ""
    return name[:1] + "*" * max(len(name) - 1, 2)


class RenovationFormPdf(models.Model):
    """A signed PDF of a form, as it was stored when the form was signed.

    The file (on the form, and its copy on the project) can never be written
    or deleted (see ``ir.attachment``); a reopened form keeps its earlier
    PDFs here, marked superseded. The verification code printed on the PDF
    (text and QR code) opens the public page ``/renovation/verify/<code>``.
    """

    _name = "renovation.form.pdf"
    _description = "Signed PDF of a Form"
    _order = "form_id, id desc"
    _rec_name = "attachment_id"

    form_id = fields.Many2one("renovation.form", required=True, ondelete="restrict", index=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="PDF", required=True, ondelete="restrict", index=True
    )
    project_attachment_id = fields.Many2one(
        "ir.attachment", string="Copy on the Project", ondelete="restrict", index="btree_not_null"
    )
    sha256 = fields.Char(string="SHA-256", required=True)
    verification_code = fields.Char(required=True, index=True)
    signed_on = fields.Datetime(required=True)
    superseded_on = fields.Datetime(
        help="The form was reopened: this PDF is kept as evidence of what was signed then."
    )

    _sql_constraints = [
        ("verification_code_uniq", "unique(verification_code)", "Verification codes are unique."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(_("Signed PDFs are stored by the signing actions only."))
        return super().create(vals_list)

    def write(self, vals):
        # the one change a signed PDF knows: superseded when its form is reopened
        if not self.env.su or set(vals) - {"superseded_on"}:
            raise UserError(_("A signed PDF cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("A signed PDF cannot be deleted."))

    @api.model
    def _find_by_code(self, code):
        """The signed PDF of ``code`` (as superuser: the public verification
        page shows only the masked summary built by the controller)."""
        if not code or not VERIFICATION_CODE.match(code):
            return self.browse()
        return self.sudo().search([("verification_code", "=", code)], limit=1)

    def _signature_events(self):
        """The signature events this PDF carries: those since the form was
        last requested for signature before this PDF was signed."""
        self.ensure_one()
        events = (
            self.form_id.sudo()
            .event_ids.filtered(lambda e: e.event_time <= self.signed_on)
            .sorted("sequence")
        )
        requested = events.filtered(lambda e: e.event_type == "requested")[-1:]
        return events.filtered(
            lambda e: e.event_type == "signed" and e.sequence > requested.sequence
        )

    def _public_summary(self):
        """What the public verification page shows: nothing beyond the form's
        type and number, the masked client name, the signer roles and times,
        and the SHA-256 of the signed file."""
        self.ensure_one()
        form = self.form_id.sudo()
        tz_name = form.company_id.partner_id.tz or self.env.user.tz or "Asia/Shanghai"
        tz = pytz.timezone(tz_name)

        def local(moment):
            return pytz.utc.localize(moment).astimezone(tz).strftime("%Y-%m-%d %H:%M")

        return {
            "form_type": form.form_type_id.name,
            "form_number": form.name,
            "client": mask_name(form.partner_id.name),
            "company": form.company_id.name,
            "signatures": [
                {"role": event.role_name, "time": local(event.event_time)}
                for event in self._signature_events()
            ],
            "timezone": tz_name,
            "signed_on": local(self.signed_on),
            "sha256": self.sha256,
            "superseded_on": self.superseded_on and local(self.superseded_on),
        }

    def _matches(self, content):
        """Whether ``content`` is byte for byte the signed file."""
        self.ensure_one()
        return bool(content) and sha256_hex(content) == self.sha256
