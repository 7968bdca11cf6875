from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.renovation_service.controllers.portal import RenovationPortal


class RenovationAftercarePortal(RenovationPortal):
    """The client's aftercare: warranty cards, repair requests, complaints and
    the customer evaluation. Rules live in the models; this only reads the
    request, calls them as the portal user and renders.

    Detail pages use ``_document_check_access``: it returns the record as
    superuser only once the user's own read access (portal record rules) or
    the record's access token has been verified, so the page may show the
    record's related data (project name, signature form) the client cannot
    read directly."""

    # ------------------------------------------------------------------
    # home counters
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        counted = {
            "warranty_card_count": ("renovation.warranty.card", [("state", "=", "issued")]),
            "repair_request_count": ("renovation.repair.request", []),
            "complaint_count": ("renovation.complaint", []),
        }
        for counter, (model, domain) in counted.items():
            if counter in counters:
                Model = request.env[model]
                values[counter] = (
                    Model.search_count([*self._aftercare_partner_domain(), *domain])
                    if Model.has_access("read")
                    else 0
                )
        return values

    @http.route()
    def home(self, **kw):
        """/my announces the evaluations waiting for the client at the top of
        the page, rendered with it (not left to the counters' script)."""
        response = super().home(**kw)
        response.qcontext["evaluations_to_fill"] = self._evaluations_to_fill(
            self._aftercare_partner_domain()
        )
        return response

    def _evaluations_to_fill(self, domain, limit=None):
        """The client's evaluations waiting for their answer, read as the client,
        with what the announcement shows (one query)."""
        Evaluation = request.env["renovation.customer.evaluation"]
        if not Evaluation.has_access("read"):
            return Evaluation
        return Evaluation.search_fetch(
            [*domain, ("state", "=", "sent")], ["name"], order="id", limit=limit
        )

    def _aftercare_partner_domain(self):
        # the stored client of the record: the client cannot read the project
        # itself, so a domain through project_id would find nothing
        return request.env.user.partner_id._renovation_client_domain()

    def _aftercare_list(self, model, url, page, template, page_name, records_key, domain=()):
        Model = request.env[model]
        domain = [*self._aftercare_partner_domain(), *domain]
        pager = portal_pager(
            url=url, total=Model.search_count(domain), page=page, step=self._items_per_page
        )
        records = Model.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {records_key: records, "pager": pager, "page_name": page_name, "default_url": url}
        )
        return request.render(template, values)

    # ------------------------------------------------------------------
    # "My renovation" (renovation_service): the aftercare of the project
    # ------------------------------------------------------------------
    def _renovation_home_values(self, project):
        values = super()._renovation_home_values(project)
        # ``project`` is the client's (see RenovationPortal): no partner domain needed
        project_domain = [("project_id", "=", project.id)]
        searches = {
            "warranty_card": ("renovation.warranty.card", [("state", "=", "issued")], 1),
            "repairs": ("renovation.repair.request", [], None),
            "complaints": ("renovation.complaint", [], None),
        }
        for key, (model, domain, limit) in searches.items():
            values[key] = self._renovation_search_as_client(
                model, [*project_domain, *domain], limit=limit
            )
        # ``project`` is sudo'ed (see RenovationPortal): the client has no access to
        # callbacks, and sees only the date and status of those of their own project
        values["evaluation_to_fill"] = self._evaluations_to_fill(project_domain, limit=1)
        values["callbacks"] = project._aftercare_client_callbacks()
        values["repair_projects"] = request.env["renovation.repair.request"]._portal_projects()
        return values

    # ------------------------------------------------------------------
    # warranty cards (保修卡)
    # ------------------------------------------------------------------
    @http.route(
        ["/my/warranty", "/my/warranty/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_warranty_cards(self, page=1, **kw):
        return self._aftercare_list(
            "renovation.warranty.card",
            "/my/warranty",
            page,
            "renovation_aftercare.portal_my_warranty_cards",
            "warranty_cards",
            "cards",
            domain=[("state", "=", "issued")],
        )

    @http.route("/my/warranty/<int:card_id>", type="http", auth="public", website=True)
    def portal_warranty_card(
        self, card_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            card_sudo = self._document_check_access(
                "renovation.warranty.card", card_id, access_token
            )
        except (AccessError, MissingError):
            raise request.not_found()
        if card_sudo.state != "issued":
            raise request.not_found()
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=card_sudo,
                report_type=report_type,
                report_ref="renovation_aftercare.action_report_warranty_card",
                download=download,
            )
        values = self._get_page_view_values(
            card_sudo,
            access_token,
            {"card": card_sudo, "page_name": "warranty_card"},
            "my_warranty_cards_history",
            False,
        )
        return request.render("renovation_aftercare.portal_warranty_card", values)

    # ------------------------------------------------------------------
    # repair requests (报修)
    # ------------------------------------------------------------------
    @http.route(
        ["/my/repairs", "/my/repairs/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_repairs(self, page=1, **kw):
        return self._aftercare_list(
            "renovation.repair.request",
            "/my/repairs",
            page,
            "renovation_aftercare.portal_my_repairs",
            "repairs",
            "repairs",
        )

    @http.route("/my/repairs/<int:repair_id>", type="http", auth="public", website=True)
    def portal_repair(self, repair_id, access_token=None, message=None, **kw):
        try:
            repair_sudo = self._document_check_access(
                "renovation.repair.request", repair_id, access_token
            )
        except (AccessError, MissingError):
            raise request.not_found()
        values = self._get_page_view_values(
            repair_sudo,
            access_token,
            {"repair": repair_sudo, "page_name": "repair", "message": message},
            "my_repairs_history",
            False,
        )
        return request.render("renovation_aftercare.portal_repair", values)

    def _repair_form_values(self, **values):
        Repair = request.env["renovation.repair.request"]
        result = self._prepare_portal_layout_values()
        result.update(
            {
                "page_name": "repair_new",
                "projects": Repair._portal_projects(),
                "scopes": request.env["renovation.warranty.scope"].search([]),
                "form": values,
            }
        )
        return result

    @http.route("/my/repairs/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_repair_new(self, **kw):
        values = self._repair_form_values(project_id=kw.get("project_id"))
        return request.render("renovation_aftercare.portal_repair_new", values)

    @http.route("/my/repairs/new", type="http", auth="user", website=True, methods=["POST"])
    def portal_repair_create(
        self, project_id=None, description=None, scope_id=None, location=None, **kw
    ):
        photos = [
            (upload.filename, upload.read(), upload.mimetype)
            for upload in request.httprequest.files.getlist("photos")
            if upload and upload.filename
        ]
        form = {
            "project_id": project_id,
            "description": description,
            "scope_id": scope_id,
            "location": location,
        }
        try:
            # a savepoint: a refused request must leave nothing behind
            with request.env.cr.savepoint():
                repair = request.env["renovation.repair.request"]._portal_create_request(
                    self._to_int(project_id),
                    description,
                    scope_id=self._to_int(scope_id),
                    location=location,
                    photos=photos,
                )
        except AccessError as error:
            values = self._repair_form_values(**form)
            values["error"] = str(error)
            return request.render("renovation_aftercare.portal_repair_new", values, status=403)
        except UserError as error:
            values = self._repair_form_values(**form)
            values["error"] = str(error)
            return request.render("renovation_aftercare.portal_repair_new", values, status=400)
        return request.redirect(f"/my/repairs/{repair.id}?message=created")

    # ------------------------------------------------------------------
    # complaints (客户投诉)
    # ------------------------------------------------------------------
    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, **kw):
        return self._aftercare_list(
            "renovation.complaint",
            "/my/complaints",
            page,
            "renovation_aftercare.portal_my_complaints",
            "complaints",
            "complaints",
        )

    @http.route("/my/complaints/<int:complaint_id>", type="http", auth="public", website=True)
    def portal_complaint(self, complaint_id, access_token=None, message=None, **kw):
        try:
            complaint_sudo = self._document_check_access(
                "renovation.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            raise request.not_found()
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            {"complaint": complaint_sudo, "page_name": "complaint", "message": message},
            "my_complaints_history",
            False,
        )
        return request.render("renovation_aftercare.portal_complaint", values)

    def _complaint_form_values(self, **values):
        result = self._prepare_portal_layout_values()
        result.update(
            {
                "page_name": "complaint_new",
                "projects": request.env["renovation.complaint"]._portal_projects(),
                "form": values,
            }
        )
        return result

    @http.route("/my/complaints/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_complaint_new(self, **kw):
        values = self._complaint_form_values(project_id=kw.get("project_id"))
        return request.render("renovation_aftercare.portal_complaint_new", values)

    @http.route("/my/complaints/new", type="http", auth="user", website=True, methods=["POST"])
    def portal_complaint_create(self, project_id=None, description=None, **kw):
        form = {"project_id": project_id, "description": description}
        try:
            with request.env.cr.savepoint():
                complaint = request.env["renovation.complaint"]._portal_create_complaint(
                    self._to_int(project_id), description
                )
        except AccessError as error:
            values = self._complaint_form_values(**form)
            values["error"] = str(error)
            return request.render("renovation_aftercare.portal_complaint_new", values, status=403)
        except UserError as error:
            values = self._complaint_form_values(**form)
            values["error"] = str(error)
            return request.render("renovation_aftercare.portal_complaint_new", values, status=400)
        return request.redirect(f"/my/complaints/{complaint.id}?message=created")

    # ------------------------------------------------------------------
    # customer evaluation (客户评价表)
    # ------------------------------------------------------------------
    @http.route(
        ["/my/evaluations", "/my/evaluations/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_evaluations(self, page=1, **kw):
        return self._aftercare_list(
            "renovation.customer.evaluation",
            "/my/evaluations",
            page,
            "renovation_aftercare.portal_my_evaluations",
            "evaluations",
            "evaluations",
            domain=[("state", "in", ("sent", "done"))],
        )

    @http.route(
        "/my/evaluation/<int:evaluation_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_evaluation(self, evaluation_id, access_token=None, **post):
        try:
            # the evaluation as superuser once the user or the token is checked: the
            # client only submits their own scores, through the model's _submit rules
            evaluation_sudo = self._document_check_access(
                "renovation.customer.evaluation", evaluation_id, access_token
            )
        except (AccessError, MissingError):
            raise request.not_found()
        values = {
            "evaluation": evaluation_sudo,
            "page_name": "evaluation",
            "form": post,
            "dimensions": evaluation_sudo._dimension_labels(),
            "dimension_helps": evaluation_sudo._dimension_helps(),
        }
        values["can_answer"] = evaluation_sudo._renovation_is_client_viewer(access_token)
        status = 200
        if request.httprequest.method == "POST":
            if not values["can_answer"]:
                # staff reading the evaluation do not answer for the client
                raise request.not_found()
            try:
                with request.env.cr.savepoint():
                    evaluation_sudo._submit_from_portal(post)
                values["message"] = "thanks"
            except UserError as error:
                values["error"] = str(error)
                status = 400
        values = self._get_page_view_values(
            evaluation_sudo, access_token, values, "my_evaluations_history", False
        )
        return request.render("renovation_aftercare.portal_evaluation", values, status=status)

    @staticmethod
    def _to_int(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return False
