import logging
from datetime import timedelta

from odoo import api, fields, models

from .renovation_management_report import REPORTS

_logger = logging.getLogger(__name__)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RenovationReportDispatch(models.Model):
    """Log of the management reports e-mailed by the crons: one line per
    report, period and company.

    It is what makes the crons idempotent: a report whose line exists is not
    sent again; the line is inserted on its unique key before the mail is
    queued, so of two concurrent runs only the one that inserted it sends
    (and a failing run rolls back both). Deleting a line lets the next run
    send that report again, if its period is still the one the cron reports
    on."""

    _name = "renovation.report.dispatch"
    _description = "Management Report Sent"
    _inherit = ["renovation.idempotent.mixin"]
    _order = "date_from desc, report, id desc"
    _rec_name = "report"
    _renovation_conflict_columns = ("report", "date_from", "company_id")

    report = fields.Selection(REPORTS, required=True, readonly=True)
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    recipient_ids = fields.Many2many("res.users", string="Recipients", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="Report File", readonly=True)
    mail_id = fields.Many2one("mail.mail", string="E-mail", readonly=True, ondelete="set null")
    lang = fields.Char(string="Language", readonly=True)
    period = fields.Char(compute="_compute_period")

    _sql_constraints = [
        (
            "report_period_company_uniq",
            "unique(report, date_from, company_id)",
            "A report is sent once per period.",
        ),
    ]

    @api.depends("date_from", "date_to")
    def _compute_period(self):
        Report = self.env["renovation.management.report"]
        for dispatch in self:
            dispatch.period = (
                Report._period_label(dispatch.date_from, dispatch.date_to)
                if dispatch.date_from and dispatch.date_to
                else ""
            )

    @api.depends("report", "period")
    @api.depends_context("lang")
    def _compute_display_name(self):
        titles = dict(self._fields["report"]._description_selection(self.env))
        for dispatch in self:
            dispatch.display_name = f"{titles.get(dispatch.report, '')} {dispatch.period or ''}"

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_daily_reports(self):
        """Hourly: at each company's report hour (before 10:00 local time), the
        工程款收支明细表 and 签单统计表 of the previous day, once.

        Only the previous day is reported: a day missed while the server was
        down is not caught up later (the reports are about yesterday's
        business; older days are in the download wizard)."""
        Report = self.env["renovation.management.report"]
        for company in self.env["res.company"].search([]):
            now = Report._report_now(company)
            if now.hour < company.renovation_report_hour:
                continue
            yesterday = now.date() - timedelta(days=1)
            for report in ("payments", "contracts"):
                self._send_report(report, yesterday, yesterday, company)

    @api.model
    def _cron_send_weekly_reports(self):
        """Hourly: from Monday's report hour on, the 客户资源统计表 of the
        previous week (Monday to Sunday), once.

        Run on another day (a late cron), it still sends the previous week's
        report once; an older week is never caught up."""
        Report = self.env["renovation.management.report"]
        for company in self.env["res.company"].search([]):
            now = Report._report_now(company)
            if now.weekday() == 0 and now.hour < company.renovation_report_hour:
                continue
            today = now.date()
            week_start = today - timedelta(days=today.weekday() + 7)
            self._send_report("clients", week_start, week_start + timedelta(days=6), company)

    @api.model
    def _send_report(self, report, date_from, date_to, company):
        """Queue the e-mail of ``report`` for the period to its recipients,
        once. Returns the new dispatch line, or an empty recordset when there
        is nothing to do (already sent, nobody to send it to)."""
        recipients = company._renovation_report_recipients(report)
        if not recipients:
            _logger.info("renovation report %s: no recipient in %s", report, company.name)
            return self.browse()
        sent = [
            ("report", "=", report),
            ("date_from", "=", date_from),
            ("company_id", "=", company.id),
        ]
        if self.search_count(sent):
            return self.browse()
        lang = company.partner_id.lang or self.env.lang or "en_US"
        report_model = self.env["renovation.management.report"].with_context(lang=lang)
        content, filename = report_model._render_xlsx(report, date_from, date_to, company)
        template = self.env.ref("renovation_service.mail_template_management_report")
        # claimed on its unique key (report, period, company): a concurrent run
        # that got here first makes this one insert nothing and send nothing
        dispatch = self._insert_ignoring_conflicts(
            [
                {
                    "report": report,
                    "date_from": date_from,
                    "date_to": date_to,
                    "company_id": company.id,
                    "lang": lang,
                }
            ]
        )
        if not dispatch:
            _logger.info("renovation report %s %s already sent", report, date_from)
            return dispatch
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": content,
                "mimetype": XLSX_MIMETYPE,
                "res_model": self._name,
                "res_id": dispatch.id,
            }
        )
        mail_id = template.with_context(lang=lang).send_mail(
            dispatch.id,
            email_values={
                "recipient_ids": [(6, 0, recipients.partner_id.ids)],
                "attachment_ids": [(6, 0, attachment.ids)],
            },
        )
        dispatch.write(
            {
                "recipient_ids": [(6, 0, recipients.ids)],
                "attachment_id": attachment.id,
                "mail_id": mail_id,
            }
        )
        return dispatch

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }
