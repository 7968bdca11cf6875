from markupsafe import Markup

from odoo import _, models


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _renovation_send_to_client(self, record):
        """E-mail this template, which carries ``record``'s portal link with
        its access token, to ``record``'s client only.

        The token lets its holder act as the client (sign a form, answer an
        evaluation), so it travels only in this e-mail: the mail is not posted
        in the record's chatter (where staff and followers would read it) and
        is not linked to the record. The chatter gets a note without the link.
        """
        self.ensure_one()
        record.ensure_one()
        client = record.partner_id
        if not client.email:
            return False
        # sudo: queuing the e-mail to the client; its content is this template's
        self.sudo().send_mail(
            record.id,
            email_values={
                "model": False,
                "res_id": False,
                "recipient_ids": [(6, 0, client.ids)],
            },
        )
        record.message_post(
            body=Markup(_("E-mailed to the client %(client)s: %(subject)s"))
            % {
                "client": client.name,
                "subject": self._render_field("subject", record.ids)[record.id],
            },
            subtype_xmlid="mail.mt_note",
        )
        return True
