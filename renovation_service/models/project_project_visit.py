from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

MANAGER_GROUP = "renovation_service.group_renovation_manager"
# what only the visit actions change: the client's consent, its date and source
VISIT_GUARDED_FIELDS = (
    "renovation_visit_consent",
    "renovation_visit_consent_on",
    "renovation_visit_consent_source",
    "renovation_visitable_reviewed_on",
)
# the weekly check of the visitable sites: Friday afternoon (seed 002 step 22)
REVIEW_WEEKDAY = 4
REVIEW_HOUR = 14


class ProjectProject(models.Model):
    """可参观工地 (seed 002 step 22): past the mid-point, the quality inspector
    tells the statistician, who lists the site as visitable — only with the
    client's recorded consent (on the portal or a signed 参观工地同意书), which
    the client can withdraw — and tells marketing. The listed sites are
    checked every Friday afternoon and reported to the general manager and
    the marketing manager."""

    _inherit = "project.project"

    renovation_visitable = fields.Boolean(
        string="Visitable Site",
        copy=False,
        tracking=True,
        help="Prospective clients may visit this site (可参观工地). Listed by the project "
        "statistician past the mid-term settlement, with the client's consent; checked "
        "every Friday.",
    )
    renovation_visitable_reviewed_on = fields.Date(
        string="Visitability Reviewed On", readonly=True, copy=False
    )
    renovation_visit_consent = fields.Boolean(
        string="Client Consents to Visits",
        readonly=True,
        copy=False,
        tracking=True,
        help="The client agreed that prospective clients visit the site: on the portal or "
        "by signing the visit consent form. The client can withdraw it at any time.",
    )
    renovation_visit_consent_on = fields.Datetime(
        string="Consent Recorded On", readonly=True, copy=False
    )
    renovation_visit_consent_source = fields.Selection(
        [("portal", "Client portal"), ("form", "Signed consent form")],
        string="Consent Given On",
        readonly=True,
        copy=False,
    )

    def _renovation_frozen_fields(self):
        return super()._renovation_frozen_fields() | set(VISIT_GUARDED_FIELDS)

    def write(self, vals):
        if "renovation_visitable" in vals:
            # listing a client's home is the statistician's (or a manager's) call
            self._check_renovation_statistician()
        res = super().write(vals)
        if vals.get("renovation_visitable"):
            self._renovation_tell_marketing()
            self._renovation_visitable_reviewed()
        return res

    @api.constrains("renovation_visitable", "midterm_settlement_date", "renovation_visit_consent")
    def _check_renovation_visitable(self):
        for project in self.filtered("renovation_visitable"):
            if not project.midterm_settlement_date:
                raise ValidationError(
                    _(
                        "%s can be listed as a visitable site only after its mid-term settlement.",
                        project.display_name,
                    )
                )
            if not project.renovation_visit_consent:
                raise ValidationError(
                    _(
                        "%s can be listed as a visitable site only with the client's consent "
                        "(on the portal or a signed visit consent form).",
                        project.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # the inspector tells the statistician
    # ------------------------------------------------------------------
    def action_renovation_visitable_notify(self):
        """Past the mid-point the inspector tells the statistician that the
        site could be shown (the statistician asks the client's consent)."""
        for project in self:
            user = self.env.user
            if user != project.inspector_id and not user.has_group(MANAGER_GROUP):
                raise UserError(
                    _("Only the quality inspector of %s does this.", project.display_name)
                )
            if not project.midterm_settlement_date:
                raise UserError(
                    _("%s is not past its mid-term settlement yet.", project.display_name)
                )
            statistician = project.statistician_id or project.company_id.renovation_statistician_id
            if not statistician:
                raise UserError(_("Set the project statistician of %s.", project.display_name))
            project.activity_schedule(
                "renovation_service.mail_activity_type_visitable_listing",
                user_id=statistician.id,
                summary=_("Visitable site? %s", project.display_name),
                note=_(
                    "The quality inspector %(inspector)s proposes to list this site as "
                    "visitable. Ask the client's consent, then list it.",
                    inspector=user.name,
                ),
            )
        return True

    # ------------------------------------------------------------------
    # the client's consent
    # ------------------------------------------------------------------
    def _renovation_set_visit_consent(self, consent, source):
        """Record the client's consent (or its withdrawal). Called by the
        client's own portal action or the signed consent form, which check
        that the client acts. A withdrawn consent unlists the site at once."""
        self.ensure_one()
        if bool(consent) == self.renovation_visit_consent:
            return
        # sudo: the caller checked that the client gives or withdraws consent
        project = self.sudo()
        was_listed = project.renovation_visitable
        vals = {
            "renovation_visit_consent": bool(consent),
            "renovation_visit_consent_on": fields.Datetime.now(),
            "renovation_visit_consent_source": source if consent else False,
        }
        if not consent:
            # unlisted in the same write: a listed site never stands without
            # consent (the constraint), and unlisting follows the client's
            # withdrawal, not a staff choice
            vals["renovation_visitable"] = False
        project.write(vals)
        if consent:
            project.message_post(body=_("The client consents to visits of the site."))
            return
        project.message_post(body=_("The client withdrew the consent to visits of the site."))
        statistician = project.statistician_id or project.company_id.renovation_statistician_id
        if was_listed and statistician:
            project.activity_schedule(
                "renovation_service.mail_activity_type_visitable_listing",
                user_id=statistician.id,
                summary=_("Consent withdrawn: %s is no longer visitable", project.display_name),
            )

    def _check_renovation_statistician(self):
        if self.env.su:
            return  # the client's withdrawal unlists the site (see above)
        user = self.env.user
        for project in self:
            statistician = project.statistician_id or project.company_id.renovation_statistician_id
            if user != statistician and not user.has_group(MANAGER_GROUP):
                raise UserError(
                    _(
                        "Only the project statistician of %s or a renovation manager lists it "
                        "as a visitable site.",
                        project.display_name,
                    )
                )

    def _renovation_form_signed(self, form):
        """A signed 参观工地同意书 records the client's consent."""
        parent = getattr(super(), "_renovation_form_signed", None)
        res = parent(form) if parent else None
        if form.form_type_id.code == "visit_consent":
            for project in self:
                project._renovation_set_visit_consent(True, "form")
        return res

    def _renovation_tell_marketing(self):
        for project in self:
            marketing = project.company_id.renovation_marketing_user_id
            if marketing:
                project.activity_schedule(
                    "renovation_service.mail_activity_type_visitable_listing",
                    user_id=marketing.id,
                    summary=_("New visitable site: %s", project.display_name),
                )

    # ------------------------------------------------------------------
    # the Friday check
    # ------------------------------------------------------------------
    def action_renovation_visitable_reviewed(self):
        """The statistician (or a manager) confirms this week's check."""
        self._check_renovation_statistician()
        self._renovation_visitable_reviewed()

    def _renovation_visitable_reviewed(self):
        # sudo: the review date follows the statistician's action (checked by callers)
        self.sudo().write({"renovation_visitable_reviewed_on": fields.Date.context_today(self)})
        self.activity_feedback(["renovation_service.mail_activity_type_visitable_review"])

    @api.model
    def _cron_renovation_visitable_review(self, batch_size=500):
        """Fridays from 14:00 (company time): a check of each listed site for
        its statistician, and the list e-mailed to the general manager and
        the marketing manager. Hourly, each week once: the checks and the
        e-mail are claimed per week."""
        Report = self.env["renovation.management.report"]
        for company in self.env["res.company"].search([]):
            now = Report._report_now(company)
            if now.weekday() != REVIEW_WEEKDAY or now.hour < REVIEW_HOUR:
                continue
            week_start = now.date() - timedelta(days=now.weekday())
            projects = self.search(
                [
                    ("is_renovation", "=", True),
                    ("company_id", "=", company.id),
                    ("renovation_visitable", "=", True),
                ],
                order="id",
            )
            self.env["ir.cron"]._renovation_process_in_batches(
                projects,
                lambda batch, week=week_start: batch._renovation_schedule_visitable_review(week),
                batch_size,
            )
            self._renovation_send_visitable_report(company, week_start, projects)

    def _renovation_schedule_visitable_review(self, week_start):
        activity_type = self.env.ref("renovation_service.mail_activity_type_visitable_review")
        # once a week per project, whichever worker gets there first
        projects = self.env["renovation.cron.claim"]._claim("visitable_review", self, week_start)
        today = fields.Date.context_today(self)
        for project in projects:
            user = (
                project.statistician_id
                or project.company_id.renovation_statistician_id
                or project.company_id.renovation_general_manager_id
            )
            if user:
                project.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=user.id,
                    date_deadline=today,
                    summary=_("Friday check of the visitable site %s", project.display_name),
                )

    @api.model
    def _renovation_send_visitable_report(self, company, week_start, projects):
        """The weekly list of visitable sites to the GM and marketing manager."""
        recipients = (
            company.renovation_general_manager_id | company.renovation_marketing_user_id
        ).filtered("active")
        if not recipients:
            return
        if not self.env["renovation.cron.claim"]._claim("visitable_report", company, week_start):
            return  # sent this week already
        rows = Markup().join(
            Markup("<li>%s — %s (%s)</li>")
            % (project.display_name, project.site_address or "", project.stage_id.name)
            for project in projects
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            _(
                "Visitable sites of %(company)s this week (可参观工地一览表): %(count)s.",
                company=company.name,
                count=len(projects),
            ),
            rows,
        )
        # sudo: a report e-mail of the company to its own managers
        self.env["mail.mail"].sudo().create(
            {
                "subject": _("Visitable sites, week of %s", week_start),
                "body_html": body,
                "recipient_ids": [(6, 0, recipients.partner_id.ids)],
                "email_from": company.email_formatted or self.env.user.email_formatted,
                "auto_delete": True,
            }
        )
