import hashlib
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError

EVENT_TYPES = [
    ("requested", "Signatures requested"),
    ("signed", "Signed"),
    ("completed", "All signatures collected"),
    ("pdf", "Signed PDF stored"),
    ("reopened", "Reopened"),
]
# what the chain hash of an event covers, in this order
HASHED_FIELDS = (
    "form_id",
    "sequence",
    "event_type",
    "role_code",
    "signer_name",
    "user_id",
    "partner_id",
    "event_time",
    "ip",
    "content_hash",
    "signature_hash",
    "pdf_sha256",
    "note",
    "previous_hash",
)


def sha256_hex(data):
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data or b"").hexdigest()


class RenovationFormEvent(models.Model):
    """One step of a form's signature history, chained to the one before.

    Each event stores the SHA-256 of the form's content at that moment, who
    acted (role, name, user or client, IP, time) and, for a signature, the
    SHA-256 of the signature image; its own hash covers all of it and the hash
    of the previous event. Rows are append-only: nobody updates or deletes
    them through Odoo, and an edit made in the database breaks the chain,
    which *Verify integrity* reports.
    """

    _name = "renovation.form.event"
    _description = "Form Signature Event"
    _order = "form_id, sequence"

    form_id = fields.Many2one("renovation.form", required=True, ondelete="restrict", index=True)
    sequence = fields.Integer(required=True)
    event_type = fields.Selection(EVENT_TYPES, required=True)
    role_code = fields.Char()
    role_name = fields.Char(string="Role")
    signer_name = fields.Char(string="Name")
    user_id = fields.Many2one("res.users", ondelete="restrict")
    partner_id = fields.Many2one("res.partner", string="Client", ondelete="restrict")
    event_time = fields.Datetime(string="Time", required=True)
    ip = fields.Char(string="IP Address")
    content_hash = fields.Char(string="Content SHA-256")
    signature_hash = fields.Char(string="Signature Image SHA-256")
    pdf_sha256 = fields.Char(string="PDF SHA-256")
    note = fields.Char()
    previous_hash = fields.Char(string="Previous Event Hash")
    hash = fields.Char(string="Event Hash", required=True)

    _sql_constraints = [
        # two signatures racing on one form cannot both extend the chain
        ("form_sequence_uniq", "unique(form_id, sequence)", "An event of this rank exists."),
    ]

    def _hash_payload(self, vals):
        """Canonical text of the hashed values (ids as integers, times as
        Odoo's UTC strings)."""
        payload = {}
        for name in HASHED_FIELDS:
            value = vals.get(name)
            if isinstance(value, models.BaseModel):
                value = value.id
            elif name == "event_time" and value:
                value = fields.Datetime.to_string(fields.Datetime.to_datetime(value))
            payload[name] = value or None
        return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def _expected_hash(self):
        self.ensure_one()
        return sha256_hex(self._hash_payload({name: self[name] for name in HASHED_FIELDS}))

    @api.model
    def _append(self, form, vals):
        """Append the next event of ``form`` (called by the form's actions,
        as superuser)."""
        last = self.search([("form_id", "=", form.id)], order="sequence desc", limit=1)
        vals = {
            "event_time": fields.Datetime.now(),
            **vals,
            "form_id": form.id,
            "sequence": last.sequence + 1,
            "content_hash": form._renovation_content_hash(),
            "previous_hash": last.hash or False,
        }
        vals["hash"] = sha256_hex(self._hash_payload(vals))
        return self.create(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(_("Signature events are recorded by the signing actions only."))
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(_("Signature events cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("Signature events cannot be deleted."))

    def _chain_problems(self):
        """What is wrong with the chain of these events (one form's, in
        order): a missing rank, a broken link, an event altered since."""
        problems = []
        previous = False
        for rank, event in enumerate(self.sorted("sequence"), start=1):
            if event.sequence != rank:
                problems.append(_("Signature history: event %s is missing.", rank))
            if (event.previous_hash or False) != previous:
                problems.append(
                    _("Signature history: event %s does not follow the one before.", event.sequence)
                )
            if event._expected_hash() != event.hash:
                problems.append(
                    _(
                        "Signature history: event %(rank)s (%(type)s) was altered after it "
                        "was recorded.",
                        rank=event.sequence,
                        type=dict(EVENT_TYPES)[event.event_type],
                    )
                )
            previous = event.hash
        return problems
