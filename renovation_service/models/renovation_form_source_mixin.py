from odoo import fields, models


class RenovationFormSourceMixin(models.AbstractModel):
    """For records that have signature forms (change orders, inspections,
    repairs...): the forms, a button to open them, and the signed hook."""

    _name = "renovation.form.source.mixin"
    _description = "Record with Signature Forms"

    form_ids = fields.One2many(
        "renovation.form",
        "res_id",
        domain=lambda self: [("res_model", "=", self._name)],
        string="Signature Forms",
    )

    def action_view_forms(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_service.action_renovation_form"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        if len(self.form_ids) == 1:
            action.update(view_mode="form", res_id=self.form_ids.id, views=[(False, "form")])
        return action

    def _renovation_form_prefill(self, form):
        """{field code: value} of the paper form ``form`` being created for
        this record (see renovation.form.type.field): what the record knows of
        the form's labelled fields."""
        return {}

    def _renovation_form_signed(self, form):
        """Called (as superuser) once ``form`` is fully signed."""
