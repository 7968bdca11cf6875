from odoo import fields, models, tools
from odoo.tools import SQL

from .renovation_quality_checklist import INSPECTION_NODES


class RenovationQualityReport(models.Model):
    """Quality analysis: one row per pass/fail check of a completed inspection.
    ``first_pass_rate`` averages to the share of checks passed at the first
    inspection, per foreman, chapter, node... (not-applicable checks excluded)."""

    _name = "renovation.quality.report"
    _description = "Quality Analysis"
    _auto = False
    _order = "date desc, id desc"

    date = fields.Date(readonly=True)
    inspection_id = fields.Many2one("renovation.quality.inspection", readonly=True)
    project_id = fields.Many2one("project.project", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    foreman_id = fields.Many2one("res.users", readonly=True)
    inspector_id = fields.Many2one("res.users", readonly=True)
    node = fields.Selection(INSPECTION_NODES, readonly=True)
    is_spot_check = fields.Boolean(string="Spot Check", readonly=True)
    standard_id = fields.Many2one("renovation.quality.standard", readonly=True)
    chapter_id = fields.Many2one("renovation.quality.chapter", readonly=True)
    chapter_number = fields.Char(
        readonly=True, help="Chapter number, the same across the versions of a standard."
    )
    clause_id = fields.Many2one("renovation.quality.clause", readonly=True)
    result = fields.Selection([("pass", "Pass"), ("fail", "Fail")], readonly=True)
    check_count = fields.Integer(string="Checks", readonly=True)
    fail_count = fields.Integer(string="Failed Checks", readonly=True)
    first_pass_rate = fields.Float(string="First-pass Rate (%)", readonly=True, aggregator="avg")
    rectification_id = fields.Many2one("renovation.quality.rectification", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT line.id AS id,
                           insp.date AS date,
                           insp.id AS inspection_id,
                           insp.project_id AS project_id,
                           insp.company_id AS company_id,
                           insp.foreman_id AS foreman_id,
                           insp.inspector_id AS inspector_id,
                           insp.node AS node,
                           COALESCE(insp.is_spot_check, FALSE) AS is_spot_check,
                           insp.standard_id AS standard_id,
                           clause.chapter_id AS chapter_id,
                           chapter.number AS chapter_number,
                           line.clause_id AS clause_id,
                           line.result AS result,
                           1 AS check_count,
                           CASE WHEN line.result = 'fail' THEN 1 ELSE 0 END AS fail_count,
                           CASE WHEN line.result = 'pass' THEN 100.0 ELSE 0.0 END
                               AS first_pass_rate,
                           line.rectification_id AS rectification_id
                      FROM renovation_quality_inspection_line line
                      JOIN renovation_quality_inspection insp ON insp.id = line.inspection_id
                      JOIN renovation_quality_clause clause ON clause.id = line.clause_id
                      JOIN renovation_quality_chapter chapter ON chapter.id = clause.chapter_id
                     WHERE insp.state = 'done'
                       AND line.result IN ('pass', 'fail')
                )
                """,
                SQL.identifier(self._table),
            )
        )
