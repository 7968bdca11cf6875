from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal import RenovationPortal


class RenovationHandoverPortal(RenovationPortal):
    """The client's side of the completion hand-over: its page and the client
    file (客户档案表) to download."""

    def _renovation_home_values(self, project):
        values = super()._renovation_home_values(project)
        values["handover"] = self._renovation_search_as_client(
            "renovation.handover", [("project_id", "=", project.id)], limit=1
        )
        return values

    def _renovation_handover_sudo(self, handover_id, access_token):
        """The hand-over as superuser once the client may see it (their record
        rules, or the access token of the e-mailed link); None otherwise."""
        try:
            handover_sudo = self._document_check_access(
                "renovation.handover", handover_id, access_token
            )
        except (AccessError, MissingError):
            return None
        return handover_sudo if handover_sudo.state in ("waiting", "handed_over") else None

    @http.route(
        "/my/renovation/handover/<int:handover_id>", type="http", auth="public", website=True
    )
    def portal_renovation_handover(self, handover_id, access_token=None, **kw):
        handover_sudo = self._renovation_handover_sudo(handover_id, access_token)
        if handover_sudo is None:
            return request.not_found()
        values = self._get_page_view_values(
            handover_sudo,
            access_token,
            {"handover": handover_sudo, "page_name": "renovation_handover"},
            "my_renovation_handover_history",
            False,
        )
        return request.render("renovation_service.portal_renovation_handover", values)

    @http.route(
        "/my/renovation/handover/<int:handover_id>/client-file",
        type="http",
        auth="public",
        website=True,
    )
    def portal_renovation_client_file(self, handover_id, access_token=None, **kw):
        handover_sudo = self._renovation_handover_sudo(handover_id, access_token)
        if handover_sudo is None or not handover_sudo.client_file_id:
            return request.not_found()
        stream = request.env["ir.binary"]._get_stream_from(handover_sudo.client_file_id)
        return stream.get_response(as_attachment=True)
