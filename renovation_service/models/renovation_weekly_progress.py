from datetime import date, datetime, time, timedelta

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.tools import format_amount, format_date

# how many coming nodes the report announces
NEXT_NODES = 3


class RenovationWeeklyProgress(models.Model):
    """The week's progress report to the client (seed 001 §3.2: progress is
    reported to the client regularly): nodes done and under way, the week's
    photos, what comes next, what waits for the client's signature or
    payment, and any delay with its reason. One per project and week, built
    by a cron when the week is over, e-mailed to the client and published on
    their portal, where they can reply; the reply reaches the project team
    in the project's chatter.

    The content is a snapshot of the week as the client received it: it is
    not recomputed afterwards."""

    _name = "renovation.weekly.progress"
    _description = "Weekly Progress Report"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "renovation.project.record.mixin",
        "renovation.idempotent.mixin",
        "renovation.guarded.mixin",
    ]
    _order = "week_start desc, id desc"
    _renovation_conflict_columns = ("project_id", "week_start")
    # what the client received: written once by the cron
    _renovation_guarded_fields = ("week_start", "content", "photo_ids", "sent_on")
    # the client replies from the portal with read access only (their record rule)
    _mail_post_access = "read"

    week_start = fields.Date(required=True, readonly=True, index=True)
    week_end = fields.Date(compute="_compute_week_end")
    content = fields.Html(readonly=True, sanitize_style=True)
    photo_ids = fields.Many2many(
        "ir.attachment",
        "renovation_weekly_progress_photo_rel",
        "progress_id",
        "attachment_id",
        string="Photos of the Week",
        readonly=True,
    )
    sent_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "project_week_uniq",
            "unique(project_id, week_start)",
            "A project gets one progress report per week.",
        ),
    ]

    @api.depends("week_start")
    def _compute_week_end(self):
        for report in self:
            report.week_end = report.week_start and report.week_start + timedelta(days=6)

    @api.depends("project_id", "week_start")
    def _compute_display_name(self):
        for report in self:
            report.display_name = _(
                "%(project)s: week of %(week)s",
                # sudo: the name of the report's own project, which its client
                # (who reads the report) may not open
                project=report.project_id.sudo().name or "",
                week=format_date(self.env, report.week_start),
            )

    def _compute_access_url(self):
        super()._compute_access_url()
        for report in self:
            report.access_url = f"/my/renovation/weekly/{report.id}"

    # ------------------------------------------------------------------
    # the weekly cron
    # ------------------------------------------------------------------
    @api.model
    def _week_start(self, day):
        return day - timedelta(days=day.weekday())

    @api.model
    def _cron_renovation_weekly_progress(self, batch_size=100):
        """Daily: the report of last week (Monday to Sunday) for each project
        under construction, once per project and week, whichever worker or
        run gets there first."""
        today = fields.Date.context_today(self)
        week_start = self._week_start(today) - timedelta(days=7)
        projects = self.env["project.project"].search(
            [("is_renovation", "=", True), ("stage_id.renovation_is_construction", "=", True)],
            order="id",
        )
        self.env["ir.cron"]._renovation_process_in_batches(
            projects, lambda batch: self._create_for_week(batch, week_start), batch_size
        )

    @api.model
    def _create_for_week(self, projects, week_start):
        """Insert the week's report of ``projects`` on the unique key
        (project, week); only the rows this run inserted are filled and sent,
        so a rerun or a second worker sends nothing twice."""
        reports = self._insert_ignoring_conflicts(
            [{"project_id": project.id, "week_start": week_start} for project in projects]
        )
        template = self.env.ref("renovation_service.mail_template_weekly_progress")
        for report in reports:
            report._renovation_fill()
            template._renovation_send_to_client(report)
            if report.partner_id:
                # the team's answers in the report's thread reach the client
                report.message_subscribe(partner_ids=report.partner_id.ids)
        return reports

    def _renovation_fill(self):
        """The week's snapshot, in the client's language."""
        for report in self:
            lang = report.partner_id.lang or self.env.lang
            localized = report.with_context(lang=lang)
            photos = report._renovation_week_photos()
            # the client opens the photos of their report by their access token
            # (they cannot read the project they are attached to)
            photos.generate_access_token()
            # sudo: the cron writes what the client receives; only it writes these
            report.sudo().write(
                {
                    "content": localized._renovation_render(localized._renovation_sections()),
                    "photo_ids": [Command.set(photos.ids)],
                    "sent_on": fields.Datetime.now(),
                }
            )

    def _renovation_week_bounds(self):
        self.ensure_one()
        start = datetime.combine(self.week_start, time.min)
        return start, start + timedelta(days=7)

    def _renovation_week_photos(self):
        """Images attached to the project or its tasks during the week."""
        self.ensure_one()
        start, end = self._renovation_week_bounds()
        project = self.project_id
        # sudo: the project's photos, read by the cron for the client's report
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("mimetype", "=like", "image/%"),
                    ("create_date", ">=", start),
                    ("create_date", "<", end),
                    "|",
                    "&",
                    ("res_model", "=", "project.project"),
                    ("res_id", "=", project.id),
                    "&",
                    ("res_model", "=", "project.task"),
                    ("res_id", "in", project.sudo().task_ids.ids),
                ],
                order="create_date, id",
            )
        )

    # ------------------------------------------------------------------
    # sections: other addons extend _renovation_sections (super() first)
    # ------------------------------------------------------------------
    def _renovation_node_tasks(self):
        """The project's schedule nodes (plain tasks when it has none)."""
        self.ensure_one()
        # sudo: the schedule of the client's own project, summarized for them
        tasks = self.project_id.sudo().task_ids
        return tasks.filtered("renovation_node_code") or tasks

    @api.model
    def _renovation_node_progress(self, task):
        """A node's progress in %; a plain task is done or not."""
        if task.renovation_node_code:
            return task.renovation_progress or 0
        return 100 if task.state == "1_done" else 0

    @api.model
    def _renovation_task_start(self, task):
        return (
            task.renovation_planned_start
            or (task.date_deadline and task.date_deadline.date())
            or date.max
        )

    def _renovation_sections(self):
        """[(key, title, [row (text or Markup)])] of the report. Addons add
        theirs (the inspections passed) by extending this method."""
        self.ensure_one()
        env = self.env
        project = self.project_id
        start, end = self._renovation_week_bounds()
        tasks = self._renovation_node_tasks().sorted(self._renovation_task_start)
        progress = {task.id: self._renovation_node_progress(task) for task in tasks}
        done = tasks.filtered(lambda t: progress[t.id] >= 100)
        under_way = tasks.filtered(lambda t: 0 < progress[t.id] < 100)
        upcoming = tasks.filtered(lambda t: not progress[t.id]).sorted(self._renovation_task_start)
        # sudo: the project's forms and invoices are listed for its own client
        forms = env["renovation.form"].sudo().search(project._renovation_forms_to_sign_domain())
        invoices = (
            project.sudo()
            ._renovation_client_invoices()
            .filtered(lambda m: m.payment_state in ("not_paid", "partial"))
        )
        delays = (
            env["renovation.delay.order"]
            .sudo()
            .search(
                [
                    ("project_id", "=", project.id),
                    ("state", "=", "approved"),
                    ("approved_on", ">=", start),
                    ("approved_on", "<", end),
                ]
            )
        )
        return [
            (
                "done",
                env._("Nodes completed"),
                [task.name for task in done],
            ),
            (
                "under_way",
                env._("Nodes under way"),
                [f"{task.name}: {progress[task.id]:g} %" for task in under_way],
            ),
            (
                "next",
                env._("Coming next"),
                [task.name for task in upcoming[:NEXT_NODES]],
            ),
            (
                "to_sign",
                env._("Waiting for your signature"),
                [
                    # no access token: the report is also read by the team
                    Markup('<a href="%s">%s</a>') % (form.access_url, form.name)
                    for form in forms
                ],
            ),
            (
                "to_pay",
                env._("Waiting for your payment"),
                [
                    env._(
                        "%(invoice)s: %(amount)s, due %(date)s",
                        invoice=invoice.name,
                        amount=format_amount(env, invoice.amount_residual, invoice.currency_id),
                        date=format_date(env, invoice.invoice_date_due),
                    )
                    for invoice in invoices
                ],
            ),
            (
                "delays",
                env._("Delays"),
                [
                    env._(
                        "%(order)s: %(days)s days (%(reason)s), planned end %(date)s",
                        order=order.name,
                        days=order.days,
                        reason=order.reason,
                        date=format_date(env, order.new_end_date),
                    )
                    for order in delays
                ],
            ),
        ]

    def _renovation_render(self, sections):
        """The sections as HTML; empty sections say so."""
        self.ensure_one()
        parts = []
        for key, title, rows in sections:
            if rows:
                body = Markup("<ul>%s</ul>") % Markup().join(
                    Markup("<li>%s</li>") % row for row in rows
                )
            else:
                body = Markup('<p class="text-muted">%s</p>') % self.env._("None this week.")
            parts.append(
                Markup('<section class="o_renovation_weekly_%s"><h5>%s</h5>%s</section>')
                % (key, title, body)
            )
        return Markup().join(parts)

    # ------------------------------------------------------------------
    # the client's reply reaches the project team
    # ------------------------------------------------------------------
    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        author = message.author_id
        if (
            message.message_type == "comment"
            and author
            and self.partner_id
            and author.commercial_partner_id == self.partner_id.commercial_partner_id
            and not author.user_ids.filtered(lambda u: not u.share)
        ):
            # sudo: the client cannot write on their (followers-only) project;
            # their own reply is copied to it so that the team reads it there
            self.project_id.sudo().message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    _("Reply of the client to the weekly report %s:", self.display_name),
                    message.body,
                ),
                author_id=author.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return message
