"""18.0.1.1.0: contract numbers unique per company; the signed-PDF cron renders
in the background (renamed)."""


def migrate(cr, version):
    if not version:
        return
    # unique(contract_number) becomes unique(contract_number, company_id)
    cr.execute("ALTER TABLE sale_order DROP CONSTRAINT IF EXISTS sale_order_contract_number_uniq")
    # keep the scheduled action users may have tuned, under its new name and method
    cr.execute(
        """
        UPDATE ir_act_server
           SET code = 'model._cron_render_signed_pdfs()'
         WHERE id IN (
            SELECT cron.ir_actions_server_id
              FROM ir_cron cron
              JOIN ir_model_data imd ON imd.res_id = cron.id AND imd.model = 'ir.cron'
             WHERE imd.module = 'renovation_service' AND imd.name = 'ir_cron_attach_missing_pdfs'
         )
        """
    )
    cr.execute(
        """
        UPDATE ir_model_data SET name = 'ir_cron_render_signed_pdfs'
         WHERE module = 'renovation_service' AND name = 'ir_cron_attach_missing_pdfs'
        """
    )
