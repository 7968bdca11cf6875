from odoo import http
from odoo.http import request


class RenovationVerify(http.Controller):
    """The public page printed (as a QR code) on every signed form: anyone
    holding the PDF checks it is the signed original, without logging in."""

    @http.route(
        "/renovation/verify/<string:code>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        # no session state changes here: a cross-site post can only ask whether
        # a file matches, which the visitor could ask themselves
        csrf=False,
        sitemap=False,
        website=True,
    )
    def renovation_verify(self, code, pdf=None, **kw):
        if (
            not request.env["renovation.verify.throttle"]
            .sudo()
            ._hit(request.httprequest.remote_addr)
        ):
            return request.render(
                "renovation_service.renovation_verify_throttled",
                status=429,
                headers=[("Retry-After", "600")],
            )
        signed_pdf = request.env["renovation.form.pdf"]._find_by_code(code)
        if not signed_pdf:
            # a response, not an exception: the lookup still counts for the
            # address (an exception would roll the count back)
            return request.render("renovation_service.renovation_verify_unknown", status=404)
        values = {"summary": signed_pdf._public_summary(), "code": code, "checked": False}
        if request.httprequest.method == "POST":
            content = pdf.read() if hasattr(pdf, "read") else b""
            values.update(checked=True, matches=signed_pdf._matches(content))
        return request.render("renovation_service.renovation_verify_page", values)
