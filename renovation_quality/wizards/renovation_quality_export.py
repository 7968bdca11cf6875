import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.renovation_service.tools.xlsx import XlsxWorkbook


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
        book = XlsxWorkbook()
        rate_columns = [
            (_("Checks"), "int"),
            (_("Passed first time"), "int"),
            (_("Failed"), "int"),
            (_("First-pass rate (%)"), "float"),
        ]
        book.add_table(
            _("By foreman"),
            [(_("Foreman"), "text", 24), *rate_columns],
            [
                [foreman.name or _("(none)"), checks, passed, failed, rate]
                for foreman, checks, passed, failed, rate in self._rates_by("foreman_id")
            ],
        )

        chapters = self.env["renovation.quality.chapter"]
        rows = []
        for number, checks, passed, failed, rate in self._rates_by("chapter_number"):
            chapter = chapters.search([("number", "=", number)], limit=1)
            label = f"{number} {chapter.name or ''}".strip()
            rows.append([label, checks, passed, failed, rate])
        book.add_table(_("By chapter"), [(_("Chapter"), "text", 40), *rate_columns], rows)

        Rectification = self.env["renovation.quality.rectification"]
        node_labels = dict(Rectification._fields["node"]._description_selection(self.env))
        state_labels = dict(Rectification._fields["state"]._description_selection(self.env))
        book.add_table(
            _("Open rectifications"),
            [
                (_("Order"), "text"),
                (_("Project"), "text"),
                (_("Node"), "text"),
                (_("Foreman"), "text"),
                (_("Deadline"), "date"),
                (_("Status"), "text"),
                (_("Days overdue"), "int"),
            ],
            [
                [
                    order.name,
                    order.project_id.display_name,
                    node_labels.get(order.node, ""),
                    order.foreman_id.name,
                    order.deadline,
                    state_labels[order.state],
                    order.days_overdue,
                ]
                for order in self._open_rectifications()
            ],
        )
        content = book.close()
        if not content:
            raise UserError(_("The workbook could not be written."))
        return content
