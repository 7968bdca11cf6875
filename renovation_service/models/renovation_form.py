import hashlib

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# what a first signature freezes: the content the signers agreed to
CONTENT_FIELDS = {
    "content",
    "line_ids",
    "value_ids",
    "photo_ids",
    "form_type_id",
    "project_id",
    "res_model",
    "res_id",
}
# what a full signature freezes on top (mail and portal-token fields stay writable)
SIGNED_FIELDS = CONTENT_FIELDS | {
    "name",
    "state",
    "signature_ids",
    "signed_on",
    "pdf_attachment_id",
    "pdf_sha256",
    "company_id",
}
MANAGER_GROUP = "renovation_service.group_renovation_manager"


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
    ]
    _order = "create_date desc, id desc"

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
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="Signed PDF", readonly=True, copy=False
    )
    pdf_sha256 = fields.Char(string="PDF SHA-256", readonly=True, copy=False)

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
        for vals in vals_list:
            # a form is born a draft: signatures only come through the signing flow
            vals.update(state="draft", signed_on=False, pdf_attachment_id=False, pdf_sha256=False)
            vals.pop("signature_ids", None)
            form_type = types.browse(vals.get("form_type_id"))
            if not vals.get("content") and form_type.default_content:
                vals["content"] = form_type.default_content
        forms = super().create(vals_list)
        for form in forms:
            form.name = (
                f"{form.form_type_id.name} {form.project_id.contract_number or ''}-{form.id:04d}"
            )
        # the paper form's fields and rows, from its type, project and source
        forms._renovation_prefill()
        return forms

    def write(self, vals):
        if not self.env.context.get("renovation_form_signing"):
            touched = set(vals)
            if touched & SIGNED_FIELDS and self.filtered(lambda f: f.state == "signed"):
                raise UserError(_("A signed form is read-only. A manager can reopen it."))
            if touched & CONTENT_FIELDS and self.filtered("is_content_frozen"):
                raise UserError(_("The content of a form is frozen once someone has signed it."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if self.filtered(lambda f: f.state == "signed" or f.signed_count):
            raise UserError(_("A signed or partly signed form cannot be deleted."))

    def _check_content_editable(self):
        if self.env.context.get("renovation_form_signing"):
            return
        if self.filtered(lambda f: f.is_content_frozen or f.state == "signed"):
            raise UserError(_("The content of a form is frozen once someone has signed it."))

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
        vals = {
            "form_type_id": form_type.id,
            "project_id": project.id,
            "res_model": source._name,
            "res_id": source.id,
            **(values or {}),
        }
        return self.create(vals)

    def _source_record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return None
        return self.env[self.res_model].browse(self.res_id).exists()

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    def action_request_signatures(self):
        for form in self:
            if form.state != "draft":
                raise UserError(_("Only a draft form can be sent for signature."))
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
            form.with_context(renovation_form_signing=True).write(
                {"signature_ids": [(5, 0, 0), *slots], "state": "waiting"}
            )
            form._notify_next_signer()

    def action_cancel(self):
        for form in self:
            if form.state == "signed":
                raise UserError(_("A signed form cannot be cancelled. A manager can reopen it."))
            if form.signed_count:
                raise UserError(_("A partly signed form cannot be cancelled. Reopen it first."))
            form.with_context(renovation_form_signing=True).write({"state": "cancelled"})
            form._clear_sign_activities()

    def action_reopen(self):
        """Back to draft: every signature is wiped, which the chatter keeps."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(_("Only a renovation manager can reopen a form."))
        for form in self:
            if form.state not in ("waiting", "signed"):
                raise UserError(
                    _("Only a form waiting for or carrying signatures can be reopened.")
                )
            signers = ", ".join(
                f"{s.role_id.name}: {s.signed_name}"
                for s in form.signature_ids.filtered("is_signed")
            )
            form.signature_ids.with_context(renovation_form_reopening=True).unlink()
            form.with_context(renovation_form_signing=True).write(
                {
                    "state": "draft",
                    "signed_on": False,
                    "pdf_attachment_id": False,
                    "pdf_sha256": False,
                }
            )
            form._clear_sign_activities()
            form.message_post(
                body=_(
                    "Form reopened by %(user)s; signatures wiped: %(signers)s",
                    user=self.env.user.name,
                    signers=signers or _("none"),
                )
            )

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
        self.ensure_one()
        self.with_context(renovation_form_signing=True).write(
            {"state": "signed", "signed_on": fields.Datetime.now()}
        )
        self._attach_signed_pdf()
        self._clear_sign_activities()
        self._run_payment_trigger()
        source = self._source_record()
        if source is not None and hasattr(source, "_renovation_form_signed"):
            # sudo: what the signature sets off (approving a change order, closing
            # a repair) follows from the completed form, not from the last
            # signer's rights (often the client on the portal).
            source.sudo()._renovation_form_signed(self.sudo())

    def _attach_signed_pdf(self):
        if not self.env.registry.ready:
            # signed while modules load (demo data): wkhtmltopdf cannot fetch the
            # report assets from a server that is not serving yet; the cron
            # attaches the PDF once Odoo runs
            self.message_post(body=_("All signatures collected; the signed PDF follows."))
            return
        # sudo: rendering and attaching the signed PDF is part of the signature
        # itself, whoever (client on the portal, foreman) gave the last one.
        form = self.sudo()
        pdf, _type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("renovation_service.action_report_renovation_form", form.ids)
        )
        filename = f"{form.name}.pdf"
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": filename,
                        "raw": pdf,
                        "res_model": self._name,
                        "res_id": form.id,
                        "mimetype": "application/pdf",
                    },
                    {
                        "name": filename,
                        "raw": pdf,
                        "res_model": "project.project",
                        "res_id": form.project_id.id,
                        "mimetype": "application/pdf",
                    },
                ]
            )
        )
        form.with_context(renovation_form_signing=True).write(
            {"pdf_attachment_id": attachments[0].id, "pdf_sha256": hashlib.sha256(pdf).hexdigest()}
        )
        form.message_post(
            body=_("All signatures collected. SHA-256 of the signed PDF: %s", form.pdf_sha256),
            attachment_ids=attachments[0].ids,
        )
        form.project_id.message_post(
            body=Markup(_("%s is signed.")) % form._get_html_link(),
            attachment_ids=attachments[1].ids,
        )

    @api.model
    def _cron_attach_missing_pdfs(self, batch_size=50):
        forms = self.search([("state", "=", "signed"), ("pdf_attachment_id", "=", False)])
        self.env["ir.cron"]._renovation_process_in_batches(
            forms, lambda batch: [form._attach_signed_pdf() for form in batch], batch_size
        )

    def _run_payment_trigger(self):
        trigger = self.form_type_id.payment_trigger
        if not trigger:
            return
        # sudo: the trigger is the signed form itself, not the signer's rights
        project = self.project_id.sudo()
        sign_date = fields.Date.context_today(self, self.signed_on)
        if trigger == "midterm_invoice":
            project._renovation_midterm_settlement(sign_date)
        elif trigger == "completion_acceptance":
            project._renovation_record_completion(sign_date)
        elif trigger == "final_invoice":
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
            slot.with_context(renovation_form_signing=True).notified_on = fields.Datetime.now()
            template = self.env.ref("renovation_service.mail_template_form_to_sign")
            self.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=slot.partner_id.ids,
            )
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
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name
