from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _renovation_client_domain(self):
        """Records whose client (``partner_id``) is this client: the partner's company
        (commercial partner) or one of its contacts. The one definition of "the
        client's" of the portal controllers and models (the portal record rules
        say the same with ``user.commercial_partner_id``)."""
        return [("partner_id", "child_of", self.commercial_partner_id.ids)]

    def _renovation_client_projects(self, domain=()):
        """The renovation projects of this client, latest first, further
        restricted by ``domain``. As superuser: a client may not read their
        (followers-only) project, so the caller decides what of it is shown."""
        # sudo: the domain restricts the search to the projects whose client is
        # this partner's company
        return (
            self.env["project.project"]
            .sudo()
            .search(
                [("is_renovation", "=", True), *self._renovation_client_domain(), *domain],
                order="id desc",
            )
        )
