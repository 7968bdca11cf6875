import base64
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.renovation_management_report import REPORTS


class RenovationReportWizard(models.TransientModel):
    """Download a management report for any period (the crons only e-mail
    the previous day / week). Only renovation managers and finance have
    access (ir.model.access)."""

    _name = "renovation.report.wizard"
    _description = "Download a Management Report"

    report = fields.Selection(REPORTS, required=True, default="payments")
    date_from = fields.Date(required=True, default=lambda self: self._default_day())
    date_to = fields.Date(required=True, default=lambda self: self._default_day())
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _default_day(self):
        report = self.env["renovation.management.report"]
        return report._report_today(self.env.company) - timedelta(days=1)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        # checked when the wizard is saved, i.e. before any button runs
        if any(wizard.date_from > wizard.date_to for wizard in self):
            raise UserError(_("The start of the period must not be after its end."))

    def action_download(self):
        self.ensure_one()
        content, filename = self.env["renovation.management.report"]._render_xlsx(
            self.report, self.date_from, self.date_to, self.env.company
        )
        self.write({"file_data": base64.b64encode(content), "file_name": filename})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=file_data"
            "&filename_field=file_name&download=true",
            "target": "self",
        }
