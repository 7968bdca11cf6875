import calendar
import heapq
import itertools
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, LazyTranslate

from odoo.addons.renovation_service.tools.sql import execute_skipping_races

_lt = LazyTranslate(__name__)


def _add_months(day, months):
    """``day + relativedelta(months=months)`` (the day clamped to the end of a
    shorter month), without relativedelta's cost: the callbacks cron computes
    one or two plan dates per card, for thousands of cards."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class RenovationWarrantyCard(models.Model):
    """保修卡: handed over with the keys once the completion is accepted and
    the final instalment is paid. Each scope is covered for its own period
    from the acceptance date; the card also drives the callback plan (回访)."""

    _name = "renovation.warranty.card"
    _description = "Warranty Card"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "renovation.unique.mixin"]
    _order = "issue_date desc, id desc"

    name = fields.Char(string="Card Number", readonly=True, copy=False, default="/")
    project_id = fields.Many2one(
        "project.project", required=True, readonly=True, ondelete="restrict", index=True
    )
    partner_id = fields.Many2one(
        related="project_id.partner_id", string="Client", store=True, index=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    # related fields read as superuser: the client sees these on the portal
    # without access to the (followers-only) project
    project_name = fields.Char(related="project_id.name", string="Project Name")
    contract_number = fields.Char(related="project_id.contract_number")
    site_address = fields.Char(related="project_id.site_address")
    studio_id = fields.Many2one(related="project_id.studio_id", store=True)
    designer_id = fields.Many2one(related="project_id.designer_id")
    foreman_id = fields.Many2one(related="project_id.foreman_id")
    issue_date = fields.Date(readonly=True, copy=False)
    start_date = fields.Date(
        string="Warranty Start",
        required=True,
        readonly=True,
        help="The completion acceptance date: every coverage runs from it.",
    )
    end_date = fields.Date(
        string="Warranty End",
        compute="_compute_end_date",
        store=True,
        help="Last day of the longest coverage.",
    )
    line_ids = fields.One2many("renovation.warranty.card.line", "card_id", string="Coverage")
    state = fields.Selection(
        [("issued", "Issued"), ("cancelled", "Cancelled")],
        default="issued",
        required=True,
        readonly=True,
        tracking=True,
    )
    is_active = fields.Boolean(
        string="Warranty Running", compute="_compute_is_active", search="_search_is_active"
    )
    callback_ids = fields.One2many("renovation.warranty.callback", "card_id", string="Callbacks")
    callback_count = fields.Integer(compute="_compute_counts")
    callback_next_date = fields.Date(
        string="Next Callback",
        readonly=True,
        copy=False,
        index=True,
        help="Next date of the callback plan; the daily cron creates the callbacks due.",
    )
    repair_ids = fields.One2many("renovation.repair.request", "card_id", string="Repairs")
    repair_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        ("project_uniq", "unique(project_id)", "A project has one warranty card."),
    ]
    _renovation_unique_keys = ((("project_id",), _lt("A project has one warranty card.")),)

    @api.depends("line_ids.end_date")
    def _compute_end_date(self):
        for card in self:
            card.end_date = max(card.line_ids.mapped("end_date"), default=False)

    def _compute_is_active(self):
        today = fields.Date.context_today(self)
        for card in self:
            card.is_active = bool(
                card.state == "issued"
                and card.start_date
                and card.end_date
                and card.start_date <= today <= card.end_date
            )

    def _search_is_active(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on running warranties."))
        today = fields.Date.context_today(self)
        domain = [("state", "=", "issued"), ("start_date", "<=", today), ("end_date", ">=", today)]
        return domain if (operator == "=") == value else ["!", "&", "&", *domain]

    def _compute_counts(self):
        for card in self:
            card.callback_count = len(card.callback_ids)
            card.repair_count = len(card.repair_ids)

    def _compute_access_url(self):
        super()._compute_access_url()
        for card in self:
            card.access_url = f"/my/warranty/{card.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return _("Warranty Card %s", self.name)

    # ------------------------------------------------------------------
    # issue
    # ------------------------------------------------------------------
    @api.model
    def _prepare_card_values(self, project):
        scopes = self.env["renovation.warranty.scope"]._default_scopes_for(project.company_id)
        return {
            "project_id": project.id,
            "start_date": project.completion_acceptance_date,
            "issue_date": fields.Date.context_today(self),
            "line_ids": [
                (0, 0, {"scope_id": scope.id, "warranty_months": scope.warranty_months})
                for scope in scopes
            ],
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("renovation.warranty.card")
        cards = super().create(vals_list)
        cards._schedule_next_callback()
        return cards

    def write(self, vals):
        res = super().write(vals)
        if "line_ids" in vals or "start_date" in vals:
            self._schedule_next_callback(fields.Date.context_today(self))
        return res

    def action_cancel(self):
        if not self.env.user.has_group("renovation_service.group_renovation_manager"):
            raise UserError(_("Only a renovation manager can cancel a warranty card."))
        self.write({"state": "cancelled", "callback_next_date": False})

    def action_preview_portal(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.access_url}

    def action_view_callbacks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_aftercare.action_renovation_warranty_callback"
        )
        action["domain"] = [("card_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_aftercare.action_renovation_repair_request"
        )
        action["domain"] = [("card_id", "=", self.id)]
        action["context"] = {"default_project_id": self.project_id.id}
        return action

    # ------------------------------------------------------------------
    # coverage
    # ------------------------------------------------------------------
    def _coverage_line(self, scope, on_date):
        """The coverage of ``scope`` in force on ``on_date`` (empty if none):
        the last covered day is still covered, the day after is not."""
        self.ensure_one()
        if self.state != "issued" or not scope or not on_date:
            return self.line_ids.browse()
        return self.line_ids.filtered(lambda line: line.scope_id == scope and line._covers(on_date))

    def _is_covered(self, scope, on_date):
        return bool(self._coverage_line(scope, on_date))

    # ------------------------------------------------------------------
    # callback plan (回访)
    # ------------------------------------------------------------------
    def _callback_plan(self):
        """[(due date, months after completion)] of the whole warranty: the
        listed months (seed 000: 1, 3, 6 months and a year) and every interval
        from the start (seed 002 step 28: every quarter), while any coverage of
        the card runs, its last month included. Each date is counted from the
        start (relativedelta clamps to the end of shorter months: 31 January +
        1 month = 28/29 February)."""
        self.ensure_one()
        return list(self._iter_callback_plan())

    def _callback_last_months(self):
        """{card id: months of its longest coverage} of the cards of ``self``
        that have coverage lines, in one grouped query (the cron's batch)."""
        groups = self.env["renovation.warranty.card.line"]._read_group(
            [("card_id", "in", self.ids)], ["card_id"], ["warranty_months:max"]
        )
        return {card.id: months for card, months in groups}

    def _iter_callback_plan(self, from_date=None, last_month=None, plan_months=None):
        """The plan of ``_callback_plan``, in date order and lazily: the cron
        stops at the first date after today instead of building ten years of
        quarters for every card. ``from_date``: only the dates on or after it
        (the months before its month are skipped without computing dates).
        ``last_month``: the months of the card's longest coverage, when the
        caller read them for a whole batch (see ``_callback_last_months``).
        ``plan_months``: the company's ``_renovation_callback_plan_months()``,
        when the caller read them once for many cards."""
        self.ensure_one()
        if last_month is None:
            last_month = max(self.line_ids.mapped("warranty_months"), default=None)
        if self.state != "issued" or not self.start_date or last_month is None:
            return
        company = self.company_id or self.env.company
        listed, interval = plan_months or company._renovation_callback_plan_months()
        periodic = itertools.count(interval, interval) if interval > 0 else ()
        start = self.start_date
        # start + n months falls in the calendar month start's month + n: the
        # months before from_date's month cannot reach it
        skip_below = (
            (from_date.year - start.year) * 12 + from_date.month - start.month if from_date else 0
        )
        previous = None
        # both sources are sorted: their merge is the plan in date order
        for month in heapq.merge(listed, periodic):
            if month > last_month:
                return
            if month != previous and month >= skip_below:
                due = _add_months(start, month)
                if not from_date or due >= from_date:
                    yield due, month
            previous = month

    def _next_callback_date(self, from_date=None):
        """First plan date on or after ``from_date`` (the plan's start when
        None), or False when the plan is over."""
        self.ensure_one()
        return next((due for due, _m in self._iter_callback_plan(from_date)), False)

    def _schedule_next_callback(self, from_date=None):
        """Store the first plan date on or after ``from_date`` (default: the
        start of the plan). The cron only looks at cards whose next date is due
        and creates the plan dates from it to today: a card issued late or a
        cron down for days is caught up, while a plan changed today does not
        bring back callbacks from the past."""
        self._write_callback_next_dates(
            {card: card._next_callback_date(from_date) for card in self}
        )

    def _write_callback_next_dates(self, next_date_by_card):
        """One write per distinct date rather than per card: a plan changed
        for many cards moves them mostly to a handful of dates. (The cron
        moves its cards with :meth:`_move_callback_next_dates`.)"""
        card_ids_by_date = defaultdict(list)
        for card, next_date in next_date_by_card.items():
            if card.callback_next_date != next_date:
                card_ids_by_date[next_date].append(card.id)
        # the next date is not tracked: skip mail's tracking preparation,
        # which reads every tracked field of the cards on each write
        cards = self.with_context(tracking_disable=True)
        for next_date, card_ids in card_ids_by_date.items():
            cards.browse(card_ids).write({"callback_next_date": next_date})

    def _move_callback_next_dates(self, next_date_by_card):
        """Move each card's next callback date on, from the date this
        transaction read to its new one, and return the cards moved: the
        callbacks cron's claim of their due callbacks.

        One compare-and-set UPDATE (the ORM's write cannot say "only if it is
        still the date I read"): a card that another cron worker moved
        meanwhile, or is moving, is neither moved again nor returned, so its
        callbacks are created by one worker only and neither worker fails.
        It also replaces the ORM write of hundreds of dates per batch."""
        rows = [
            (card.id, card.callback_next_date, next_date or None)
            for card, next_date in next_date_by_card.items()
        ]
        if not rows:
            return self.browse()
        self.flush_model(["callback_next_date"])
        now = self.env.cr.now()

        def move(rows):
            return SQL(
                """UPDATE renovation_warranty_card AS card
                      SET callback_next_date = moved.next_date, write_uid = %s, write_date = %s
                     FROM (VALUES %s) AS moved (id, read_date, next_date)
                    WHERE card.id = moved.id AND card.callback_next_date = moved.read_date
                RETURNING card.id""",
                self.env.uid,
                now,
                SQL(", ").join(SQL("(%s, %s::date, %s::date)", *row) for row in rows),
            )

        moved = self.browse(execute_skipping_races(self.env.cr, rows, move))
        # what the ORM's write does besides the UPDATE: the cached values go,
        # fields depending on the date are told
        self.invalidate_model(["callback_next_date", "write_uid", "write_date"])
        moved.modified(["callback_next_date"])
        return moved

    # ------------------------------------------------------------------
    # holiday greetings
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_holiday_greetings(self, batch_size=200):
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([("renovation_holiday_greetings", "=", True)])
        Holiday = self.env["renovation.aftercare.holiday"]
        for company in companies:
            last_day = today + relativedelta(days=company.renovation_greeting_days_before)
            holidays = Holiday.search(
                [
                    ("company_id", "in", (False, company.id)),
                    ("date", ">=", today),
                    ("date", "<=", last_day),
                ]
            )
            for holiday in holidays:
                cards = self.search(
                    [
                        ("company_id", "=", company.id),
                        ("is_active", "=", True),
                        ("partner_id.email", "!=", False),
                    ],
                    order="id",
                )
                self.env["ir.cron"]._renovation_process_in_batches(
                    cards, lambda batch, h=holiday: batch._send_holiday_greeting(h), batch_size
                )

    def _send_holiday_greeting(self, holiday):
        """Greet each card's client once per holiday: the greeting log row is
        claimed first (unique per card and holiday), and only the cards whose
        row this run inserted get the mail."""
        Greeting = self.env["renovation.warranty.greeting"]
        claimed = Greeting._insert_ignoring_conflicts(
            [{"card_id": card.id, "holiday_id": holiday.id} for card in self]
        )
        template = self.env.ref("renovation_aftercare.mail_template_holiday_greeting")
        for greeting in claimed:
            card = greeting.card_id
            # the template reads the holiday from the rendering context (ctx)
            message = card.with_context(
                renovation_holiday_name=holiday.name
            ).message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=card.partner_id.ids,
            )
            greeting.message_id = message
