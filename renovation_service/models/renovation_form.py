import base64
import json
from datetime import date, datetime
from urllib.parse import quote

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .renovation_form_event import sha256_hex
from .renovation_form_pdf import new_verification_code

# what a first signature freezes, for everyone: the content the signers agreed to
CONTENT_FIELDS = {"content", "line_ids", "value_ids", "photo_ids", "form_type_id", "project_id"}
# what only the form's actions change (see renovation.guarded.mixin)
GUARDED_FIELDS = (
    "name",
    "state",
    "signature_ids",
    "signed_on",
    "res_model",
    "res_id",
    "verification_code",
    "pdf_attachment_id",
    "pdf_sha256",
)
MANAGER_GROUP = "renovation_service.group_renovation_manager"
PDF_CRON = "renovation_service.ir_cron_render_signed_pdfs"


class RenovationForm(models.Model):
    """A signature-required form (单) of a renovation project.

    The one signature mechanism of the suite: quality inspections, repairs and
    change orders create their forms with :meth:`_create_from_source` and hear
    of the full signature through ``_renovation_form_signed(form)``.
    """

    _name = "renovation.form"
    _description = "Signature Form"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "renovation.project.record.mixin",
        "renovation.guarded.mixin",
    ]
    _order = "create_date desc, id desc"
    _renovation_guarded_fields = GUARDED_FIELDS

    name = fields.Char(readonly=True, copy=False, default=lambda self: _("New"))
    form_type_id = fields.Many2one(
        "renovation.form.type", string="Form", required=True, ondelete="restrict", index=True
    )
    form_type_code = fields.Char(related="form_type_id.code", store=True)
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", readonly=True
    )
    source_name = fields.Char(compute="_compute_source_name")
    content = fields.Html(sanitize_style=True)
    line_ids = fields.One2many("renovation.form.line", "form_id", string="Lines", copy=True)
    # the paper form's labelled fields and photos (renovation_form_content.py)
    value_ids = fields.One2many("renovation.form.value", "form_id", string="Form Fields", copy=True)
    photo_ids = fields.Many2many(
        "ir.attachment",
        "renovation_form_photo_rel",
        "form_id",
        "attachment_id",
        string="Photos",
        copy=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("waiting", "Waiting Signatures"),
            ("signed", "Signed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    signature_ids = fields.One2many("renovation.form.signature", "form_id", string="Signatures")
    signed_count = fields.Integer(compute="_compute_signature_status")
    missing_signers = fields.Char(compute="_compute_signature_status")
    next_signature_id = fields.Many2one(
        "renovation.form.signature", compute="_compute_signature_status"
    )
    is_content_frozen = fields.Boolean(compute="_compute_signature_status")
    to_sign_by_me = fields.Boolean(compute="_compute_to_sign_by_me", search="_search_to_sign_by_me")
    client_to_sign = fields.Boolean(compute="_compute_client_to_sign")
    signed_on = fields.Datetime(readonly=True, copy=False)
    verification_code = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Printed on the signed PDF: anyone holding it checks it on the public "
        "verification page.",
    )
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="Signed PDF", readonly=True, copy=False
    )
    pdf_file = fields.Binary(related="pdf_attachment_id.datas", string="Signed PDF File")
    pdf_filename = fields.Char(related="pdf_attachment_id.name", string="Signed PDF File Name")
    pdf_sha256 = fields.Char(string="PDF SHA-256", readonly=True, copy=False)
    pdf_state = fields.Selection(
        [("none", "Not signed"), ("pending", "PDF being prepared"), ("ready", "PDF stored")],
        string="Signed PDF Status",
        compute="_compute_pdf_state",
    )
    pdf_ids = fields.One2many("renovation.form.pdf", "form_id", string="Signed PDFs")
    event_ids = fields.One2many("renovation.form.event", "form_id", string="Signature History")

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.depends("res_model", "res_id")
    def _compute_source_name(self):
        for form in self:
            source = form._source_record()
            form.source_name = source.display_name if source else False

    @api.depends("signature_ids.is_signed", "state")
    def _compute_signature_status(self):
        for form in self:
            slots = form.signature_ids
            missing = slots.filtered(lambda s: not s.is_signed)
            form.signed_count = len(slots) - len(missing)
            form.missing_signers = (
                ", ".join(f"{s.role_id.name} ({(s.user_id or s.partner_id).name})" for s in missing)
                if form.state == "waiting"
                else False
            )
            form.next_signature_id = missing[:1] if form.state == "waiting" else False
            form.is_content_frozen = form.signed_count > 0 or form.state == "signed"

    @api.depends("state", "pdf_attachment_id")
    def _compute_pdf_state(self):
        for form in self:
            if form.state != "signed":
                form.pdf_state = "none"
            else:
                form.pdf_state = "ready" if form.pdf_attachment_id else "pending"

    @api.depends("signature_ids.is_signed", "state")
    def _compute_client_to_sign(self):
        for form in self:
            form.client_to_sign = form.state == "waiting" and any(
                s.is_client and not s.is_signed for s in form.signature_ids
            )

    def _compute_to_sign_by_me(self):
        for form in self:
            form.to_sign_by_me = form.state == "waiting" and any(
                s.user_id == self.env.user and not s.is_signed for s in form.signature_ids
            )

    def _search_to_sign_by_me(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on forms to sign."))
        domain = [
            ("state", "=", "waiting"),
            ("signature_ids", "any", [("user_id", "=", self.env.uid), ("is_signed", "=", False)]),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    def _compute_access_url(self):
        super()._compute_access_url()
        for form in self:
            form.access_url = f"/my/renovation/forms/{form.id}"

    # ------------------------------------------------------------------
    # ORM: frozen content, read-only once signed
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        types = self.env["renovation.form.type"]
        # the source of a form is linked by the actions that create it (as
        # superuser, see _create_from_source), data files included
        kept = {"res_model", "res_id"} if self.env.su else set()
        for vals in vals_list:
            # a form is born a draft: signatures only come through the signing flow
            for name in set(GUARDED_FIELDS) - kept:
                vals.pop(name, None)
            form_type = types.browse(vals.get("form_type_id"))
            if not vals.get("content") and form_type.default_content:
                vals["content"] = form_type.default_content
        forms = super().create(vals_list)
        for form in forms:
            # sudo: the form number is derived from the form itself, once
            form.sudo().name = (
                f"{form.form_type_id.name} {form.project_id.contract_number or ''}-{form.id:04d}"
            )
        # the paper form's fields and rows, from its type, project and source
        forms._renovation_prefill()
        return forms

    def write(self, vals):
        if set(vals) & CONTENT_FIELDS:
            # for everyone, the superuser included: no action changes what was signed
            self._check_content_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if self.filtered(lambda f: f.state == "signed" or f.signed_count):
            raise UserError(_("A signed or partly signed form cannot be deleted."))
        if self.sudo().event_ids.filtered(lambda e: e.event_type == "signed"):
            raise UserError(
                _("A form that has been signed once keeps its history: cancel it instead.")
            )

    def _check_content_editable(self):
        if self.filtered(lambda f: f.state == "signed"):
            raise UserError(_("A signed form is read-only. A manager can reopen it."))
        if self.filtered("is_content_frozen"):
            raise UserError(_("The content of a form is frozen once someone has signed it."))

    def _renovation_content_payload(self):
        """What the signers agree to, as plain values: the chain hash of every
        signature event covers it. Addons adding content to forms add it here."""
        self.ensure_one()
        return {
            "form_type": self.form_type_id.code,
            "name": self.name,
            "project": self.project_id.id,
            "contract": self.project_id.contract_number or None,
            "client": self.partner_id.id,
            "source": [self.res_model or None, self.res_id or None],
            "content": self.content or "",
            # one read per model for all lines and values, however this form was
            # reached (a form reached through a many2one may carry no prefetch)
            "lines": self._renovation_plain_rows(self.line_ids.with_prefetch()),
            "values": self._renovation_plain_rows(self.value_ids.with_prefetch()),
            "photos": sorted(self.photo_ids.mapped("checksum")),
        }

    @api.model
    def _renovation_plain_rows(self, records):
        """The stored values of ``records`` as plain JSON values, field by
        field (a column added to lines or values is covered without code)."""
        skip = {"id", "form_id", "create_uid", "create_date", "write_uid", "write_date"}
        names = sorted(
            name
            for name, field in records._fields.items()
            if field.store
            and name not in skip
            and field.type not in ("one2many", "many2many", "binary", "image")
        )
        rows = []
        for record in records:
            row = {}
            for name in names:
                value = record[name]
                if isinstance(value, models.BaseModel):
                    value = value.id
                elif isinstance(value, (date, datetime)):
                    value = value.isoformat()
                row[name] = value if value is not False else None
            rows.append(row)
        return rows

    def _renovation_content_hash(self):
        self.ensure_one()
        payload = self.sudo()._renovation_content_payload()
        return sha256_hex(
            json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        )

    # ------------------------------------------------------------------
    # creation from other records
    # ------------------------------------------------------------------
    @api.model
    def _create_from_source(self, source, type_code, project=None, values=None):
        """Create the form of type ``type_code`` for ``source`` (any record)."""
        form_type = self.env["renovation.form.type"].search([("code", "=", type_code)], limit=1)
        if not form_type:
            raise UserError(_("No form type with code %s.", type_code))
        project = project or source.project_id
        # sudo: only this method, called by the source's own actions, links a
        # form to its source (what the form's full signature sets off: approving
        # a change order...); it is linked in the create itself so that the
        # prefill reads what the source knows. The caller's right to create the
        # form is checked right after, in their own environment.
        form = (
            self.sudo()
            .create(
                {
                    "form_type_id": form_type.id,
                    "project_id": project.id,
                    **(values or {}),
                    "res_model": source._name,
                    "res_id": source.id,
                }
            )
            .with_env(self.env)
        )
        form.check_access("create")
        # the source's cached forms (and what is computed from them) predate the link
        source.invalidate_recordset()
        return form

    def _source_record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return None
        return self.env[self.res_model].browse(self.res_id).exists()

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    def _renovation_lock(self):
        """Serialize the signing actions on these forms: a concurrent action
        on the same form (two signers at once) waits, then fails to serialize
        and is retried by Odoo on the committed state, so the signature chain
        never forks."""
        if self.ids:
            self.env.cr.execute(
                "UPDATE renovation_form SET write_date = write_date WHERE id IN %s",
                [tuple(self.ids)],
            )

    def _renovation_event(self, event_type, **vals):
        # sudo: the event records what the calling action has just checked and done
        return (
            self.env["renovation.form.event"]
            .sudo()
            ._append(self.sudo(), {"event_type": event_type, **vals})
        )

    def action_request_signatures(self):
        self._renovation_lock()
        for form in self:
            if form.state != "draft":
                raise UserError(_("Only a draft form can be sent for signature."))
            form.check_access("write")
            form._check_issuer()
            slots = []
            for seq, role in enumerate(form.form_type_id.role_ids, start=1):
                signer = role._signer_of(form.project_id)
                slots.append(
                    (
                        0,
                        0,
                        {
                            "sequence": seq * 10,
                            "role_id": role.id,
                            "partner_id": signer.id if role.is_client else signer.partner_id.id,
                            "user_id": False if role.is_client else signer.id,
                        },
                    )
                )
            # sudo: the slots come from the form type's roles and the project
            # team just read; nobody chooses who signs what
            form.sudo().write({"signature_ids": [(5, 0, 0), *slots], "state": "waiting"})
            form._renovation_event("requested", user_id=self.env.uid)
            form._notify_next_signer()

    def _check_issuer(self):
        """The form types a given role issues (seed 002: finance issues the
        中期交款通知书, the statistician the 保洁通知单)."""
        self.ensure_one()
        role = self.form_type_id.issuer_role_id
        if not role or self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        if role._signer_of(self.project_id) != self.env.user:
            raise UserError(
                _(
                    "%(form)s is issued by the %(role)s of the project.",
                    form=self.form_type_id.name,
                    role=role.name,
                )
            )

    def action_cancel(self):
        self._renovation_lock()
        for form in self:
            if form.state == "signed":
                raise UserError(_("A signed form cannot be cancelled. A manager can reopen it."))
            if form.signed_count:
                raise UserError(_("A partly signed form cannot be cancelled. Reopen it first."))
            form.check_access("write")
            # sudo: state is guarded; an unsigned form may be cancelled by whoever edits it
            form.sudo().write({"state": "cancelled"})
            form._clear_sign_activities()

    def action_reopen(self, reason=None):
        """Back to draft: the signatures are wiped (the signature history
        keeps them), the signed PDF is kept as superseded evidence."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(_("Only a renovation manager can reopen a form."))
        self._renovation_lock()
        for form in self:
            if form.state not in ("waiting", "signed"):
                raise UserError(
                    _("Only a form waiting for or carrying signatures can be reopened.")
                )
            form.check_access("write")
            signers = ", ".join(
                f"{s.role_id.name}: {s.signed_name}"
                for s in form.signature_ids.filtered("is_signed")
            )
            # sudo (below): reopening is a manager's decision checked above; it
            # changes guarded fields and the signature slots, and keeps the evidence
            form._renovation_event("reopened", user_id=self.env.uid, note=reason or False)
            superseded = form.sudo().pdf_ids.filtered(lambda p: not p.superseded_on)
            superseded.write({"superseded_on": fields.Datetime.now()})
            form.sudo().write(
                {
                    "state": "draft",
                    "signed_on": False,
                    "verification_code": False,
                    "pdf_attachment_id": False,
                    "pdf_sha256": False,
                }
            )
            form.signature_ids.sudo().unlink()
            form._clear_sign_activities()
            body = _(
                "Form reopened by %(user)s; signatures wiped: %(signers)s",
                user=self.env.user.name,
                signers=signers or _("none"),
            )
            if reason:
                body += " " + _("Reason: %s", reason)
            form.message_post(body=body, attachment_ids=superseded.attachment_id.ids)

    def action_open_sign_wizard(self):
        self.ensure_one()
        slot = self.signature_ids.filtered(
            lambda s: s.user_id == self.env.user and not s.is_signed
        )[:1]
        if self.state != "waiting" or not slot:
            raise UserError(_("You hold no role that still has to sign this form."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Sign %s", self.display_name),
            "res_model": "renovation.form.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_signature_id": slot.id, "default_signed_name": self.env.user.name},
        }

    def _sign_as_client(self, signature, signed_name, ip=None):
        """The client's signature, from the portal (access checked by the caller)."""
        self.ensure_one()
        slot = self.signature_ids.filtered(lambda s: s.is_client and not s.is_signed)[:1]
        if self.state != "waiting" or not slot:
            raise UserError(_("This form is not waiting for the client's signature."))
        slot._record_signature(signature, signed_name, ip=ip)

    def _renovation_before_signature(self, slot):
        """What a signer must have done before signing ``slot`` of this form:
        the statistician signs the 结算登记表 once the audit of every form and
        step of the project is complete (seed 002 step 27)."""
        self.ensure_one()
        if self.form_type_id.code == "settlement_register" and slot.role_id.code == "statistician":
            # sudo: the audit's state decides, whoever signs
            audit = (
                self.env["renovation.settlement.audit"]
                .sudo()
                .search([("project_id", "=", self.project_id.id)], limit=1)
            )
            if audit.state != "done":
                raise UserError(
                    _(
                        "Complete the settlement audit of %s (every form and step of the "
                        "project) before signing the settlement register.",
                        self.project_id.display_name,
                    )
                )

    def _after_signature(self, slot):
        self.ensure_one()
        self.message_post(
            body=_("Signed by %(name)s as %(role)s.", name=slot.signed_name, role=slot.role_id.name)
        )
        self._clear_sign_activities(slot.user_id)
        if all(self.signature_ids.mapped("is_signed")):
            self._finalize()
        else:
            self._notify_next_signer()

    def _finalize(self):
        """Every signature is in: the form is signed at once. Its PDF is
        rendered right behind by a cron (``_cron_render_signed_pdfs``); nothing
        downstream (gates, invoices, the source's reaction) waits for it."""
        self.ensure_one()
        # sudo: the last signature was just recorded and checked by the caller
        form = self.sudo()
        form.write(
            {
                "state": "signed",
                "signed_on": fields.Datetime.now(),
                "verification_code": new_verification_code(),
            }
        )
        form._renovation_event("completed")
        self._clear_sign_activities()
        self.env.ref(PDF_CRON)._trigger()
        self._run_payment_trigger()
        source = self._source_record()
        if source is not None and hasattr(source, "_renovation_form_signed"):
            # sudo: what the signature sets off (approving a change order, closing
            # a repair) follows from the completed form, not from the last
            # signer's rights (often the client on the portal).
            source.sudo()._renovation_form_signed(form)

    # ------------------------------------------------------------------
    # the signed PDF
    # ------------------------------------------------------------------
    def _renovation_verification_url(self):
        self.ensure_one()
        base = self.get_base_url()
        return f"{base}/renovation/verify/{quote(self.sudo().verification_code or '')}"

    def _renovation_verification_qr(self):
        """The QR code of the verification page, as a data URI for the report."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR", self._renovation_verification_url(), width=180, height=180
        )
        return "data:image/png;base64,%s" % base64.b64encode(png).decode()

    def _renovation_signed_pdf_filename(self):
        """The file name of the stored signed PDF, for the report's reload
        from attachment (printing a signed form serves the stored file)."""
        self.ensure_one()
        return self.sudo().pdf_attachment_id.name or False

    def _renovation_render_signed_pdf(self):
        """Render, store and hash the signed PDF of each signed form of
        ``self`` that has none yet (the cron's work)."""
        for form in self.sudo():
            if form.state != "signed" or form.pdf_attachment_id:
                continue
            content, report_type = (
                self.env["ir.actions.report"]
                .sudo()
                ._render_qweb_pdf("renovation_service.action_report_renovation_form", form.ids)
            )
            form._renovation_store_signed_pdf(content, report_type)

    def _renovation_store_signed_pdf(self, content, report_type="pdf"):
        self.ensure_one()
        code = self.verification_code
        filename = f"{self.name} {code[:8]}.pdf"
        mimetype = "application/pdf" if report_type == "pdf" else "text/html"
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": filename,
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": mimetype,
                },
                {
                    "name": filename,
                    "raw": content,
                    "res_model": "project.project",
                    "res_id": self.project_id.id,
                    "mimetype": mimetype,
                },
            ]
        )
        digest = sha256_hex(content)
        self.env["renovation.form.pdf"].create(
            {
                "form_id": self.id,
                "attachment_id": attachments[0].id,
                "project_attachment_id": attachments[1].id,
                "sha256": digest,
                "verification_code": code,
                "signed_on": self.signed_on,
            }
        )
        self.write({"pdf_attachment_id": attachments[0].id, "pdf_sha256": digest})
        self._renovation_event("pdf", pdf_sha256=digest)
        self.message_post(
            body=_("Signed PDF stored. SHA-256: %s", digest),
            attachment_ids=attachments[0].ids,
        )
        self.project_id.message_post(
            body=Markup(_("%s is signed.")) % self._get_html_link(),
            attachment_ids=attachments[1].ids,
        )

    def _cron_render_signed_pdfs(self, batch_size=20):
        """Render the PDFs of forms signed since the last run (triggered by
        each full signature). Each form's rendering is claimed first (per
        signing round): two workers never render one form twice. The
        scheduler calls it on no form: every form waiting for its PDF; called
        on forms, it does the same for those only."""
        domain = [("state", "=", "signed"), ("pdf_attachment_id", "=", False)]
        if self:
            domain.append(("id", "in", self.ids))
        forms = self.search(domain, order="id")
        self.env["ir.cron"]._renovation_process_in_batches(
            forms,
            lambda batch: (
                self.env["renovation.cron.claim"]
                ._claim("signed_pdf", batch, key=lambda form: form.verification_code)
                ._renovation_render_signed_pdf()
            ),
            batch_size,
        )

    # ------------------------------------------------------------------
    # integrity
    # ------------------------------------------------------------------
    def _renovation_integrity_problems(self):
        """Every break in the evidence of this form: its signature history
        chain, its content against what was signed, its signatures against
        their events, its stored PDFs against their recorded SHA-256."""
        self.ensure_one()
        form = self.sudo()
        events = form.event_ids.sorted("sequence")
        problems = events._chain_problems()
        if form.state in ("waiting", "signed") and not events:
            problems.append(_("No signature history was recorded for this form."))
        current_round = events.filtered(
            lambda e: (
                e.sequence > events.filtered(lambda r: r.event_type == "requested")[-1:].sequence
            )
        )
        signed_events = current_round.filtered(lambda e: e.event_type == "signed")
        for slot in form.signature_ids.filtered("is_signed"):
            event = signed_events.filtered(
                lambda e, s=slot: e.role_code == s.role_id.code and e.event_time == s.signed_on
            )[:1]
            if (
                not event
                or event.signer_name != slot.signed_name
                or (event.ip or False) != (slot.signed_ip or False)
                or event.signature_hash != slot._signature_hash()
            ):
                problems.append(
                    _(
                        "The signature of the %(role)s (%(name)s) differs from the one recorded.",
                        role=slot.role_id.name,
                        name=slot.signed_name,
                    )
                )
        if form.state == "signed":
            completed = current_round.filtered(lambda e: e.event_type == "completed")[-1:]
            if not completed or completed.content_hash != form._renovation_content_hash():
                problems.append(_("The content differs from what was signed."))
        pdf_events = events.filtered(lambda e: e.event_type == "pdf").mapped("pdf_sha256")
        for pdf in form.pdf_ids:
            for attachment in pdf.attachment_id | pdf.project_attachment_id:
                if sha256_hex(attachment.raw) != pdf.sha256:
                    problems.append(
                        _("The stored file %s differs from the signed PDF.", attachment.name)
                    )
            if pdf.sha256 not in pdf_events:
                problems.append(
                    _("The signed PDF %s is not in the history.", pdf.attachment_id.name)
                )
        current = form.pdf_ids.filtered(lambda p: not p.superseded_on)
        if form.pdf_attachment_id and (
            current.attachment_id != form.pdf_attachment_id or current.sha256 != form.pdf_sha256
        ):
            problems.append(_("The form's signed PDF is not its recorded one."))
        return problems

    def action_verify_integrity(self):
        """Re-check the evidence of these forms and say what is broken."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(_("Only a renovation manager verifies the integrity of forms."))
        problems = {form: form._renovation_integrity_problems() for form in self}
        return self._renovation_integrity_report(problems)

    @api.model
    def _renovation_integrity_report(self, problems):
        """A notification listing the problems by form, also logged on each
        form with a problem."""
        broken = {form: found for form, found in problems.items() if found}
        for form, found in broken.items():
            form.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    _("Integrity check by %s found:", self.env.user.name),
                    Markup().join(Markup("<li>%s</li>") % item for item in found),
                ),
                subtype_xmlid="mail.mt_note",
            )
        if broken:
            message = "\n".join(
                f"{form.display_name}: {item}" for form, found in broken.items() for item in found
            )
        else:
            message = _("%s form(s) checked: signatures, history and PDFs intact.", len(problems))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Integrity check"),
                "message": message,
                "type": "danger" if broken else "success",
                "sticky": bool(broken),
            },
        }

    def _run_payment_trigger(self):
        """What the full signature sets off in the payment plan. A manager or
        the PM may have recorded the same step by hand (Mid-term Settlement,
        Completion Accepted) before the form was signed: the form then only
        documents it, so the gates that wait for the form can still pass."""
        trigger = self.form_type_id.payment_trigger
        if not trigger:
            return
        # sudo: the trigger is the signed form itself, not the signer's rights
        project = self.project_id.sudo()
        sign_date = fields.Date.context_today(self, self.signed_on)
        done_by_hand = {
            "midterm_invoice": project.midterm_settlement_date,
            "completion_acceptance": project.completion_acceptance_date,
        }[trigger]
        if done_by_hand:
            self.message_post(body=_("Already recorded on the project: this form documents it."))
        elif trigger == "midterm_invoice":
            project._renovation_midterm_settlement(sign_date)
        elif trigger == "completion_acceptance":
            # seed 002 steps 24-25: the final payment is due 3 days after the
            # 竣工验收单 is signed; the 尾期交款通知书 goes to the client with it
            project._renovation_record_completion(sign_date)
            project._renovation_issue_final_invoice(sign_date)

    # ------------------------------------------------------------------
    # notifications
    # ------------------------------------------------------------------
    def _clear_sign_activities(self, user=None):
        activity_type = self.env.ref("renovation_service.mail_activity_type_form_signature")
        activities = self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        if user is not None:
            activities = activities.filtered(lambda a: a.user_id == user)
        activities.unlink()

    def _notify_next_signer(self):
        """Tell whoever signs next: an activity for staff, an e-mail with the
        portal link for the client."""
        self.ensure_one()
        slot = self.next_signature_id
        if not slot:
            return
        if slot.is_client:
            if slot.notified_on:
                return  # the client already has the link; no second e-mail
            # sudo: slots are written by the signing flow only
            slot.sudo().notified_on = fields.Datetime.now()
            template = self.env.ref("renovation_service.mail_template_form_to_sign")
            template._renovation_send_to_client(self)
        else:
            activity_type = self.env.ref("renovation_service.mail_activity_type_form_signature")
            if not self.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type and a.user_id == slot.user_id
            ):
                self.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=slot.user_id.id,
                    summary=_("Sign as %s", slot.role_id.name),
                )

    def action_preview_portal(self):
        """The client's page, as staff see it: without the client's token."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.access_url}

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name
