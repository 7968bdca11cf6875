from odoo import models
from odoo.http import request
from odoo.tools import consteq


class PortalMixin(models.AbstractModel):
    _inherit = "portal.mixin"

    def _renovation_is_client_viewer(self, access_token=None):
        """Whether the current visitor is this document's client: they hold
        its access token (the link e-mailed to the client), or they are logged
        in as the client (not as staff)."""
        self.ensure_one()
        # sudo: comparing the token and the client; nothing is returned
        document = self.sudo()
        if access_token and document.access_token and consteq(document.access_token, access_token):
            return True
        # the visitor: portal pages read documents as the superuser
        # (``_document_check_access``), whose environment is not the visitor's
        user = request.env.user if request else self.env.user
        client = document.partner_id if "partner_id" in document._fields else None
        return bool(
            client
            and not user._is_public()
            and not user._is_internal()
            and user.partner_id.commercial_partner_id == client.commercial_partner_id
        )

    def _renovation_portal_url(
        self,
        access_token=None,
        suffix=None,
        report_type=None,
        download=None,
        query_string=None,
        anchor=None,
    ):
        """``get_portal_url`` for the current visitor: the access token (which
        lets its holder act as the client, e.g. sign) travels only to the
        document's client. Anyone else gets the plain link, which their own
        access rights open or not."""
        self.ensure_one()
        if self._renovation_is_client_viewer(access_token):
            return self.get_portal_url(
                suffix=suffix,
                report_type=report_type,
                download=download,
                query_string=query_string,
                anchor=anchor,
            )
        query = "&".join(
            part
            for part in (
                report_type and f"report_type={report_type}",
                download and "download=true",
                (query_string or "").lstrip("&"),
            )
            if part
        )
        return "{}{}{}{}".format(
            self.access_url,
            suffix or "",
            f"?{query}" if query else "",
            f"#{anchor}" if anchor else "",
        )
