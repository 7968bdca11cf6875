from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

CALLBACK_OUTCOMES = [
    ("satisfied", "Client satisfied"),
    ("remarks", "Remarks to pass on"),
    ("issue_reported", "Issue reported"),
    ("unreachable", "Client unreachable"),
]


# what the callbacks cron reads of a warranty card and of its project
CARD_FIELDS = ["state", "name", "start_date", "callback_next_date", "company_id", "project_id"]
PROJECT_FIELDS = ["name", "partner_id", "statistician_id"]


class RenovationWarrantyCallback(models.Model):
    """回访: a scheduled call to the client after completion (+1, +3, +6, +12
    months, then quarterly while the warranty runs). Created by a daily cron,
    one per card and due date."""

    _name = "renovation.warranty.callback"
    _description = "Warranty Callback"
    _inherit = ["mail.thread", "mail.activity.mixin", "renovation.idempotent.mixin"]
    _order = "due_date desc, id desc"
    _renovation_conflict_columns = ("card_id", "due_date")

    name = fields.Char(compute="_compute_name", store=True)
    # no index of its own: the unique key (card_id, due_date) serves every
    # search by card, and the cron inserts thousands of callbacks at a time
    card_id = fields.Many2one(
        "renovation.warranty.card", required=True, readonly=True, ondelete="cascade"
    )
    project_id = fields.Many2one("project.project", required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    # not stored: Odoo 18 groups and filters by them through the project (the
    # callback analysis), and the cron does not copy three more columns, each
    # with its foreign-key check, into every callback it inserts
    studio_id = fields.Many2one(related="project_id.studio_id")
    designer_id = fields.Many2one(related="project_id.designer_id")
    foreman_id = fields.Many2one(related="project_id.foreman_id")
    user_id = fields.Many2one(
        "res.users",
        string="Statistician",
        tracking=True,
        help="Makes the call: the project statistician.",
    )
    kind = fields.Selection(
        [("warranty", "Warranty callback"), ("completion", "Completion callback")],
        string="Callback Type",
        default="warranty",
        required=True,
        readonly=True,
        help="Completion callback (竣工回访): the call after the hand-over (seed 002 step 26); "
        "warranty callbacks follow the plan of the card.",
    )
    due_date = fields.Date(required=True, readonly=True, index=True)
    offset_months = fields.Integer(string="Months After Completion", readonly=True, aggregator=None)
    state = fields.Selection(
        [("planned", "To Call"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
        index=True,
    )
    call_datetime = fields.Datetime(string="Called On", readonly=True)
    outcome = fields.Selection(CALLBACK_OUTCOMES, tracking=True)
    satisfaction = fields.Integer(
        aggregator="avg",
        tracking=True,
        help="1 = very dissatisfied ... 5 = very satisfied; 0 = not given.",
    )
    notes = fields.Text()
    needs_follow_up = fields.Boolean(
        compute="_compute_needs_follow_up",
        store=True,
        help="The client reported an issue or is dissatisfied: open a repair request or a "
        "complaint.",
    )
    repair_id = fields.Many2one("renovation.repair.request", readonly=True, copy=False)
    complaint_id = fields.Many2one("renovation.complaint", readonly=True, copy=False)

    _sql_constraints = [
        (
            "card_due_date_uniq",
            "unique(card_id, due_date)",
            "A warranty card has one callback per due date.",
        ),
    ]

    @api.model
    def _renovation_callback_name(self, env, card_name, kind, months):
        """The callback's name in the language of ``env``."""
        # env._: the cron names hundreds at once, _() inspects the stack each time
        if kind == "completion":
            return env._("%s: completion callback", card_name)
        return env._("%(card)s: %(months)s months callback", card=card_name, months=months)

    @api.depends("card_id.name", "offset_months", "kind", "company_id")
    def _compute_name(self):
        for company, callbacks in self.grouped("company_id").items():
            # callbacks are named by a cron whose user may read another language
            # than the staff who call
            env = company._renovation_company_env()
            for callback in callbacks:
                callback.name = self._renovation_callback_name(
                    env, callback.card_id.name, callback.kind, callback.offset_months
                )

    @api.depends("outcome", "satisfaction", "company_id.renovation_evaluation_low_score")
    def _compute_needs_follow_up(self):
        for callback in self:
            low = callback.company_id.renovation_evaluation_low_score or 2
            callback.needs_follow_up = callback.outcome == "issue_reported" or (
                0 < callback.satisfaction <= low
            )

    @api.constrains("satisfaction")
    def _check_satisfaction(self):
        if any(not 0 <= callback.satisfaction <= 5 for callback in self):
            raise ValidationError(_("Satisfaction is a score from 1 to 5."))

    # ------------------------------------------------------------------
    # cron: create what is due
    # ------------------------------------------------------------------
    @api.model
    def _cron_create_due_callbacks(self, batch_size=1000):
        """Daily. Creates every callback due by today that does not exist yet,
        so days the cron missed are caught up; a rerun creates nothing twice.
        Batches of 1 000 cards (about a second of work each): a commit, its
        bus notification and the fixed cost of a batch (its queries, the
        claim) per 1 000 cards."""
        today = fields.Date.context_today(self)
        cards = self.env["renovation.warranty.card"].search(
            [
                ("state", "=", "issued"),
                ("callback_next_date", "!=", False),
                ("callback_next_date", "<=", today),
            ],
            order="id",
        )
        self.env["ir.cron"]._renovation_process_in_batches(
            cards, lambda batch: self._create_due_callbacks(batch, today), batch_size
        )

    @api.model
    def _create_due_callbacks(self, cards, today):
        """Create the callbacks of ``cards`` due from their next date to today
        and move each card's next date past today, in one pass over each
        card's plan (which stops at the first date after today)."""
        # only the columns read below, for this batch only: touching a field
        # would read every column of the cards and of their projects, for as
        # many records as the prefetch holds (all the cron's cards)
        cards.fetch(CARD_FIELDS)
        cards.project_id.fetch(PROJECT_FIELDS)
        cards = cards.filtered("callback_next_date")
        last_months = cards._callback_last_months()
        plan_months = {
            company: company._renovation_callback_plan_months() for company in cards.company_id
        }
        due_by_card = {}
        next_date_by_card = {}
        for card in cards:
            due_by_card[card] = due = []
            next_date_by_card[card] = False
            # the plan from the card's resume point on: dates before it are not
            # brought back
            plan = card._iter_callback_plan(
                card.callback_next_date,
                last_months.get(card.id, 0),
                plan_months.get(card.company_id),
            )
            for due_date, months in plan:
                if due_date > today:
                    next_date_by_card[card] = due_date
                    break
                due.append((due_date, months))
        # the claim: each card's next date moves once, whichever worker gets
        # there first; the other one creates nothing for the cards it lost
        cards = cards._move_callback_next_dates(next_date_by_card)
        vals_list = []
        summaries = {}
        envs = {}  # the company's language, for the names and activities
        for card in cards:
            project = card.project_id
            company = card.company_id
            if company not in envs:
                envs[company] = company._renovation_company_env()
            env = envs[company]
            statistician = project.statistician_id or company.renovation_statistician_id
            summary = env._("Callback: %s", project.display_name)
            for due_date, months in due_by_card[card]:
                summaries[card.id, due_date] = summary
                vals_list.append(
                    {
                        "card_id": card.id,
                        "project_id": project.id,
                        "partner_id": project.partner_id.id,
                        "company_id": company.id,
                        "user_id": statistician.id,
                        "due_date": due_date,
                        "offset_months": months,
                        "state": "planned",
                        # the stored computed fields, known here: not recomputed
                        # row by row at commit
                        "name": self._renovation_callback_name(env, card.name, "warranty", months),
                        "needs_follow_up": False,
                    }
                )
        callbacks = self._insert_ignoring_conflicts(vals_list)
        callbacks._schedule_call_activity(summaries)
        return callbacks

    def _schedule_call_activity(self, summaries=None):
        """One call activity per callback for its statistician, created in one
        batch (the cron makes hundreds at a time): no "activity assigned" e-mail
        per call, the statistician finds them in their activities.
        ``summaries``: {(card id, due date): summary} the caller has already."""
        callbacks = self.filtered("user_id")
        if not callbacks:
            return self.env["mail.activity"]
        activity_type = self.env.ref("renovation_aftercare.mail_activity_type_callback")
        model_id = self.env["ir.model"]._get_id(self._name)
        # sudo: the assignees' time zones, as the activity's related field
        # reads them (compute_sudo); only this value is read
        time_zones = {user.id: user.tz for user in callbacks.user_id.sudo()}
        summaries = dict(summaries or {})
        for company, group in callbacks.grouped("company_id").items():
            env = company._renovation_company_env()
            for callback in group:
                key = (callback.card_id.id, callback.due_date)
                if key not in summaries:
                    summaries[key] = env._("Callback: %s", callback.project_id.display_name)
        return (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": callback.id,
                        "activity_type_id": activity_type.id,
                        "user_id": callback.user_id.id,
                        "date_deadline": callback.due_date,
                        "summary": summaries[callback.card_id.id, callback.due_date],
                        # as activity_schedule: found by activity_feedback/_unlink
                        "automated": True,
                        # the stored computed fields of a new activity, known
                        # here: not computed and updated again row by row at
                        # the commit
                        "res_name": callback.display_name,
                        "date_done": False,
                        "user_tz": time_zones[callback.user_id.id],
                    }
                    for callback in callbacks
                ]
            )
        )

    # ------------------------------------------------------------------
    # the call
    # ------------------------------------------------------------------
    def action_done(self):
        for callback in self:
            if callback.state != "planned":
                raise UserError(_("Only a callback still to make can be recorded."))
            if not callback.outcome:
                raise UserError(_("Record the outcome of the call first."))
            if callback.outcome != "unreachable" and not callback.satisfaction:
                raise UserError(_("Record the client's satisfaction (1 to 5)."))
            if callback.outcome in ("remarks", "issue_reported") and not callback.notes:
                raise UserError(_("Write down what the client said."))
            callback.write({"state": "done", "call_datetime": fields.Datetime.now()})
            callback.activity_feedback(["renovation_aftercare.mail_activity_type_callback"])
            callback.project_id.message_post(
                body=_(
                    "Callback %(name)s: %(outcome)s, satisfaction %(score)s/5. %(notes)s",
                    name=callback.name,
                    outcome=dict(CALLBACK_OUTCOMES)[callback.outcome],
                    score=callback.satisfaction or "-",
                    notes=callback.notes or "",
                )
            )

    def action_cancel(self):
        if self.filtered(lambda c: c.state == "done"):
            raise UserError(_("A callback already made cannot be cancelled."))
        self.write({"state": "cancelled"})
        self.activity_unlink(["renovation_aftercare.mail_activity_type_callback"])

    def _check_follow_up_needed(self):
        self.ensure_one()
        if not self.needs_follow_up:
            raise UserError(
                _(
                    "Only a callback where the client reported an issue or is dissatisfied "
                    "opens a repair request or a complaint."
                )
            )

    def action_open_repair(self):
        """One click: the repair request of the issue reported on the call."""
        self.ensure_one()
        self._check_follow_up_needed()
        if not self.repair_id:
            self.repair_id = self.env["renovation.repair.request"].create(
                {
                    "project_id": self.project_id.id,
                    "source": "callback",
                    "callback_id": self.id,
                    "description": self.notes or _("Issue reported on %s", self.name),
                }
            )
        return self.repair_id._get_form_action()

    def action_open_complaint(self):
        """One click: the complaint (客户投诉记录单) of a dissatisfied client."""
        self.ensure_one()
        self._check_follow_up_needed()
        if not self.complaint_id:
            self.complaint_id = self.env["renovation.complaint"].create(
                {
                    "project_id": self.project_id.id,
                    "source": "callback",
                    "callback_id": self.id,
                    "description": self.notes or _("Dissatisfied client on %s", self.name),
                }
            )
        return self.complaint_id._get_form_action()
