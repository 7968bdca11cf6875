from odoo import _, api, models
from odoo.exceptions import UserError

# what Odoo itself writes on any attachment shown on the portal
WRITABLE_ON_EVIDENCE = {"access_token"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _renovation_evidence(self):
        """The attachments of ``self`` that are signed PDFs of forms (on the
        form or copied on its project), current or superseded."""
        if not self.ids:
            return self.browse()
        # sudo: whether a file is signed evidence does not depend on who asks
        pdfs = (
            self.env["renovation.form.pdf"]
            .sudo()
            .search(
                [
                    "|",
                    ("attachment_id", "in", self.ids),
                    ("project_attachment_id", "in", self.ids),
                ]
            )
        )
        return self & (pdfs.attachment_id | pdfs.project_attachment_id).with_env(self.env)

    def write(self, vals):
        if set(vals) - WRITABLE_ON_EVIDENCE:
            evidence = self._renovation_evidence()
            if evidence:
                # no exception, not even for the superuser: the signed file is
                # what the client and the company signed
                raise UserError(
                    _(
                        "%s is the signed PDF of a form: it cannot be changed.",
                        ", ".join(evidence.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_pdf(self):
        evidence = self._renovation_evidence()
        if evidence:
            raise UserError(
                _(
                    "%s is the signed PDF of a form: it cannot be deleted.",
                    ", ".join(evidence.mapped("name")),
                )
            )
