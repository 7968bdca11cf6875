from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RenovationFollowupCall(models.Model):
    """Weekly phone follow-up (电话回访) of a project under construction."""

    _name = "renovation.followup.call"
    _description = "Weekly Follow-up Call"
    _inherit = ["mail.thread", "mail.activity.mixin", "renovation.idempotent.mixin"]
    _order = "week_start desc, id desc"
    _rec_name = "project_id"
    _renovation_conflict_columns = ("project_id", "week_start")

    project_id = fields.Many2one("project.project", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="project_id.partner_id", store=True)
    company_id = fields.Many2one(related="project_id.company_id", store=True)
    week_start = fields.Date(required=True, readonly=True)
    statistician_id = fields.Many2one("res.users")
    call_date = fields.Datetime()
    outcome = fields.Selection(
        [
            ("satisfied", "Client satisfied"),
            ("remarks", "Remarks to pass on"),
            ("complaint", "Complaint"),
            ("unreachable", "Client unreachable"),
        ]
    )
    notes = fields.Text()
    complaint_description = fields.Text()
    state = fields.Selection(
        [("todo", "To Call"), ("done", "Done")], default="todo", required=True, tracking=True
    )

    _sql_constraints = [
        (
            "project_week_uniq",
            "unique(project_id, week_start)",
            "A project gets one follow-up call per week.",
        ),
    ]

    @api.model
    def _week_start(self, day):
        return day - timedelta(days=day.weekday())

    @api.model
    def _create_for_week(self, projects, week_start):
        """Create the week's call and its activity for projects that have none
        yet. The calls are inserted on their unique key (project, week): a
        second worker running at the same time, or a rerun, creates nothing
        and schedules no second activity."""
        vals_list = []
        for project in projects:
            statistician = project.statistician_id or project.company_id.renovation_statistician_id
            vals_list.append(
                {
                    "project_id": project.id,
                    "week_start": week_start,
                    "statistician_id": statistician.id or False,
                    "state": "todo",
                }
            )
        calls = self._insert_ignoring_conflicts(vals_list)
        activity_type = self.env.ref("renovation_service.mail_activity_type_followup_call")
        for call in calls.filtered("statistician_id"):
            call.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=call.statistician_id.id,
                date_deadline=week_start + timedelta(days=4),
                summary=_("Weekly call: %s", call.project_id.display_name),
            )
        return calls

    def action_done(self):
        for call in self:
            if not call.outcome:
                raise UserError(_("Record the outcome of the call first."))
            if call.outcome == "complaint" and not call.complaint_description:
                raise UserError(_("Describe the client's complaint."))
            call.write({"state": "done", "call_date": call.call_date or fields.Datetime.now()})
            call.activity_feedback(["renovation_service.mail_activity_type_followup_call"])
            outcome = dict(self._fields["outcome"]._description_selection(self.env))[call.outcome]
            body = _(
                "Weekly follow-up call: %(outcome)s. %(notes)s",
                outcome=outcome,
                notes=call.notes or "",
            )
            if call.outcome == "complaint":
                body += " " + _("Complaint: %s", call.complaint_description)
            call.project_id.message_post(body=body)
