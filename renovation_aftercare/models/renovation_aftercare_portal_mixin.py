from odoo import _, api, models


class RenovationAftercarePortalMixin(models.AbstractModel):
    """Records a client creates on the portal (repair requests, complaints)."""

    _name = "renovation.aftercare.portal.mixin"
    _description = "Created by Clients on the Portal"

    @api.model
    def _portal_create(self, vals):
        """Create as the portal user, so that the ACLs and the portal record rule
        decide. The chatter side of the creation (followers, creation log) is
        done afterwards: it reads the staff's partners, which a client cannot."""
        record = self.with_context(tracking_disable=True, mail_create_nosubscribe=True).create(vals)
        record = record.with_context(tracking_disable=False, mail_create_nosubscribe=False)
        # sudo: the record was just created by the client under the rules above;
        # following it (client and responsible) and logging its creation is
        # bookkeeping on that record only.
        record_sudo = record.sudo()
        record_sudo.message_subscribe(
            partner_ids=(record_sudo.partner_id | record_sudo.user_id.partner_id).ids
        )
        record_sudo.message_post(
            body=_("Created by %s on the portal.", self.env.user.name),
            author_id=self.env.user.partner_id.id,
        )
        return record
