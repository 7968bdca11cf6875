from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from .renovation_schedule_template_line import NODE_KINDS

MANAGER_GROUP = "renovation_service.group_renovation_manager"

# Seed 002 一般施工顺序 06: "在木工完成80%时,油工进行木制家具底层处理" — the
# painter starts (the undercoat of the wooden furniture) once the carpentry
# is 80 % done.
PAINT_START_CARPENTRY_PERCENT = 80
# ... "在木工、瓦工全部完工后 … 才能刷漆": the lacquer itself waits until
# carpentry and tiling are complete. The painter's node holds both: its first
# 30 % is the undercoat (the share of the painter's days it usually takes),
# beyond that it is lacquering.
PAINT_UNDERCOAT_PERCENT = 30
# Seed 002 一般施工顺序 08: "家具油漆基本完成后方可进行墙顶面打砂纸,刷乳胶漆".
# "Basically done" is read as 90 %: what is left then is touch-up after the
# wall paint, which the seed does not make wait.
WALL_PAINT_LACQUER_PERCENT = 90

# what only the schedule's actions change (see renovation.guarded.mixin): the
# identity of a node, which the trade rules below read — a member renaming
# the node kind would otherwise switch its rule off
GUARDED_FIELDS = ("renovation_node_code", "renovation_template_line_id", "renovation_node_kind")
# the plan of a node: the project manager (or a manager) sets it; archiving or
# moving a node would also take it out of the trade rules
PLANNING_FIELDS = {
    "renovation_planned_start",
    "renovation_planned_end",
    "renovation_duration_days",
    "date_deadline",
    # the timeline view (OCA project_timeline) draws and drags these
    "planned_date_start",
    "planned_date_end",
    "depend_on_ids",
    "active",
    "project_id",
}
# how far a node got: its foreman reports it, the project manager may correct it
PROGRESS_FIELDS = {"renovation_progress", "renovation_date_done"}


class ProjectTask(models.Model):
    """A node of a renovation project's construction schedule (施工进度计划):
    a task made from a schedule template line when the contract is
    confirmed, with its planned working days and its progress."""

    _name = "project.task"
    _inherit = ["project.task", "renovation.guarded.mixin"]
    _renovation_guarded_fields = GUARDED_FIELDS

    renovation_node_code = fields.Char(
        string="Node Code", readonly=True, copy=False, index="btree_not_null"
    )
    renovation_template_line_id = fields.Many2one(
        "renovation.schedule.template.line", string="Template Node", readonly=True, copy=False
    )
    renovation_node_kind = fields.Selection(
        NODE_KINDS, string="Node Kind", readonly=True, copy=False
    )
    renovation_duration_days = fields.Integer(string="Duration (working days)")
    renovation_planned_start = fields.Date(string="Planned Start")
    renovation_planned_end = fields.Date(string="Planned End")
    renovation_progress = fields.Integer(
        string="Node Progress (%)",
        default=0,
        tracking=True,
        help="How far the node got, reported by the foreman. The trade rules of seed 002 "
        "apply: the painter starts at 80 % of the carpentry, lacquers after carpentry "
        "and tiling are complete, the wall paint waits for the lacquer (90 %).",
    )
    renovation_date_done = fields.Date(
        string="Actual End", copy=False, help="Set when the node reaches 100 %."
    )
    renovation_days_late = fields.Integer(
        string="Node Days Late",
        compute="_compute_renovation_days_late",
        help="Days past the planned end: to the actual end once done, to today before.",
    )
    renovation_foreman_id = fields.Many2one(
        "res.users",
        string="Responsible Foreman",
        compute="_compute_renovation_foreman_id",
        store=True,
        readonly=False,
        help="The project's foreman unless a crew leader is set on the node.",
    )
    renovation_form_type_ids = fields.Many2many(
        "renovation.form.type", string="Forms Due", copy=False
    )
    renovation_inspections_due = fields.Text(string="Inspections Due", copy=False)
    renovation_designer_visit_ids = fields.One2many(
        "renovation.designer.visit", "node_task_id", string="Designer Visits"
    )

    renovation_designer_visit_due = fields.Boolean(
        string="Designer Visit Due",
        copy=False,
        help="The designer visits the site at this node and checks the works against the "
        "drawings: a planned visit is created, due at the node's date.",
    )
    renovation_notify_client = fields.Boolean(string="Tell the Client the Date", copy=False)

    _sql_constraints = [
        (
            "renovation_progress_range",
            "CHECK(renovation_progress >= 0 AND renovation_progress <= 100)",
            "A node's progress is between 0 and 100 %.",
        ),
    ]

    @api.depends("project_id.foreman_id")
    def _compute_renovation_foreman_id(self):
        for task in self:
            if task.renovation_node_code or task.renovation_template_line_id:
                task.renovation_foreman_id = task.project_id.foreman_id
            else:
                # not a schedule node: nothing to follow
                task.renovation_foreman_id = task.renovation_foreman_id

    @api.depends("renovation_planned_end", "renovation_date_done")
    def _compute_renovation_days_late(self):
        today = fields.Date.context_today(self)
        for task in self:
            end = task.renovation_date_done or task.project_id.completion_acceptance_date or today
            planned = task.renovation_planned_end
            task.renovation_days_late = max((end - planned).days, 0) if planned else 0

    # ------------------------------------------------------------------
    # the timeline (OCA project_timeline): a node spans its planned days
    # ------------------------------------------------------------------
    def _renovation_day_edge(self, day):
        """Midnight starting ``day`` in the company's time zone, as Odoo
        stores datetimes (UTC): the timeline shows whole working days."""
        tz = pytz.timezone(self.project_id.company_id.partner_id.tz or "UTC")
        local = tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.depends("date_assign", "renovation_planned_start")
    def _compute_planned_date_start(self):
        nodes = self.filtered("renovation_planned_start")
        for node in nodes:
            node.planned_date_start = node._renovation_day_edge(node.renovation_planned_start)
        return super(ProjectTask, self - nodes)._compute_planned_date_start()

    @api.depends("date_end", "renovation_planned_end")
    def _compute_planned_date_end(self):
        nodes = self.filtered("renovation_planned_end")
        for node in nodes:
            # the end of the last planned day
            end = node.renovation_planned_end + timedelta(days=1)
            node.planned_date_end = node._renovation_day_edge(end)
        return super(ProjectTask, self - nodes)._compute_planned_date_end()

    def _renovation_dates_from_timeline(self, vals):
        """A node dragged on the timeline moves its planned days (which the
        schedule, the trade rules and the days late read)."""
        self.ensure_one()
        tz = pytz.timezone(self.project_id.company_id.partner_id.tz or "UTC")

        def local_day(value, end=False):
            moment = pytz.utc.localize(fields.Datetime.to_datetime(value)).astimezone(tz)
            if end and moment.time() == time.min:
                moment -= timedelta(days=1)  # midnight ends the day before
            return moment.date()

        dates = {}
        if vals.get("planned_date_start") and "renovation_planned_start" not in vals:
            dates["renovation_planned_start"] = local_day(vals["planned_date_start"])
        if vals.get("planned_date_end") and "renovation_planned_end" not in vals:
            dates["renovation_planned_end"] = local_day(vals["planned_date_end"], end=True)
        return dates

    @api.constrains("renovation_planned_start", "renovation_planned_end")
    def _check_renovation_dates(self):
        for task in self:
            start, end = task.renovation_planned_start, task.renovation_planned_end
            if start and end and end < start:
                raise ValidationError(_("A node cannot end before it starts."))

    # ------------------------------------------------------------------
    # Who changes what
    # ------------------------------------------------------------------
    def _renovation_is_planner(self):
        """The project manager of every node's project, or a manager."""
        user = self.env.user
        return user.has_group(MANAGER_GROUP) or all(t.project_id.user_id == user for t in self)

    def _renovation_is_reporter(self):
        """Who reports progress: the node's foreman, the project's foreman
        or project manager, a manager."""
        user = self.env.user
        return user.has_group(MANAGER_GROUP) or all(
            user in (t.renovation_foreman_id | t.project_id.foreman_id | t.project_id.user_id)
            for t in self
        )

    def _renovation_nodes(self):
        """The schedule nodes among these tasks, in the caller's environment.
        The node code is read as superuser: a portal user of Odoo's project
        sharing may not read it (SELF_READABLE_FIELDS), yet writes tasks."""
        return self.sudo().filtered("renovation_node_code").sudo(self.env.su)

    def write(self, vals):
        nodes = self._renovation_nodes()
        if nodes and not self.env.su:
            if PLANNING_FIELDS & set(vals) and not nodes._renovation_is_planner():
                raise UserError(
                    _(
                        "Only the project manager plans the dates of the schedule nodes %s.",
                        ", ".join(nodes.mapped("display_name")),
                    )
                )
            if PROGRESS_FIELDS & set(vals) and not nodes._renovation_is_reporter():
                raise UserError(
                    _(
                        "Only the foreman or the project manager reports the progress of %s.",
                        ", ".join(nodes.mapped("display_name")),
                    )
                )
        if nodes and "renovation_progress" in vals:
            # the trade rules hold on every path, superuser included: they are
            # the site's physical order, not a permission
            nodes._renovation_check_trade_rules(vals["renovation_progress"] or 0)
            if "renovation_date_done" not in vals:
                done = (vals["renovation_progress"] or 0) >= 100
                # a node reaching 100 % ends today; reopened, it has no end yet
                if not done:
                    vals = dict(vals, renovation_date_done=False)
                elif all(not n.renovation_date_done for n in nodes):
                    vals = dict(vals, renovation_date_done=fields.Date.context_today(self))
        if nodes and {"planned_date_start", "planned_date_end"} & set(vals):
            if len(nodes) == 1:
                vals = {**vals, **nodes._renovation_dates_from_timeline(vals)}
        if "renovation_planned_end" in vals and "date_deadline" not in vals:
            # Odoo's own deadline follows the planned end (calendar, late filters)
            vals = dict(vals, date_deadline=vals["renovation_planned_end"] or False)
        res = super().write(vals)
        if nodes and "renovation_progress" in vals:
            nodes.project_id._renovation_check_midterm()
        if vals.get("renovation_designer_visit_due"):
            self._renovation_plan_designer_visits()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_schedule_node(self):
        # deleting the carpentry node would switch the painter's rule off:
        # the schedule's nodes are removed by a manager only
        nodes = self._renovation_nodes()
        if nodes and not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                _(
                    "Only a renovation manager deletes the schedule nodes %s.",
                    ", ".join(nodes.mapped("display_name")),
                )
            )

    def _renovation_check_trade_rules(self, progress):
        """Seed 002 一般施工顺序: raise (nothing written) when ``self`` may not
        reach ``progress`` yet because of the trades before it."""
        projects = self.project_id
        all_nodes = self.search(
            [("project_id", "in", projects.ids), ("renovation_node_code", "!=", False)]
        )

        def nodes_of(task, *kinds):
            return all_nodes.filtered(
                lambda n: n.project_id == task.project_id and n.renovation_node_kind in kinds
            )

        for task in self:
            if progress <= task.renovation_progress:
                continue  # reporting less is never blocked
            kind = task.renovation_node_kind
            if kind == "painting":
                carpentry = nodes_of(task, "carpentry")
                behind = carpentry.filtered(
                    lambda n: n.renovation_progress < PAINT_START_CARPENTRY_PERCENT
                )
                if progress > 0 and behind:
                    raise UserError(
                        _(
                            "The painter starts %(node)s once the carpentry is %(pct)s %% done "
                            "(seed 002: 木工完成80%%后油工进场). Carpentry: %(carpentry)s.",
                            node=task.display_name,
                            pct=PAINT_START_CARPENTRY_PERCENT,
                            carpentry=", ".join(
                                f"{n.name} {n.renovation_progress} %" for n in behind
                            ),
                        )
                    )
                unfinished = nodes_of(task, "carpentry", "carpentry_finish", "tiling").filtered(
                    lambda n: n.renovation_progress < 100
                )
                if progress > PAINT_UNDERCOAT_PERCENT and unfinished:
                    raise UserError(
                        _(
                            "%(node)s: beyond the undercoat (%(pct)s %%) comes the lacquer, "
                            "which waits until carpentry and tiling are complete "
                            "(seed 002: 木工、瓦工全部完工后才能刷漆). Not complete: %(nodes)s.",
                            node=task.display_name,
                            pct=PAINT_UNDERCOAT_PERCENT,
                            nodes=", ".join(
                                f"{n.name} {n.renovation_progress} %" for n in unfinished
                            ),
                        )
                    )
            elif kind == "wall_paint" and progress > 0:
                lacquer = nodes_of(task, "painting").filtered(
                    lambda n: n.renovation_progress < WALL_PAINT_LACQUER_PERCENT
                )
                if lacquer:
                    raise UserError(
                        _(
                            "The wall paint of %(node)s waits until the lacquer is basically "
                            "done (%(pct)s %%; seed 002: 家具油漆基本完成后方可刷乳胶漆). "
                            "Lacquer: %(nodes)s.",
                            node=task.display_name,
                            pct=WALL_PAINT_LACQUER_PERCENT,
                            nodes=", ".join(f"{n.name} {n.renovation_progress} %" for n in lacquer),
                        )
                    )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_renovation_start(self):
        """The foreman starts the node: progress 1 % (the trade rules apply)."""
        for task in self.filtered(lambda t: t.renovation_node_code and not t.renovation_progress):
            task.renovation_progress = 1
        return True

    def action_renovation_done(self):
        """The foreman reports the node complete (100 %, ends today)."""
        self.filtered("renovation_node_code").renovation_progress = 100
        return True

    @api.model
    def _get_projects_to_make_billable_domain(self, additional_domain=None):
        # the schedule nodes of a renovation project carry the client: the
        # project is still invoiced by its payment plan, not made billable
        return expression.AND(
            [
                super()._get_projects_to_make_billable_domain(additional_domain),
                [("project_id.is_renovation", "=", False)],
            ]
        )

    # ------------------------------------------------------------------
    # Dates of a node for the records planned at it, and its designer visit
    # ------------------------------------------------------------------
    def _renovation_node_day(self):
        """The day records planned at this node follow (materials needed,
        designer visit due): its deadline, the schedule's planned end."""
        return fields.Date.to_date(self.date_deadline) if self else False

    @api.model_create_multi
    def create(self, vals_list):
        tasks = super().create(vals_list)
        # read as superuser: a portal user creating a task in Odoo's project
        # sharing may not read the flag (only the schedule sets it)
        flagged = tasks.sudo().filtered("renovation_designer_visit_due")
        flagged.sudo(self.env.su)._renovation_plan_designer_visits()
        return tasks

    def _renovation_plan_designer_visits(self):
        """A planned visit for each flagged node of a renovation project that
        has no visit yet and has a date."""
        nodes = self.filtered(
            lambda t: (
                t.renovation_designer_visit_due
                and t.project_id.is_renovation
                and t.date_deadline
                and not t.renovation_designer_visit_ids
            )
        )
        if nodes:
            self.env["renovation.designer.visit"].create(
                [{"project_id": node.project_id.id, "node_task_id": node.id} for node in nodes]
            )
