from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.renovation_service.controllers.portal import RenovationPortal


class RenovationQualityPortal(RenovationPortal):
    """The client reads the completed inspections of their project, with photos."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "quality_inspection_count" in counters:
            inspections = request.env["renovation.quality.inspection"]
            values["quality_inspection_count"] = (
                inspections.search_count(self._quality_inspections_domain())
                if inspections.has_access("read")
                else 0
            )
        return values

    def _quality_inspections_domain(self):
        # the record rules restrict portal users to their own projects already;
        # the domain keeps internal users previewing the portal to the same view.
        # The stored client field, not project_id.partner_id: a portal user may
        # not read the project itself, so a search through it would find nothing.
        return [*request.env.user.partner_id._renovation_client_domain(), ("state", "=", "done")]

    def _renovation_home_values(self, project):
        values = super()._renovation_home_values(project)
        # as the client (their rule shows the completed inspections of their own
        # projects); ``project`` is theirs, no partner domain needed on top
        values["inspections"] = self._renovation_search_as_client(
            "renovation.quality.inspection",
            [("project_id", "=", project.id), ("state", "=", "done")],
        )
        return values

    @http.route(
        ["/my/inspections", "/my/inspections/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_quality_inspections(self, page=1, **kw):
        inspections = request.env["renovation.quality.inspection"]
        domain = self._quality_inspections_domain()
        count = inspections.search_count(domain)
        pager = portal_pager(
            url="/my/inspections", total=count, page=page, step=self._items_per_page
        )
        records = inspections.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the search above applied the user's record rules; the client
                # may read these inspections but not the project record they show
                "inspections": records.sudo(),
                "pager": pager,
                "page_name": "quality_inspections",
                "default_url": "/my/inspections",
            }
        )
        request.session["my_quality_inspections_history"] = records.ids[:100]
        return request.render("renovation_quality.portal_my_quality_inspections", values)

    @http.route("/my/inspections/<int:inspection_id>", type="http", auth="public", website=True)
    def portal_quality_inspection(self, inspection_id, access_token=None, **kw):
        try:
            inspection_sudo = self._document_check_access(
                "renovation.quality.inspection", inspection_id, access_token
            )
        except (AccessError, MissingError):
            return request.not_found()
        if inspection_sudo.state != "done":
            # a token link must not show an inspection still being filled in
            return request.not_found()
        media = inspection_sudo._media_attachments()
        # sudo'ed already (checked above): tokens let the browser load the photos
        # of this inspection only, also when the client came through the token link
        media.generate_access_token()
        values = self._get_page_view_values(
            inspection_sudo,
            access_token,
            {
                "inspection": inspection_sudo,
                "photos": media.filtered(lambda a: (a.mimetype or "").startswith("image/")),
                "videos": media.filtered(lambda a: (a.mimetype or "").startswith("video/")),
                "page_name": "quality_inspection",
            },
            "my_quality_inspections_history",
            False,
        )
        return request.render("renovation_quality.portal_quality_inspection", values)
