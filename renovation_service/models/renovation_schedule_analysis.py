from odoo import fields, models, tools
from odoo.tools import SQL

from .renovation_schedule_template_line import NODE_KINDS


class RenovationScheduleAnalysis(models.Model):
    """Planned against actual, one row per schedule node: the delays per
    foreman, trade (node code) and studio. A SQL view over the nodes; days
    late count to today for a node not finished (to the completion
    acceptance once the project is accepted), like the node's own field."""

    _name = "renovation.schedule.analysis"
    _description = "Construction Schedule Analysis"
    _auto = False
    _order = "project_id, planned_start, id"

    task_id = fields.Many2one("project.task", string="Schedule Node", readonly=True)
    project_id = fields.Many2one("project.project", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    studio_id = fields.Many2one("renovation.studio", readonly=True)
    foreman_id = fields.Many2one("res.users", readonly=True)
    node_code = fields.Char(readonly=True)
    node_name = fields.Char(string="Node", readonly=True)
    node_kind = fields.Selection(NODE_KINDS, readonly=True)
    planned_start = fields.Date(readonly=True)
    planned_end = fields.Date(readonly=True)
    date_done = fields.Date(string="Actual End", readonly=True)
    duration_days = fields.Integer(string="Planned Working Days", readonly=True)
    progress = fields.Float(string="Progress (%)", readonly=True, aggregator="avg")
    days_late = fields.Float(readonly=True, aggregator="avg")
    is_late = fields.Boolean(string="Late", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # today in the company's time zone, when the view is read (not a date
        # fixed when it was created: the view outlives the day it was
        # installed); not CURRENT_DATE, the database server's day, a day
        # behind Shanghai every evening after 16:00 UTC
        late = SQL(
            "GREATEST(COALESCE(t.renovation_date_done, p.completion_acceptance_date, "
            "(now() AT TIME ZONE COALESCE(cp.tz, 'UTC'))::date) - t.renovation_planned_end, 0)"
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                SELECT t.id AS id,
                       t.id AS task_id,
                       t.project_id AS project_id,
                       p.company_id AS company_id,
                       p.studio_id AS studio_id,
                       COALESCE(t.renovation_foreman_id, p.foreman_id) AS foreman_id,
                       t.renovation_node_code AS node_code,
                       t.name AS node_name,
                       t.renovation_node_kind AS node_kind,
                       t.renovation_planned_start AS planned_start,
                       t.renovation_planned_end AS planned_end,
                       t.renovation_date_done AS date_done,
                       t.renovation_duration_days AS duration_days,
                       t.renovation_progress AS progress,
                       %(late)s AS days_late,
                       %(late)s > 0 AS is_late
                  FROM project_task t
                  JOIN project_project p ON p.id = t.project_id
                  LEFT JOIN res_company c ON c.id = p.company_id
                  LEFT JOIN res_partner cp ON cp.id = c.partner_id
                 WHERE t.renovation_node_code IS NOT NULL AND t.active
                )
                """,
                view=SQL.identifier(self._table),
                late=late,
            )
        )
