"""18.0.1.1.0: a callback reads its studio, designer and foreman through its
project (no stored copies), and has no index on its card of its own (the
unique key (card_id, due_date) serves searches by card). Odoo keeps columns
and indexes a field no longer declares: they go here, so that the callbacks
cron stops maintaining them."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        ALTER TABLE renovation_warranty_callback
            DROP COLUMN IF EXISTS studio_id,
            DROP COLUMN IF EXISTS designer_id,
            DROP COLUMN IF EXISTS foreman_id
        """
    )
    cr.execute("DROP INDEX IF EXISTS renovation_warranty_callback__card_id_index")
