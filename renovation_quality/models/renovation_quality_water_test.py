from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

MANAGER_GROUP = "renovation_service.group_renovation_manager"
# 闭水试验以24小时期限为准 (seed 002 流程18, standard 8.1.5)
MIN_PONDING = timedelta(hours=24)


class RenovationQualityWaterTest(models.Model):
    """防水工程闭水试验记录单: the 24-hour water-closure (ponding) test of a
    waterproofed kitchen, bathroom or balcony floor."""

    _name = "renovation.quality.water.test"
    _description = "Water-closure Test"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "renovation.project.record.mixin",
        "renovation.guarded.mixin",
    ]
    _order = "start_datetime desc, id desc"
    # the result: only action_pass (24 h checked) and action_fail record it
    _renovation_guarded_fields = ("name", "state", "result_by_id")

    name = fields.Char(readonly=True, copy=False, default=lambda self: _("New"))
    inspection_id = fields.Many2one(
        "renovation.quality.inspection",
        string="Waterproofing Inspection",
        index="btree_not_null",
        domain="[('project_id', '=', project_id), ('node', '=', 'waterproofing')]",
    )
    area = fields.Char(required=True, help="Kitchen, bathroom, balcony...")
    foreman_id = fields.Many2one(
        "res.users",
        compute="_compute_foreman_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    start_datetime = fields.Datetime(string="Water In", required=True)
    end_datetime = fields.Datetime(string="Checked At")
    water_depth = fields.Float(string="Water Depth (mm)")
    duration_hours = fields.Float(
        string="Duration (h)", compute="_compute_duration_hours", store=True
    )
    state = fields.Selection(
        [("draft", "Running"), ("passed", "Passed"), ("failed", "Leak Found")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    note = fields.Text(help="Where and how the leak showed, or remarks.")
    result_by_id = fields.Many2one("res.users", string="Result Recorded By", readonly=True)

    @api.depends("project_id")
    def _compute_foreman_id(self):
        for test in self:
            test.foreman_id = test.project_id.foreman_id

    @api.depends("start_datetime", "end_datetime")
    def _compute_duration_hours(self):
        for test in self:
            if test.start_datetime and test.end_datetime:
                test.duration_hours = (
                    test.end_datetime - test.start_datetime
                ).total_seconds() / 3600
            else:
                test.duration_hours = 0.0

    @api.constrains("start_datetime", "end_datetime")
    def _check_dates(self):
        for test in self:
            if test.end_datetime and test.end_datetime <= test.start_datetime:
                raise ValidationError(_("The check cannot come before the water was let in."))

    @api.constrains("inspection_id", "project_id")
    def _check_inspection_project(self):
        for test in self.filtered("inspection_id"):
            if test.inspection_id.project_id != test.project_id:
                raise ValidationError(_("The inspection belongs to another project."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("name", None)
        tests = super().create(vals_list)
        for test in tests:
            # sudo: the test number comes from its sequence, once
            test.sudo().name = self.env["ir.sequence"].next_by_code(
                "renovation.quality.water.test"
            ) or _("New")
        return tests

    def write(self, vals):
        recorded = {"start_datetime", "end_datetime", "project_id", "area", "water_depth"}
        if recorded & set(vals) and self.filtered(lambda t: t.state != "draft"):
            raise UserError(_("A water-closure test with a result cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_result(self):
        if self.filtered(lambda t: t.state != "draft"):
            raise UserError(_("A water-closure test with a result cannot be deleted."))

    def _form_line_values(self, upturn_height=None):
        """The row of this test on the waterproofing form (防水工程闭水试验记录单)."""
        self.ensure_one()
        return {
            "sequence": 1000,
            "name": self.name,
            "location": self.area,
            "date_start": self.start_datetime,
            "date_end": self.end_datetime,
            "water_depth": self.water_depth,
            "upturn_height": upturn_height or 0.0,
            "result": "pass" if self.state == "passed" else "fail",
            "note": self.note or False,
        }

    def _check_can_record_result(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("%s already has a result.", self.name))
        user = self.env.user
        project = self.project_id
        if user not in (project.foreman_id | project.inspector_id | self.foreman_id) and not (
            user.has_group(MANAGER_GROUP)
        ):
            raise UserError(
                _("Only the foreman or the inspector of the project records the test result.")
            )
        if not self.end_datetime:
            raise UserError(_("Enter when the floor was checked."))
        if self.end_datetime > fields.Datetime.now():
            raise UserError(_("The check time is in the future: record the result once checked."))

    def action_pass(self):
        for test in self:
            test._check_can_record_result()
            if test.end_datetime - test.start_datetime < MIN_PONDING:
                hours = f"{test.duration_hours:.2f}"
                raise UserError(
                    _(
                        "The water-closure test of %(area)s lasted %(hours)s h: it must last at "
                        "least 24 hours before it can pass.",
                        area=test.area,
                        hours=hours,
                    )
                )
            # sudo: who records the result, and the 24 hours, are checked above
            test.sudo().write({"state": "passed", "result_by_id": self.env.user.id})
        return True

    def action_fail(self):
        for test in self:
            test._check_can_record_result()
            if not test.note:
                raise UserError(_("Describe where the water leaked."))
            # sudo: who records the result is checked above
            test.sudo().write({"state": "failed", "result_by_id": self.env.user.id})
        return True
