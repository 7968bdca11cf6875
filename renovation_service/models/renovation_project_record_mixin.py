from odoo import fields, models


class RenovationProjectRecordMixin(models.AbstractModel):
    """A record that belongs to one renovation project (forms, change and delay
    orders, inspections, repair requests, complaints...): the project, and its
    client and company stored on the record, which record rules, portal pages
    and reports filter on."""

    _name = "renovation.project.record.mixin"
    _description = "Renovation Project Record"

    project_id = fields.Many2one(
        "project.project",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain=[("is_renovation", "=", True)],
    )
    partner_id = fields.Many2one(
        related="project_id.partner_id", string="Client", store=True, index=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)

    def _get_form_action(self):
        """The window action opening this record's form (e.g. a repair request
        or complaint just opened from a callback)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
