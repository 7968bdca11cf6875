from odoo import fields, models


class RenovationFormSignWizard(models.TransientModel):
    _name = "renovation.form.sign.wizard"
    _description = "Sign a Form"

    signature_id = fields.Many2one(
        "renovation.form.signature", string="Signature Slot", required=True, readonly=True
    )
    form_id = fields.Many2one(related="signature_id.form_id")
    role_id = fields.Many2one(related="signature_id.role_id")
    content = fields.Html(related="signature_id.form_id.content")
    signed_name = fields.Char(string="Name", required=True)
    signature = fields.Binary(required=True)

    def action_sign(self):
        self.ensure_one()
        self.signature_id.action_sign(self.signature, self.signed_name)
        return {"type": "ir.actions.act_window_close"}
