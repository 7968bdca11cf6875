import binascii
from datetime import date

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager


class RenovationPortal(CustomerPortal):
    """The client's side of the signature forms: list, read, sign."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "renovation_project_count" in counters:
            values["renovation_project_count"] = len(self._renovation_client_projects())
        Form = request.env["renovation.form"]
        if "renovation_form_count" in counters:
            values["renovation_form_count"] = (
                Form.search_count(self._renovation_forms_domain()) if Form.has_access("read") else 0
            )
        if "renovation_form_to_sign_count" in counters:
            values["renovation_form_to_sign_count"] = (
                Form.search_count(
                    [
                        *self._renovation_forms_domain(),
                        ("state", "=", "waiting"),
                        (
                            "signature_ids",
                            "any",
                            [("is_client", "=", True), ("is_signed", "=", False)],
                        ),
                    ]
                )
                if Form.has_access("read")
                else 0
            )
        return values

    def _renovation_forms_domain(self):
        return [
            *request.env.user.partner_id._renovation_client_domain(),
            ("state", "in", ("waiting", "signed")),
        ]

    @http.route(
        ["/my/renovation/forms", "/my/renovation/forms/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_renovation_forms(self, page=1, **kw):
        Form = request.env["renovation.form"]
        domain = self._renovation_forms_domain()
        count = Form.search_count(domain)
        pager = portal_pager(
            url="/my/renovation/forms", total=count, page=page, step=self._items_per_page
        )
        forms = Form.search(domain, limit=self._items_per_page, offset=pager["offset"])
        # sudo: the search above applied the portal rules; reading the project's
        # name on the rendered list needs no more than that
        forms = forms.sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "forms": forms,
                "pager": pager,
                "page_name": "renovation_forms",
                "default_url": "/my/renovation/forms",
            }
        )
        return request.render("renovation_service.portal_my_renovation_forms", values)

    @http.route("/my/renovation/forms/<int:form_id>", type="http", auth="public", website=True)
    def portal_renovation_form(
        self, form_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            form_sudo = self._document_check_access("renovation.form", form_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        if form_sudo.state not in ("waiting", "signed"):
            return request.not_found()
        if report_type == "pdf" and form_sudo.state == "signed":
            # the stored signed file, byte for byte: its SHA-256 is the one recorded
            return self._renovation_signed_pdf_response(form_sudo, download)
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=form_sudo,
                report_type=report_type,
                report_ref="renovation_service.action_report_renovation_form",
                download=download,
            )
        values = self._get_page_view_values(
            form_sudo,
            access_token,
            {
                "form": form_sudo,
                "page_name": "renovation_form",
                "message": kw.get("message"),
                "can_sign": form_sudo._renovation_is_client_viewer(access_token),
            },
            "my_renovation_forms_history",
            False,
        )
        return request.render("renovation_service.portal_renovation_form", values)

    @http.route("/my/renovation/forms/<int:form_id>/sign", type="json", auth="public", website=True)
    def portal_renovation_form_sign(self, form_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            form_sudo = self._document_check_access("renovation.form", form_id, access_token)
        except (AccessError, MissingError):
            return {"error": _("Invalid form.")}
        if not form_sudo._renovation_is_client_viewer(access_token):
            # staff reading the form in the portal do not sign as the client
            return {"error": _("Only the client signs this form, from their own link or account.")}
        if form_sudo.state != "waiting":
            return {"error": _("This form is not waiting for your signature.")}
        if not signature:
            return {"error": _("Signature is missing.")}
        try:
            form_sudo._sign_as_client(signature, name, ip=request.httprequest.remote_addr)
        except UserError as error:
            return {"error": str(error)}
        except (TypeError, binascii.Error):
            return {"error": _("Invalid signature data.")}
        return {
            "force_refresh": True,
            "redirect_url": form_sudo.get_portal_url(query_string="&message=sign_ok"),
        }

    @staticmethod
    def _renovation_signed_pdf_response(form_sudo, download):
        pdf = form_sudo.pdf_attachment_id
        if not pdf:
            return request.redirect(form_sudo.get_portal_url(query_string="&message=pdf_pending"))
        disposition = content_disposition(pdf.name)
        if not download:
            disposition = disposition.replace("attachment", "inline", 1)
        return request.make_response(
            pdf.raw,
            headers=[
                ("Content-Type", pdf.mimetype or "application/pdf"),
                ("Content-Length", len(pdf.raw)),
                ("Content-Disposition", disposition),
            ],
        )

    # ------------------------------------------------------------------
    # "My renovation": the client's home of one project
    # ------------------------------------------------------------------
    def _renovation_client_projects(self):
        """The renovation projects of the logged-in client, latest first, as
        superuser: a client may not read their (followers-only) project."""
        # the pages built on them show what their templates pick
        return request.env.user.partner_id._renovation_client_projects()

    def _renovation_search_as_client(self, model, domain, **kwargs):
        """``model`` records matching ``domain`` read as the client (their
        portal rules apply), or none when the client may not read the model at
        all: one search per section of "My renovation"."""
        Model = request.env[model]
        return Model.search(domain, **kwargs) if Model.has_access("read") else Model

    def _renovation_home_values(self, project):
        """The values of the "My renovation" page of ``project`` (one of
        :meth:`_renovation_client_projects`, as superuser). Addons extend the
        page by adding keys here (``super()`` first) and a section to the
        template ``renovation_service.portal_my_renovation``. Records shown
        are read as the client (their portal rules apply) unless the client
        cannot read the model at all; either way, each key is one search:
        the page keeps a constant number of queries. The sections search by
        ``project`` only: it is the client's, a partner domain would only add
        queries."""
        # the ids as superuser (through the contract), the invoices as the
        # client: only those their portal rule lets them open are listed
        invoices = self._renovation_search_as_client(
            "account.move",
            [("id", "in", project._renovation_client_invoices().ids)],
            order="invoice_date desc, id desc",
        )
        # the project is the client's already: its own domain is enough
        forms = self._renovation_search_as_client(
            "renovation.form", project._renovation_forms_to_sign_domain()
        )
        # the schedule as the client follows it: nodes (read as superuser, the
        # client cannot read tasks; they are their project's) with the photos
        # taken at each, all in one search
        nodes = project.renovation_node_ids.sorted(
            lambda node: (node.renovation_planned_start or date.max, node.sequence, node.id)
        )
        photos = (
            request.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "project.task"),
                    ("res_id", "in", nodes.ids),
                    ("mimetype", "=like", "image/%"),
                ],
                order="create_date desc, id desc",
            )
        )
        node_photos = {}
        for photo in photos:
            node_photos.setdefault(photo.res_id, []).append(photo)
        return {
            "renovation_project": project,
            "timeline": project._renovation_stage_timeline(),
            "schedule_nodes": nodes,
            "node_photos": node_photos,
            "forms_to_sign": forms,
            "invoices": invoices,
        }

    @http.route(
        "/my/renovation/<int:project_id>/node-photo/<int:attachment_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_renovation_node_photo(self, project_id, attachment_id, **kw):
        """A photo taken at a node of the client's own project (the client
        cannot read the tasks the photos are attached to)."""
        project = self._renovation_client_projects().filtered(lambda p: p.id == project_id)
        # sudo: the attachment is served only if it is an image of a node of
        # the client's project (checked right here)
        photo = request.env["ir.attachment"].sudo().browse(attachment_id).exists()
        if (
            not project
            or not photo
            or photo.res_model != "project.task"
            or photo.res_id not in project.renovation_node_ids.ids
            or not (photo.mimetype or "").startswith("image/")
        ):
            raise request.not_found()
        return request.env["ir.binary"]._get_stream_from(photo).get_response()

    @http.route(
        ["/my/renovation", "/my/renovation/<int:project_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_renovation(self, project_id=None, **kw):
        projects = self._renovation_client_projects()
        project = projects[:1]
        if project_id:
            project = projects.filtered(lambda p: p.id == project_id)
            if not project:
                # another client's project, or none: not found, whichever it is
                raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update({"renovation_projects": projects, "page_name": "renovation_home"})
        if project:
            values.update(self._renovation_home_values(project))
        return request.render("renovation_service.portal_my_renovation", values)

    @http.route(
        "/my/renovation/<int:project_id>/visit-consent",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_renovation_visit_consent(self, project_id, consent=None, **kw):
        """The client gives or withdraws their consent to visits of the site."""
        project = self._renovation_client_projects().filtered(lambda p: p.id == project_id)
        if not project:
            # another client's project, or none
            raise request.not_found()
        project._renovation_set_visit_consent(consent == "1", "portal")
        return request.redirect(f"/my/renovation/{project.id}")
