from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from .renovation_quality_checklist import INSPECTION_NODES

MANAGER_GROUP = "renovation_service.group_renovation_manager"
# the works that cover the hidden works (泥木): they wait for the hold point
COVERING_NODES = ("tiling", "carpentry")
# what a completed inspection keeps as it was inspected
FROZEN_WHEN_DONE = {
    "project_id",
    "node",
    "checklist_id",
    "standard_id",
    "inspector_id",
    "foreman_id",
    "date",
    "is_spot_check",
    "line_ids",
    "pressure_test_mpa",
    "pressure_test_minutes",
    "insulation_resistance_mohm",
}
# the checks of the hidden-works form's fields (隐蔽工程验收记录单)
HIDDEN_WORKS_CHECKS = {
    "pressure_result": ("2.0.3",),
    "drainage_result": ("2.0.4",),
    "circuits_result": ("3.0.2", "3.0.3"),
    "insulation_result": ("3.0.5",),
}


class RenovationQualityInspection(models.Model):
    """An inspection of one node of the works against the project's standard
    version, by the quality inspector (质检员)."""

    _name = "renovation.quality.inspection"
    _description = "Quality Inspection"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "renovation.form.source.mixin",
        "renovation.project.record.mixin",
        "renovation.guarded.mixin",
    ]
    _order = "date desc, id desc"
    # what completing the inspection records: only its actions write it
    _renovation_guarded_fields = ("name", "state", "done_on", "form_id", "standard_id")

    name = fields.Char(readonly=True, copy=False, default=lambda self: _("New"))
    node = fields.Selection(INSPECTION_NODES, required=True, tracking=True)
    standard_id = fields.Many2one(
        "renovation.quality.standard",
        readonly=True,
        help="The project's standard version when the inspection was created.",
    )
    checklist_id = fields.Many2one(
        "renovation.quality.checklist",
        compute="_compute_checklist_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('standard_id', '=', standard_id), ('node', '=', node)]",
    )
    inspector_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    foreman_id = fields.Many2one(
        "res.users",
        compute="_compute_foreman_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Foreman responsible for the inspected works (first-pass rate per foreman).",
    )
    patrol_id = fields.Many2one("renovation.quality.patrol", index="btree_not_null")
    date = fields.Date(default=fields.Date.context_today, required=True, tracking=True)
    done_on = fields.Datetime(string="Completed On", readonly=True, copy=False)
    is_spot_check = fields.Boolean(
        string="QC Spot Check",
        help="Unannounced check by quality control; it produces no signed form.",
    )
    state = fields.Selection(
        [("draft", "In Progress"), ("done", "Completed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    result = fields.Selection(
        [
            ("pending", "Pending"),
            ("pass", "Passed"),
            ("fail", "Failed"),
            ("rectified", "Passed after rectification"),
        ],
        compute="_compute_result",
        store=True,
        tracking=True,
    )
    line_ids = fields.One2many(
        "renovation.quality.inspection.line", "inspection_id", string="Checks", copy=True
    )
    line_count = fields.Integer(compute="_compute_line_stats", store=True)
    failed_line_count = fields.Integer(compute="_compute_line_stats", store=True)
    rectification_ids = fields.One2many(
        "renovation.quality.rectification", "inspection_id", string="Rectification Orders"
    )
    rectification_count = fields.Integer(compute="_compute_rectification_count")
    water_test_ids = fields.One2many(
        "renovation.quality.water.test", "inspection_id", string="Water-closure Tests"
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "renovation_quality_inspection_photo_rel",
        "inspection_id",
        "attachment_id",
        string="Photos and Videos",
    )
    photo_count = fields.Integer(compute="_compute_media_counts")
    video_count = fields.Integer(compute="_compute_media_counts")
    min_photo_count = fields.Integer(related="checklist_id.min_photo_count")
    video_required = fields.Boolean(related="checklist_id.video_required")
    # what the hidden-works record prints besides the checks (隐蔽工程验收记录单)
    pressure_test_mpa = fields.Float(
        string="Test Pressure (MPa)", digits=(16, 2), help="Water supply pressure test."
    )
    pressure_test_minutes = fields.Float(string="Pressure Held (min)", digits=(16, 0))
    insulation_resistance_mohm = fields.Float(string="Insulation Resistance (MΩ)", digits=(16, 1))
    form_id = fields.Many2one("renovation.form", string="Signed Form", readonly=True, copy=False)
    form_state = fields.Selection(related="form_id.state", string="Form Status")
    notes = fields.Html()

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.depends("project_id", "node", "standard_id")
    def _compute_checklist_id(self):
        for inspection in self:
            standard = inspection.standard_id or inspection.project_id.quality_standard_id
            if not standard and inspection.project_id:
                standard = self.env["project.project"]._quality_current_standard(
                    inspection.project_id.company_id
                )
            inspection.checklist_id = standard.checklist_ids.filtered(
                lambda c, node=inspection.node: c.node == node
            )[:1]

    @api.depends("project_id")
    def _compute_foreman_id(self):
        for inspection in self:
            inspection.foreman_id = inspection.project_id.foreman_id

    @api.depends("state", "line_ids.result", "rectification_ids.state")
    def _compute_result(self):
        for inspection in self:
            failed = inspection.line_ids.filtered(lambda line: line.result == "fail")
            rectifications = inspection.rectification_ids
            if inspection.state != "done":
                inspection.result = "pending"
            elif not failed:
                inspection.result = "pass"
            elif rectifications and all(r.state == "closed" for r in rectifications):
                inspection.result = "rectified"
            else:
                inspection.result = "fail"

    @api.depends("line_ids.result")
    def _compute_line_stats(self):
        for inspection in self:
            inspection.line_count = len(inspection.line_ids)
            inspection.failed_line_count = len(
                inspection.line_ids.filtered(lambda line: line.result == "fail")
            )

    def _compute_rectification_count(self):
        for inspection in self:
            inspection.rectification_count = len(inspection.rectification_ids)

    def _media_attachments(self):
        """Photos and videos of the inspection: uploaded in its chatter or photo
        field, or on its lines."""
        self.ensure_one()
        attachments = self.photo_ids | self.line_ids.photo_ids
        attachments |= self.env["ir.attachment"].search(
            [
                "|",
                "&",
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                "&",
                ("res_model", "=", self.line_ids._name),
                ("res_id", "in", self.line_ids.ids),
            ]
        )
        return attachments

    def _compute_media_counts(self):
        for inspection in self:
            if not inspection.id:
                inspection.photo_count = inspection.video_count = 0
                continue
            mimetypes = inspection._media_attachments().mapped("mimetype")
            inspection.photo_count = len([m for m in mimetypes if (m or "").startswith("image/")])
            inspection.video_count = len([m for m in mimetypes if (m or "").startswith("video/")])

    def _compute_access_url(self):
        super()._compute_access_url()
        for inspection in self:
            inspection.access_url = f"/my/inspections/{inspection.id}"

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        projects = self.env["project.project"].browse(
            [vals["project_id"] for vals in vals_list if vals.get("project_id")]
        )
        projects._quality_ensure_standard()
        for vals in vals_list:
            vals.pop("name", None)
            vals.pop("standard_id", None)
            if vals.get("node") in COVERING_NODES and not vals.get("is_spot_check"):
                projects.browse(vals.get("project_id"))._quality_check_covering_allowed(
                    dict(self._fields["node"]._description_selection(self.env))[vals["node"]]
                )
        inspections = super().create(vals_list)
        for inspection in inspections:
            # sudo: the number comes from the sequence and the standard is the
            # project's version, both set once here
            inspection.sudo().write(
                {
                    "name": self.env["ir.sequence"].next_by_code("renovation.quality.inspection")
                    or _("New"),
                    "standard_id": inspection.project_id.quality_standard_id.id,
                }
            )
        for inspection in inspections:
            if not inspection.checklist_id:
                raise UserError(
                    _(
                        "The standard of %(project)s has no checklist for the node “%(node)s”.",
                        project=inspection.project_id.display_name,
                        node=inspection._node_label(),
                    )
                )
            if not inspection.line_ids:
                inspection.line_ids = inspection._checklist_line_commands()
        return inspections

    def write(self, vals):
        if FROZEN_WHEN_DONE & set(vals) and self.filtered(lambda i: i.state != "draft"):
            raise UserError(_("A completed or cancelled inspection cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda i: i.state == "done"):
            raise UserError(_("A completed inspection is a quality record and cannot be deleted."))

    @api.onchange("checklist_id")
    def _onchange_checklist_id(self):
        """Load the checklist while nothing is recorded yet."""
        if self.state == "draft" and not self.line_ids.filtered("result"):
            self.line_ids = [Command.clear(), *self._checklist_line_commands()]

    def _checklist_line_commands(self):
        self.ensure_one()
        return [
            Command.create({"clause_id": clause.id, "sequence": index})
            for index, clause in enumerate(self.checklist_id.clause_ids, start=1)
        ]

    def _node_label(self):
        self.ensure_one()
        return dict(self._fields["node"]._description_selection(self.env)).get(self.node, "")

    # ------------------------------------------------------------------
    # completion
    # ------------------------------------------------------------------
    def _check_can_complete(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("%s is not in progress.", self.name))
        user = self.env.user
        if user != self.inspector_id and not user.has_group(MANAGER_GROUP):
            raise UserError(
                _(
                    "Only %(inspector)s, the inspector of %(name)s, or a renovation manager can "
                    "complete it.",
                    inspector=self.inspector_id.name,
                    name=self.name,
                )
            )
        if not self.line_ids:
            raise UserError(_("%s has nothing checked.", self.name))
        pending = self.line_ids.filtered(lambda line: not line.result)
        if pending:
            raise UserError(
                _(
                    "Record a result for every check first. Missing: %s",
                    ", ".join(pending.mapped("code")),
                )
            )
        unmeasured = self.line_ids.filtered(
            lambda line: (
                line.check_kind == "measured" and line.result != "na" and not line.value_entered
            )
        )
        if unmeasured:
            raise UserError(
                _("Enter the measured values of: %s", ", ".join(unmeasured.mapped("code")))
            )
        self._check_required_media()
        if self.checklist_id.requires_water_test and not self.water_test_ids.filtered(
            lambda t: t.state in ("passed", "failed")
        ):
            raise UserError(
                _(
                    "Attach the finished water-closure test (防水工程闭水试验记录单) of the "
                    "waterproofing first."
                )
            )
        if self.line_ids.filtered(lambda line: line.result == "fail") and not self.foreman_id:
            raise UserError(
                _(
                    "Set the foreman responsible for the works: the failed checks go to them "
                    "as a rectification order."
                )
            )

    def _check_required_media(self):
        """摄像登记表: the node's photos and video are part of the record."""
        self.ensure_one()
        if self.photo_count < self.min_photo_count:
            raise UserError(
                _(
                    "%(node)s needs at least %(required)s photos; %(count)s attached.",
                    node=self._node_label(),
                    required=self.min_photo_count,
                    count=self.photo_count,
                )
            )
        if self.video_required and not self.video_count:
            raise UserError(
                _(
                    "%s needs a video record (摄像登记表). Attach the video first.",
                    self._node_label(),
                )
            )

    def action_complete(self):
        for inspection in self:
            inspection._check_can_complete()
        for inspection in self:
            # sudo: who may complete it and whether it is complete are checked above
            inspection.sudo().write({"state": "done", "done_on": fields.Datetime.now()})
            failed = inspection.line_ids.filtered(lambda line: line.result == "fail")
            if failed:
                rectification = inspection._create_rectification(failed)
                inspection.message_post(
                    body=Markup(
                        _("Completed: %(count)s failed check(s), rectification order %(order)s.")
                    )
                    % {
                        "count": len(failed),
                        "order": rectification._get_html_link(),
                    }
                )
            else:
                inspection.message_post(body=_("Completed: every check passed."))
                inspection._issue_acceptance_form()
        return True

    def action_cancel(self):
        for inspection in self:
            if inspection.state != "draft":
                raise UserError(_("Only an inspection in progress can be cancelled."))
            inspection.check_access("write")
            # sudo: state is guarded; whoever edits an inspection in progress may cancel it
            inspection.sudo().state = "cancelled"

    def action_load_checklist(self):
        for inspection in self:
            if inspection.state != "draft" or inspection.line_ids.filtered("result"):
                raise UserError(_("Results are recorded already: the checklist is not reloaded."))
            inspection.line_ids = [Command.clear(), *inspection._checklist_line_commands()]

    def _create_rectification(self, failed_lines):
        self.ensure_one()
        foreman_lang = self.foreman_id.lang or self.env.lang
        rectification = self.env["renovation.quality.rectification"].create(
            {
                "inspection_id": self.id,
                "foreman_id": self.foreman_id.id,
                "deadline": fields.Date.add(
                    fields.Date.context_today(self), days=self.checklist_id.rectification_days
                ),
                "description": "\n".join(
                    # in the language of the foreman who reads and rectifies it
                    f"{line.code} {line.clause_id.with_context(lang=foreman_lang).name}"
                    + (f" — {line.note}" if line.note else "")
                    for line in failed_lines
                ),
            }
        )
        # sudo: the failed checks of this completed inspection go to its order
        failed_lines.sudo().rectification_id = rectification
        return rectification

    def _on_rectification_closed(self):
        """The last rectification closed: the node is accepted now."""
        for inspection in self:
            if inspection.state == "done" and inspection.result == "rectified":
                inspection._issue_acceptance_form()

    # ------------------------------------------------------------------
    # signed form (renovation_service forms mechanism)
    # ------------------------------------------------------------------
    def _issue_acceptance_form(self):
        """Produce the node's form (隐蔽工程验收记录单, 防水工程闭水试验记录单,
        进场材料检验单, 竣工验收单) and send it for signature. Only an accepted
        node gets its form: the signatures certify acceptance."""
        self.ensure_one()
        form_type = self.checklist_id.form_type_id
        if self.is_spot_check or not form_type or self.form_id:
            return self.form_id
        form = self.env["renovation.form"]._create_from_source(
            self, form_type.code, self.project_id, values=self._acceptance_form_values()
        )
        form.action_request_signatures()
        # sudo: the node's form was just produced by this inspection
        self.sudo().form_id = form
        self.message_post(body=Markup(_("%s sent for signature.")) % form._get_html_link())
        return form

    def _acceptance_form_values(self):
        self.ensure_one()
        client_lang = self.partner_id.lang or self.env.lang
        lines = []
        for line in self.line_ids:
            measured = ""
            if line.check_kind == "measured" and line.value_entered:
                measured = f"{line.measured_value:g} {line.uom or ''} ({line.tolerance_display})"
            note = line.note or ""
            if line.rectification_id:
                note = _(
                    "Rectified (%(order)s). %(note)s", order=line.rectification_id.name, note=note
                )
            lines.append(
                Command.create(
                    {
                        "sequence": line.sequence,
                        # the client signs the form: in the client's language
                        "name": f"{line.code} {line.clause_id.with_context(lang=client_lang).name}",
                        "description": measured or False,
                        "result": "pass" if line.rectification_id else line.result,
                        "note": note.strip() or False,
                    }
                )
            )
        content = Markup("<p>%s</p>") % _(
            "%(node)s — inspection %(name)s of %(date)s by %(inspector)s, against %(standard)s.",
            node=self._node_label(),
            name=self.name,
            date=self.date,
            inspector=self.inspector_id.name,
            standard=self.standard_id.display_name,
        )
        tests = self.water_test_ids.filtered(lambda t: t.state in ("passed", "failed"))
        for test in tests:
            content += Markup("<p>%s</p>") % _(
                "Water-closure test %(name)s (%(area)s): %(start)s – %(end)s, %(hours)s h, "
                "%(state)s.",
                name=test.name,
                area=test.area,
                start=test.start_datetime,
                end=test.end_datetime,
                hours=round(test.duration_hours, 1),
                state=dict(test._fields["state"]._description_selection(self.env))[test.state],
            )
        for test in tests:
            lines.append(Command.create(test._form_line_values(self._upturn_height())))
        images = self._media_attachments().filtered(
            lambda a: (a.mimetype or "").startswith("image/")
        )
        return {"content": content, "line_ids": lines, "photo_ids": [Command.set(images.ids)]}

    def _checks_result(self, codes):
        """pass/fail of the checks of these clause codes (fail wins; a
        rectified check passed), None when the node has none of them."""
        checks = self.line_ids.filtered(lambda line: line.code in codes and line.result)
        if not checks:
            return None
        results = {"pass" if line.rectification_id else line.result for line in checks}
        return "fail" if "fail" in results else "pass" if "pass" in results else "na"

    def _upturn_height(self):
        """The measured waterproofing upturn (standard 8.1.5: at least 250 mm)."""
        upturn = self.line_ids.filtered(
            lambda line: (
                line.clause_id.tolerance_kind == "min"
                and line.clause_id.uom == "mm"
                and line.value_entered
                and line.code.startswith("8.1.5")
            )
        )[:1]
        return upturn.measured_value if upturn else None

    def _renovation_form_prefill(self, form):
        """The fields of the node's form: the hidden-works tests, or the
        water-closure tests of the waterproofing."""
        values = {"date": self.date}
        if self.node == "hidden_works":
            values.update(
                {
                    "pressure_mpa": self.pressure_test_mpa or None,
                    "pressure_minutes": self.pressure_test_minutes or None,
                    "insulation_mohm": self.insulation_resistance_mohm or None,
                    **{
                        code: self._checks_result(clauses)
                        for code, clauses in HIDDEN_WORKS_CHECKS.items()
                    },
                }
            )
        elif self.node == "waterproofing":
            tests = self.water_test_ids.filtered(lambda t: t.state in ("passed", "failed"))
            if tests:
                values.update(
                    {
                        "areas": ", ".join(tests.mapped("area")),
                        "water_in": min(tests.mapped("start_datetime")),
                        "checked_at": max(tests.mapped("end_datetime")),
                        "duration_hours": min(tests.mapped("duration_hours")),
                        "water_depth": min(tests.mapped("water_depth")) or None,
                        "result": "fail" if "failed" in tests.mapped("state") else "pass",
                    }
                )
            values["upturn_height"] = self._upturn_height()
        elif self.node in ("completion", "material_entry"):
            values["overall_result"] = "pass"
        return values

    def _renovation_form_signed(self, form):
        """Called by renovation_service (as superuser) once the form is fully signed."""
        for inspection in self:
            inspection.message_post(
                body=Markup(_("%s is signed: the node is accepted.")) % form._get_html_link()
            )

    # ------------------------------------------------------------------
    # buttons
    # ------------------------------------------------------------------
    def action_view_rectifications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_quality.action_renovation_quality_rectification"
        )
        action["domain"] = [("inspection_id", "=", self.id)]
        action["context"] = {"default_inspection_id": self.id}
        return action

    def action_preview_portal(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.access_url}

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name
