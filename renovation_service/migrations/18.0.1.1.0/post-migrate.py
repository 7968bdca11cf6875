"""18.0.1.1.0: the daily and weekly report crons run hourly (each company gets
its reports at its own report hour, before 10:00); signers and notices per
seed 002."""

from odoo import SUPERUSER_ID, api


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
    # seed 002: the 尾期交款通知书 is a notice (e-mailed with the final invoice), not
    # a form that gates the hand-over; one customer evaluation (renovation_aftercare)
    cr.execute(
        """
        DELETE FROM renovation_stage_gate WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'renovation_service' AND name = 'gate_form_final_payment_notice'
        )
        """
    )
    cr.execute(
        """
        UPDATE renovation_form_type SET active = FALSE, payment_trigger = NULL
         WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'renovation_service'
               AND name IN ('form_type_final_payment_notice', 'form_type_customer_evaluation')
         )
        """
    )
    # seed 002 step 16: 工程变更单 signed by the client and the foreman; step 27:
    # the 结算登记表 filled by finance and audited by the statistician
    env = api.Environment(cr, SUPERUSER_ID, {})
    roles = {
        code: env.ref(f"renovation_service.form_role_{code}", False)
        for code in ("client", "foreman", "finance", "statistician")
    }
    change_order = env.ref("renovation_service.form_type_change_order", False)
    if change_order and roles["client"] and roles["foreman"]:
        change_order.role_ids = roles["client"] | roles["foreman"]
    settlement = env.ref("renovation_service.form_type_settlement_register", False)
    if settlement and roles["finance"] and roles["statistician"]:
        settlement.write(
            {
                "role_ids": [(6, 0, (roles["finance"] | roles["statistician"]).ids)],
                "issuer_role_id": roles["finance"].id,
            }
        )
