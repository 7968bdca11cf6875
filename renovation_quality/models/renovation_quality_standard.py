from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

from .renovation_quality_checklist import INSPECTION_NODES

_lt = LazyTranslate(__name__)


class RenovationQualityStandard(models.Model):
    """One version of an acceptance standard: chapters, clauses and checklists.

    Projects keep the version they started with (``project.quality_standard_id``),
    so a version in use never changes: a company adapts its standard by copying
    it into a new draft version (:meth:`action_new_version`), editing the draft
    and making it current (:meth:`action_activate`).
    """

    _name = "renovation.quality.standard"
    _description = "Quality Acceptance Standard"
    _inherit = ["mail.thread", "renovation.unique.mixin"]
    _order = "code, version desc, id desc"

    # English in the data, the standard's Chinese title as its zh_CN translation
    name = fields.Char(required=True, tracking=True, translate=True)
    code = fields.Char(
        required=True, help="Identifies the standard across its versions, e.g. HOME-DECO."
    )
    version = fields.Integer(required=True, default=1, readonly=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Empty: shipped standard shared by every company that has no version of its own.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Current"), ("superseded", "Superseded")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        help="Only a draft can be edited. New projects of the company get its current version.",
    )
    previous_version_id = fields.Many2one(
        "renovation.quality.standard", string="Copied From", readonly=True, copy=False
    )
    description = fields.Text()
    chapter_ids = fields.One2many("renovation.quality.chapter", "standard_id", string="Chapters")
    clause_ids = fields.One2many("renovation.quality.clause", "standard_id", string="Clauses")
    checklist_ids = fields.One2many(
        "renovation.quality.checklist", "standard_id", string="Checklists"
    )
    clause_count = fields.Integer(compute="_compute_counts")
    project_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        (
            "code_version_uniq",
            "unique(code, version)",
            "This version of the standard exists already.",
        ),
    ]
    _renovation_unique_keys = (
        (("code", "version"), _lt("This version of the standard exists already.")),
    )

    def init(self):
        # one current version per company (NULL company = the shared standard)
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS renovation_quality_standard_one_current
                ON renovation_quality_standard (COALESCE(company_id, 0))
             WHERE state = 'active'
            """
        )

    def _compute_counts(self):
        projects = self.env["project.project"].sudo()  # sudo: counting, nothing is shown
        for standard in self:
            standard.clause_count = len(standard.clause_ids)
            standard.project_count = projects.search_count(
                [("quality_standard_id", "=", standard.id)]
            )

    @api.depends("name", "version")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for standard in self:
            standard.display_name = _(
                "%(name)s v%(version)s", name=standard.name, version=standard.version
            )

    # ------------------------------------------------------------------
    # a version in use is frozen
    # ------------------------------------------------------------------
    def _check_editable(self):
        frozen = self.filtered(lambda s: s.state != "draft")
        if frozen:
            raise UserError(
                _(
                    "%s is in use and cannot be changed: create a new version and edit that one.",
                    frozen[0].display_name,
                )
            )

    def write(self, vals):
        if set(vals) & {"code", "company_id"}:
            self._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        self._check_editable()

    # ------------------------------------------------------------------
    # versions
    # ------------------------------------------------------------------
    @api.model
    def _current_for_company(self, company):
        """The version new projects of ``company`` start with: its own current
        version, else the shared one."""
        standards = self.search(
            [("state", "=", "active"), ("company_id", "in", [company.id, False])]
        )
        return standards.filtered(lambda s: s.company_id == company)[:1] or standards[:1]

    def action_new_version(self):
        self.ensure_one()
        new_version = self._copy_as_new_version()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new_version.id,
            "view_mode": "form",
        }

    def _copy_as_new_version(self, company=None):
        """A draft copy of this version with every chapter, clause and checklist,
        for ``company`` (default: the current one)."""
        self.ensure_one()
        company = company or self.env.company
        # sudo: version numbers of other companies' copies are needed to pick a
        # free number; nothing else of those standards is read
        versions = self.sudo().search([("code", "=", self.code)]).mapped("version")
        new_version = self.create(
            {
                "name": self.name,
                "code": self.code,
                "description": self.description,
                "version": max(versions) + 1,
                "company_id": company.id,
                "previous_version_id": self.id,
            }
        )
        # the name in every language, as copy() does for the chapters and clauses
        self.copy_translations(new_version, excluded=("chapter_ids", "checklist_ids"))
        clause_map = {}
        for chapter in self.chapter_ids:
            new_chapter = chapter.copy({"standard_id": new_version.id})
            for clause in chapter.clause_ids:
                clause_map[clause] = clause.copy({"chapter_id": new_chapter.id})
        for checklist in self.checklist_ids:
            new_clauses = self.env["renovation.quality.clause"].concat(
                *(clause_map[clause] for clause in checklist.clause_ids)
            )
            checklist.copy(
                {"standard_id": new_version.id, "clause_ids": [Command.set(new_clauses.ids)]}
            )
        new_version.message_post(body=_("New version copied from %s.", self.display_name))
        return new_version

    def action_activate(self):
        """Make this version the company's current one; the previous current
        version stays with the projects that use it."""
        for standard in self:
            if standard.state == "active":
                raise UserError(_("%s is already the current version.", standard.display_name))
            if not standard.clause_ids:
                raise UserError(_("A standard without clauses cannot become current."))
            missing = {node for node, _label in INSPECTION_NODES}
            missing -= set(standard.checklist_ids.mapped("node"))
            if missing:
                raise UserError(
                    _(
                        "%(standard)s has no checklist for: %(nodes)s",
                        standard=standard.display_name,
                        nodes=", ".join(sorted(missing)),
                    )
                )
            current = self.search(
                [("state", "=", "active"), ("company_id", "=", standard.company_id.id)]
            )
            current.write({"state": "superseded"})
            # the unique index allows one current version per company: the old
            # one must be superseded in the database before this one is current
            current.flush_recordset(["state"])
            standard.state = "active"

    def action_view_clauses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_quality.action_renovation_quality_clause"
        )
        action["domain"] = [("standard_id", "=", self.id)]
        action["context"] = {"search_default_group_chapter": 1}
        return action
