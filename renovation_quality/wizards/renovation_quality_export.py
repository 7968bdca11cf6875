import base64
import io

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class RenovationQualityExport(models.TransientModel):
    """Quality analysis as an Excel workbook: first-pass rate per foreman and per
    chapter, and the rectification orders still open."""

    _name = "renovation.quality.export"
    _description = "Export Quality Analysis"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    include_spot_checks = fields.Boolean(
        default=True, help="Count the checks of QC spot checks in the first-pass rates."
    )
    xlsx_file = fields.Binary(string="File", readonly=True, attachment=True)
    xlsx_filename = fields.Char(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(_("The period ends before it starts."))

    def action_export(self):
        self.ensure_one()
        content = self._build_workbook()
        self.write(
            {
                "xlsx_file": base64.b64encode(content),
                "xlsx_filename": f"quality_{self.date_from}_{self.date_to}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": (
                f"/web/content/?model={self._name}&id={self.id}&field=xlsx_file"
                "&filename_field=xlsx_filename&download=true"
            ),
        }

    # ------------------------------------------------------------------
    # content (read with the user's rights: rules decide what is exported)
    # ------------------------------------------------------------------
    def _report_domain(self):
        domain = [("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        if not self.include_spot_checks:
            domain.append(("is_spot_check", "=", False))
        return domain

    def _rates_by(self, groupby):
        groups = self.env["renovation.quality.report"]._read_group(
            self._report_domain(),
            [groupby],
            ["check_count:sum", "fail_count:sum"],
            order=groupby,
        )
        rows = []
        for key, checks, failed in groups:
            rate = round(100.0 * (checks - failed) / checks, 1) if checks else 0.0
            rows.append((key, checks, checks - failed, failed, rate))
        return rows

    def _open_rectifications(self):
        return self.env["renovation.quality.rectification"].search(
            [("state", "!=", "closed")], order="deadline, id"
        )

    def _build_workbook(self):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        percent = workbook.add_format({"num_format": "0.0"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        rate_headers = [_("Checks"), _("Passed first time"), _("Failed"), _("First-pass rate (%)")]

        sheet = workbook.add_worksheet(_("By foreman"))
        sheet.write_row(0, 0, [_("Foreman"), *rate_headers], bold)
        for row, (foreman, checks, passed, failed, rate) in enumerate(
            self._rates_by("foreman_id"), start=1
        ):
            sheet.write_row(row, 0, [foreman.name or _("(none)"), checks, passed, failed])
            sheet.write_number(row, 4, rate, percent)
        sheet.set_column(0, 0, 24)

        sheet = workbook.add_worksheet(_("By chapter"))
        sheet.write_row(0, 0, [_("Chapter"), *rate_headers], bold)
        chapters = self.env["renovation.quality.chapter"]
        for row, (number, checks, passed, failed, rate) in enumerate(
            self._rates_by("chapter_number"), start=1
        ):
            chapter = chapters.search([("number", "=", number)], limit=1)
            label = f"{number} {chapter.name_zh or ''} {chapter.name or ''}".strip()
            sheet.write_row(row, 0, [label, checks, passed, failed])
            sheet.write_number(row, 4, rate, percent)
        sheet.set_column(0, 0, 40)

        sheet = workbook.add_worksheet(_("Open rectifications"))
        headers = [
            _("Order"),
            _("Project"),
            _("Node"),
            _("Foreman"),
            _("Deadline"),
            _("Status"),
            _("Days overdue"),
        ]
        sheet.write_row(0, 0, headers, bold)
        node_labels = dict(
            self.env["renovation.quality.rectification"]
            ._fields["node"]
            ._description_selection(self.env)
        )
        state_labels = dict(
            self.env["renovation.quality.rectification"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        for row, order in enumerate(self._open_rectifications(), start=1):
            sheet.write_row(
                row,
                0,
                [
                    order.name,
                    order.project_id.display_name,
                    node_labels.get(order.node, ""),
                    order.foreman_id.name,
                ],
            )
            sheet.write_datetime(row, 4, fields.Datetime.to_datetime(order.deadline), date_format)
            sheet.write_row(row, 5, [state_labels[order.state], order.days_overdue])
        sheet.set_column(0, 3, 22)
        workbook.close()
        content = buffer.getvalue()
        if not content:
            raise UserError(_("The workbook could not be written."))
        return content
