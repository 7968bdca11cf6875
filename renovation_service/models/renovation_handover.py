import hashlib
import io
import zipfile

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

MANAGER_GROUP = "renovation_service.group_renovation_manager"
# forms whose signed copies are the hidden-works records handed to the client
HIDDEN_WORKS_FORMS = ("hidden_works", "water_test")


class RenovationHandover(models.Model):
    """竣工交接 (seed 002 steps 25–26): once the final payment is in, the
    foreman hands the keys and the documents (as-built drawings, water and
    electrical routing with photos, hidden-works records, manuals, material
    certificates, warranty card) to the client, who signs the hand-over
    record; the statistician then assembles the client file (客户档案表),
    which the client downloads from the portal as one zip."""

    _name = "renovation.handover"
    _description = "Completion Hand-over"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "renovation.form.source.mixin",
        "renovation.project.record.mixin",
        "renovation.guarded.mixin",
    ]
    _order = "id desc"
    # facts: what was handed over when, and the client file the client downloads
    _renovation_guarded_fields = (
        "state",
        "handed_over_on",
        "form_id",
        "client_file_id",
        "client_file_sha256",
        "client_file_date",
        "client_file_user_id",
    )

    name = fields.Char(readonly=True, copy=False, default=lambda self: _("New"))
    state = fields.Selection(
        [
            ("draft", "Preparing"),
            ("waiting", "Waiting for Signatures"),
            ("handed_over", "Handed Over"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    line_ids = fields.One2many(
        "renovation.handover.line", "handover_id", string="Keys and Documents", copy=True
    )
    key_count = fields.Integer(string="Keys", compute="_compute_key_count")
    note = fields.Text()
    form_id = fields.Many2one(
        "renovation.form", string="Hand-over Record", readonly=True, copy=False
    )
    form_state = fields.Selection(related="form_id.state", string="Record Status")
    handed_over_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    client_file_id = fields.Many2one("ir.attachment", readonly=True, copy=False)
    client_file_sha256 = fields.Char(string="Client File SHA-256", readonly=True, copy=False)
    client_file_date = fields.Datetime(string="Client File Assembled On", readonly=True, copy=False)
    client_file_user_id = fields.Many2one(
        "res.users", string="Client File Assembled By", readonly=True, copy=False
    )

    _sql_constraints = [
        ("project_uniq", "unique(project_id)", "A project has one completion hand-over."),
    ]

    @api.depends("line_ids.kind", "line_ids.quantity")
    def _compute_key_count(self):
        for handover in self:
            keys = handover.line_ids.filtered(lambda line: line.kind == "key")
            handover.key_count = int(sum(keys.mapped("quantity")))

    def _compute_access_url(self):
        super()._compute_access_url()
        for handover in self:
            handover.access_url = f"/my/renovation/handover/{handover.id}"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("renovation.handover")
        return super().create(vals_list)

    def _check_lines_editable(self):
        """The client signs the list: it is fixed once sent for signature."""
        if self.filtered(lambda h: h.state != "draft"):
            raise UserError(
                _("The keys and documents are fixed once the hand-over is sent for signature.")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if self.filtered(lambda h: h.state != "draft"):
            raise UserError(_("A hand-over sent for signature or signed cannot be deleted."))

    # ------------------------------------------------------------------
    # creation, after the final payment
    # ------------------------------------------------------------------
    @api.model
    def _renovation_prepare_for(self, projects):
        """The hand-over of each project whose final instalment is paid and
        that has none yet, with its default keys and documents."""
        handovers = self.browse()
        for project in projects.filtered("is_renovation"):
            if project.renovation_handover_ids or not self._final_payment_paid(project):
                continue
            handover = self.create({"project_id": project.id})
            handover.line_ids = [Command.create(vals) for vals in handover._default_line_values()]
            handover._renovation_schedule_preparation()
            handovers |= handover
        return handovers

    @api.model
    def _final_payment_paid(self, project):
        # sudo: whether the final instalment is paid is read from its invoice,
        # which the foreman may not open; only the yes/no is used
        return project.sudo()._renovation_instalments("final")._is_paid()

    def _default_line_values(self):
        """The keys and the documents of seed 002 (竣工图, 水电走向图, 隐蔽工程记录,
        说明书, 材料合格证, 保修卡); the signed hidden-works records are attached
        already. Addons add what they know (the warranty card number)."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        line = self.env["renovation.handover.line"].with_context(lang=lang)
        labels = dict(line._fields["document_type"]._description_selection(line.env))
        # sudo: the signed PDFs of the project's forms, whoever prepares the hand-over
        hidden_forms = self.project_id.sudo().form_ids.filtered(
            lambda f: f.state == "signed" and f.form_type_code in HIDDEN_WORKS_FORMS
        )
        values = [
            {
                "sequence": 1,
                "kind": "key",
                "name": line.env._("Entrance door keys"),
                "uom": line.env._("keys"),
                "quantity": 0,
            }
        ]
        for index, document_type in enumerate(
            ("as_built", "routing", "hidden_works", "manuals", "certificates", "warranty_card"),
            start=10,
        ):
            vals = {
                "sequence": index,
                "kind": "document",
                "document_type": document_type,
                "name": labels[document_type],
                "uom": line.env._("copies"),
                "quantity": 1,
            }
            if document_type == "hidden_works" and hidden_forms:
                vals["description"] = ", ".join(hidden_forms.mapped("name"))
                vals["attachment_ids"] = [Command.set(hidden_forms.pdf_attachment_id.ids)]
            values.append(vals)
        return values

    def _renovation_schedule_preparation(self):
        """The foreman prepares the keys and documents."""
        for handover in self:
            user = handover.project_id.foreman_id or handover.project_id.user_id
            if user:
                handover.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=_("Prepare the keys and documents for the client"),
                )

    # ------------------------------------------------------------------
    # the hand-over record, signed by the client
    # ------------------------------------------------------------------
    def _check_handover_user(self):
        user = self.env.user
        for handover in self:
            project = handover.project_id
            if user not in (project.foreman_id | project.user_id) and not user.has_group(
                MANAGER_GROUP
            ):
                raise UserError(
                    _(
                        "Only the foreman or the project manager of %s, or a renovation "
                        "manager, can hand the works over.",
                        project.display_name,
                    )
                )

    def _check_ready_to_sign(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("%s has already been sent for signature.", self.name))
        if not self._final_payment_paid(self.project_id):
            raise UserError(_("The final payment of %s is not paid yet.", self.project_id.name))
        if not self.key_count:
            raise UserError(_("List the keys handed to the client (how many, which doors)."))
        missing = self.line_ids.filtered(
            lambda line: line.kind == "document" and not line.is_handed and not line.note
        )
        if missing:
            raise UserError(
                _(
                    "Tick each document handed over, or say in its note why it is not: %s",
                    ", ".join(missing.mapped("name")),
                )
            )
        routing = self.line_ids.filtered(
            lambda line: line.document_type == "routing" and line.is_handed
        )
        if routing and not routing._photos():
            raise UserError(
                _("Attach the photos of the water and electrical routing to its drawing.")
            )

    def action_request_signature(self):
        """Send the hand-over record to the foreman and the client to sign."""
        self._check_handover_user()
        for handover in self:
            handover._check_ready_to_sign()
            form = self.env["renovation.form"]._create_from_source(
                handover, "handover_record", handover.project_id, values=handover._form_values()
            )
            form.action_request_signatures()
            # sudo: state and record change only here, after the checks above
            handover.sudo().write({"state": "waiting", "form_id": form.id})
            handover.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _form_values(self):
        self.ensure_one()
        lines = [
            Command.create(
                {
                    "sequence": line.sequence,
                    "name": line.name,
                    "quantity": line.quantity,
                    "uom": line.uom,
                    "description": ", ".join(
                        part
                        for part in (line.description, *line.attachment_ids.mapped("name"))
                        if part
                    ),
                    "note": line.note,
                }
            )
            for line in self.line_ids
        ]
        return {"line_ids": lines, "photo_ids": [Command.set(self.line_ids._photos().ids)]}

    def action_preview_portal(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    def _renovation_form_prefill(self, form):
        return {"keys_count": float(self.key_count), "date": fields.Date.context_today(self)}

    def action_reset_to_draft(self):
        """Back to preparing while nobody has signed the record (a key
        forgotten, a document missing): the record is cancelled."""
        self._check_handover_user()
        for handover in self:
            if handover.state != "waiting":
                raise UserError(_("Only a hand-over waiting for signatures can be reset."))
            if handover.form_id.state == "signed" or handover.form_id.signed_count:
                raise UserError(
                    _(
                        "%s is already signed by someone: a manager reopens it first.",
                        handover.form_id.display_name,
                    )
                )
            if handover.form_id.state in ("draft", "waiting"):
                handover.form_id.action_cancel()
            # sudo: back to preparing only here, nobody having signed
            handover.sudo().write({"state": "draft", "form_id": False})
        return True

    def _renovation_form_signed(self, form):
        """The client signed the hand-over record: the works are handed over."""
        for handover in self.filtered(lambda h: h.state == "waiting" and h.form_id == form):
            handover.write({"state": "handed_over", "handed_over_on": form.signed_on})
            handover._renovation_handover_done()

    def _renovation_handover_done(self):
        """Called (as superuser) once the client signed the hand-over: the
        statistician assembles the client file. Addons add what follows the
        hand-over (the completion callback)."""
        for handover in self:
            statistician = handover._renovation_statistician()
            if statistician:
                handover.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=statistician.id,
                    summary=_("Assemble the client file (客户档案表)"),
                )

    def _renovation_statistician(self):
        self.ensure_one()
        project = self.project_id
        return project.statistician_id or project.company_id.renovation_statistician_id

    # ------------------------------------------------------------------
    # the client file (客户档案表)
    # ------------------------------------------------------------------
    def _check_client_file_user(self):
        user = self.env.user
        for handover in self:
            if user != handover._renovation_statistician() and not user.has_group(MANAGER_GROUP):
                raise UserError(
                    _(
                        "Only the statistician of %s or a renovation manager assembles the "
                        "client file.",
                        handover.project_id.display_name,
                    )
                )

    def action_assemble_client_file(self):
        """Put the project's signed forms, invoices, photos and documents in
        one zip with its index (客户档案表), for the client to download."""
        self._check_client_file_user()
        for handover in self:
            if handover.state != "handed_over":
                raise UserError(_("The client file follows the signed hand-over."))
            # sudo: the statistician assembles copies of what the client owns (their
            # signed forms, invoices, photos), which their own rules may not open
            data = handover.sudo()._renovation_build_client_file()
            lang = handover.partner_id.lang or self.env.lang
            filename = "%s %s.zip" % (
                handover.name,
                self.with_context(lang=lang).env._("Client File"),
            )
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": filename,
                        "raw": data,
                        "res_model": handover._name,
                        "res_id": handover.id,
                        "mimetype": "application/zip",
                    }
                )
            )
            # sudo: the client file's fields change only here, after the checks above
            handover.sudo().write(
                {
                    "client_file_id": attachment.id,
                    "client_file_sha256": hashlib.sha256(data).hexdigest(),
                    "client_file_date": fields.Datetime.now(),
                    "client_file_user_id": self.env.uid,
                }
            )
            handover.activity_feedback(["mail.mail_activity_data_todo"])
            handover.message_post(
                body=Markup(_("Client file assembled: %(name)s (SHA-256 %(sha)s)."))
                % {
                    "name": filename,
                    "sha": handover.client_file_sha256,
                },
                attachment_ids=attachment.ids,
            )
        return True

    def _renovation_build_client_file(self):
        """The zip: every entry of :meth:`_renovation_client_file_entries`,
        the index (客户档案表, a PDF listing each file with its SHA-256) and
        SHA256SUMS.txt. Signed PDFs are copied byte for byte, so each still
        matches the SHA-256 recorded on its form."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        handover = self.with_context(lang=lang)
        entries = handover._renovation_unique_paths(handover._renovation_client_file_entries())
        listing = [
            {"path": path, "sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}
            for path, raw in entries
        ]
        index, _type = (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_qweb_pdf(
                "renovation_service.action_report_client_file",
                self.ids,
                data={"listing": listing},
            )
        )
        index_name = handover.env._("00 Client File.pdf")
        sums = "".join(f"{item['sha256']}  {item['path']}\n" for item in listing)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(index_name, index)
            for path, raw in entries:
                archive.writestr(path, raw)
            archive.writestr("SHA256SUMS.txt", sums)
        return buffer.getvalue()

    @api.model
    def _renovation_unique_paths(self, entries):
        """[(folder/name, bytes)] with names made safe and unique."""
        seen = set()
        result = []
        for folder, name, raw in entries:
            safe = (name or "file").replace("/", "-").replace("\\", "-")
            path = f"{folder}/{safe}"
            stem, dot, ext = path.rpartition(".") if "." in safe else (path, "", "")
            counter = 2
            while path in seen:
                path = f"{stem} ({counter}){dot}{ext}"
                counter += 1
            seen.add(path)
            result.append((path, raw))
        return result

    def _renovation_client_file_entries(self):
        """[(folder, file name, bytes)] of the client file: the signed forms
        (their stored PDF), the invoices, the hand-over documents and the
        photos. Addons add theirs (the warranty card)."""
        self.ensure_one()
        env = self.env
        project = self.project_id
        forms = project.form_ids.filtered(lambda f: f.state == "signed").sorted("signed_on")
        pending = forms.filtered(lambda f: not f.pdf_attachment_id)
        if pending:
            raise UserError(
                _(
                    "The signed PDF of these forms is not ready yet; try again in a few "
                    "minutes: %s",
                    ", ".join(pending.mapped("name")),
                )
            )
        entries = [
            (env._("01 Signed forms"), f"{form.name}.pdf", form.pdf_attachment_id.raw)
            for form in forms
        ]
        invoices = project._renovation_client_invoices().filtered(lambda m: m.state == "posted")
        for invoice in invoices:
            pdf, _type = env["ir.actions.report"]._render_qweb_pdf(
                "account.account_invoices", invoice.ids
            )
            entries.append((env._("02 Invoices"), f"{invoice.name}.pdf", pdf))
        for line in self.line_ids.filtered(lambda line: line.kind == "document"):
            for attachment in line.attachment_ids.filtered("raw"):
                entries.append(
                    (env._("03 Documents"), f"{line.name} - {attachment.name}", attachment.raw)
                )
        photos = forms.photo_ids | env["ir.attachment"].search(
            [
                ("res_model", "=", "project.project"),
                ("res_id", "=", project.id),
                ("mimetype", "=like", "image/%"),
            ]
        )
        photos = photos.filtered(
            lambda a: a.type == "binary" and (a.mimetype or "").startswith("image/")
        )
        for photo in photos - self.line_ids.attachment_ids:
            entries.append((env._("04 Photos"), photo.name, photo.raw))
        return entries

    def _renovation_client_file_sections(self):
        """[(title, [(label, value)])] printed on the index (客户档案表):
        client, project, team and dates. Addons add theirs (the warranty)."""
        self.ensure_one()
        project = self.project_id
        client = self.partner_id
        date = self.env["renovation.form.value"]._renovation_format
        return [
            (
                _("Client"),
                [
                    (_("Name"), client.name),
                    (_("Phone"), client.phone or client.mobile or ""),
                    (_("E-mail"), client.email or ""),
                    (_("Site"), project.site_address or ""),
                ],
            ),
            (
                _("Project"),
                [
                    (_("Contract"), project.contract_number or ""),
                    (_("Contract date"), date("date", project.contract_id.contract_date)),
                    (_("Studio"), project.studio_id.name or ""),
                    (_("Designer"), project.designer_id.name or ""),
                    (_("Project manager"), project.user_id.name or ""),
                    (_("Foreman"), project.foreman_id.name or ""),
                    (_("Quality inspector"), project.inspector_id.name or ""),
                    (_("Completion accepted on"), date("date", project.completion_acceptance_date)),
                    (
                        _("Handed over on"),
                        self.form_id._renovation_format_datetime(self.handed_over_on)
                        if self.form_id
                        else "",
                    ),
                    (_("Keys handed over"), str(self.key_count)),
                ],
            ),
        ]
