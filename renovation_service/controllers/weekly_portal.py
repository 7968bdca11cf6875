from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import RenovationPortal


class RenovationWeeklyPortal(RenovationPortal):
    """The client's weekly progress reports: the latest on "My renovation",
    the list and each report with its thread, where the client replies."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "renovation_weekly_count" in counters:
            Report = request.env["renovation.weekly.progress"]
            values["renovation_weekly_count"] = (
                Report.search_count(self._renovation_weekly_domain())
                if Report.has_access("read")
                else 0
            )
        return values

    def _renovation_home_values(self, project):
        values = super()._renovation_home_values(project)
        values["weekly_progress"] = self._renovation_search_as_client(
            "renovation.weekly.progress", [("project_id", "=", project.id)], limit=1
        )
        return values

    def _renovation_weekly_domain(self):
        return request.env.user.partner_id._renovation_client_domain()

    @http.route(
        ["/my/renovation/weekly", "/my/renovation/weekly/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_renovation_weekly(self, page=1, **kw):
        Report = request.env["renovation.weekly.progress"]
        if not Report.has_access("read"):
            return request.not_found()
        # the client's own reports (their record rule applies as well)
        domain = self._renovation_weekly_domain()
        count = Report.search_count(domain)
        pager = portal_pager(
            url="/my/renovation/weekly", total=count, page=page, step=self._items_per_page
        )
        reports = Report.search(domain, limit=self._items_per_page, offset=pager["offset"])
        # sudo: the search above applied the client's rules; the list shows the
        # project's name, which the client may not read on a followers-only project
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "reports": reports.sudo(),
                "pager": pager,
                "page_name": "renovation_weekly",
                "default_url": "/my/renovation/weekly",
            }
        )
        return request.render("renovation_service.portal_my_renovation_weekly", values)

    @http.route("/my/renovation/weekly/<int:report_id>", type="http", auth="public", website=True)
    def portal_renovation_weekly(self, report_id, access_token=None, **kw):
        try:
            report_sudo = self._document_check_access(
                "renovation.weekly.progress", report_id, access_token
            )
        except (AccessError, MissingError):
            return request.not_found()
        values = self._get_page_view_values(
            report_sudo,
            access_token,
            {"report": report_sudo, "page_name": "renovation_weekly_report"},
            "my_renovation_weekly_history",
            False,
        )
        return request.render("renovation_service.portal_renovation_weekly", values)
