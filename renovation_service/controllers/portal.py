import binascii

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager


class RenovationPortal(CustomerPortal):
    """The client's side of the signature forms: list, read, sign."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
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
        partner = request.env.user.partner_id
        return [
            ("partner_id", "child_of", [partner.commercial_partner_id.id]),
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
            {"form": form_sudo, "page_name": "renovation_form", "message": kw.get("message")},
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
