"""18.0.1.1.0: the daily and weekly report crons run hourly (each company gets
its reports at its own report hour, before 10:00)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_cron SET interval_number = 1, interval_type = 'hours'
         WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'renovation_service' AND model = 'ir.cron'
               AND name IN ('ir_cron_daily_management_reports',
                            'ir_cron_weekly_management_reports')
         )
        """
    )
