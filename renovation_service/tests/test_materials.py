from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import SIGNATURE, CronRaceMixin, RenovationCase


@tagged("post_install", "-at_install")
class TestMaterials(RenovationCase):
    """Materials plan (甲供/乙供材料表), deliveries and their 进场材料检验单,
    late client-supplied materials (seed 002 steps 07, 11, 12)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.tiling = cls.env["project.task"].create(
            {
                "name": "05 厨卫墙地砖",
                "project_id": cls.project.id,
                "date_deadline": fields.Datetime.to_datetime("2026-12-10 10:00:00"),
            }
        )
        cls.unit = cls.env.ref("uom.product_uom_unit")
        Line = cls.env["renovation.material.line"]
        cls.tiles = Line.create(
            {
                "project_id": cls.project.id,
                "name": "墙砖",
                "brand_model": "马可波罗 CH8001",
                "specification": "300×600",
                "quantity": 40,
                "uom_id": cls.unit.id,
                "supply_side": "client",
                "node_task_id": cls.tiling.id,
            }
        )
        cls.cement = Line.create(
            {
                "project_id": cls.project.id,
                "name": "水泥",
                "specification": "P.O 42.5",
                "quantity": 20,
                "supply_side": "company",
                "needed_date": "2026-12-01",
            }
        )

    def _delivery(self, lines, **values):
        return (
            self.env["renovation.material.delivery"]
            .with_user(self.foreman)
            .create(
                {
                    "project_id": self.project.id,
                    "supply_side": "client",
                    "date": "2026-12-05",
                    "line_ids": [
                        Command.create(
                            {"material_line_id": line.id, "quantity": qty, "certificate": "有"}
                        )
                        for line, qty in lines
                    ],
                    **values,
                }
            )
        )

    def test_plan_defaults(self):
        self.assertEqual(self.tiles.sale_order_id, self.order, "the contract of the project")
        self.assertEqual(self.tiles.needed_date, date(2026, 12, 10), "the node's date")
        self.tiling.date_deadline = fields.Datetime.to_datetime("2026-12-12 10:00:00")
        self.assertEqual(self.tiles.needed_date, date(2026, 12, 12), "it follows the node")
        self.assertEqual(self.cement.needed_date, date(2026, 12, 1), "no node: as entered")
        self.assertEqual(self.tiles.state, "planned")

    def test_delivery_produces_the_prefilled_inspection_sheet(self):
        delivery = self._delivery([(self.tiles, 40)])
        delivery.action_confirm()
        self.assertEqual(delivery.state, "confirmed")
        form = delivery.form_id
        self.assertEqual(form.form_type_code, "material_inspection")
        self.assertEqual(form.state, "waiting")
        self.assertEqual(form._source_record(), delivery)
        line = form.line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.name, line.brand_model, line.specification, line.quantity, line.supplied_by),
            ("墙砖", "马可波罗 CH8001", "300×600", 40, "client"),
        )
        self.assertEqual(line.result, "pass")
        self.assertEqual(
            set(form.signature_ids.role_id.mapped("code")), {"client", "foreman", "inspector"}
        )
        delivery_date = form.value_ids.filtered(lambda v: v.code == "delivery_date")
        self.assertEqual(delivery_date.value_date, date(2026, 12, 5))
        # delivered, not yet accepted: the sheet is not signed
        self.assertEqual(self.tiles.state, "delivered")
        self.assertEqual(self.tiles.delivered_qty, 40)
        self.assertEqual(self.tiles.accepted_qty, 0)
        with self.assertRaises(UserError):
            delivery.line_ids.with_user(self.foreman).quantity = 30

    def test_signed_sheet_accepts_the_materials(self):
        delivery = self._delivery([(self.tiles, 25)])
        delivery.action_confirm()
        self.assertEqual(self.tiles.state, "planned", "25 of 40 arrived")
        second = self._delivery([(self.tiles, 15)])
        second.action_confirm()
        self.assertEqual(self.tiles.state, "delivered")
        self._sign_all(delivery.form_id)
        self.assertEqual(delivery.state, "accepted")
        self.assertEqual(self.tiles.accepted_qty, 25)
        self.assertEqual(self.tiles.state, "delivered", "accepted only once every sheet is signed")
        form = second.form_id
        for slot in form.signature_ids.filtered(lambda s: not s.is_client):
            slot.with_user(slot.user_id).action_sign(SIGNATURE, slot.user_id.name)
        self.assertEqual(self.tiles.state, "delivered", "the client has not signed yet")
        self._sign_all(form)
        self.assertEqual(self.tiles.state, "accepted")
        self.assertEqual(self.tiles.accepted_qty, 40)
        self.assertEqual(second.accepted_on, form.signed_on)
        # a manager reopens the sheet: the acceptance is taken back
        form.with_user(self.manager).action_reopen("数量有误")
        self.assertEqual(second.state, "confirmed")
        self.assertEqual(self.tiles.state, "delivered")
        self.assertEqual(self.tiles.accepted_qty, 25)

    def test_cancelled_sheet_frees_the_delivery(self):
        delivery = self._delivery([(self.tiles, 40)])
        delivery.action_confirm()
        delivery.form_id.with_user(self.manager).action_cancel()
        self.assertEqual(delivery.state, "draft")
        self.assertEqual(self.tiles.state, "planned")
        delivery.line_ids.with_user(self.foreman).quantity = 38
        delivery.action_confirm()
        self.assertEqual(delivery.form_id.line_ids.quantity, 38)

    def test_failed_material_is_not_accepted(self):
        delivery = self._delivery([(self.cement, 20)], supply_side="company")
        delivery.line_ids.result = "fail"
        delivery.action_confirm()
        overall = delivery.form_id.value_ids.filtered(lambda v: v.code == "overall_result")
        self.assertEqual(overall.value_result, "fail")
        self._sign_all(delivery.form_id)
        self.assertEqual(self.cement.state, "planned", "a rejected delivery is sent back")

    def test_guarded_fields_and_team(self):
        with self.assertRaises(UserError):
            self.tiles.with_user(self.foreman).state = "accepted"
        with self.assertRaises(UserError):
            self.tiles.with_user(self.foreman).accepted_qty = 40
        delivery = self._delivery([(self.tiles, 40)])
        with self.assertRaises(UserError):
            delivery.with_user(self.designer).action_confirm()
        with self.assertRaises(UserError):
            delivery.with_user(self.foreman).state = "accepted"
        self.assertEqual(delivery.state, "draft")

    def _proposals(self):
        return self.env["renovation.delay.order"].search([("project_id", "=", self.project.id)])

    def test_late_client_material_proposes_a_delay_once(self):
        Line = self.env["renovation.material.line"]
        with freeze_time("2026-12-09"):
            Line._cron_renovation_late_client_materials()
        self.assertFalse(self._proposals(), "not late yet")
        with freeze_time("2026-12-13"):
            Line._cron_renovation_late_client_materials()
            Line._cron_renovation_late_client_materials()
        proposal = self._proposals()
        self.assertEqual(len(proposal), 1, "one proposal, however often the cron runs")
        self.assertEqual(proposal.responsibility, "client")
        self.assertEqual(proposal.state, "draft")
        self.assertEqual(proposal.days, 3)
        self.assertIn("墙砖", proposal.reason)
        self.assertEqual(self.tiles.delay_order_id, proposal)
        self.assertEqual(proposal.activity_ids.user_id, self.pm)
        with freeze_time("2026-12-20"):
            Line._cron_renovation_late_client_materials(batch_size=1)
        self.assertEqual(len(self._proposals()), 1, "still one, days later")
        self.assertFalse(self.cement.delay_order_id, "company-supplied: the company's delay")

    def test_delivered_client_material_is_not_late(self):
        self._delivery([(self.tiles, 40)]).action_confirm()
        with freeze_time("2026-12-13"):
            self.env["renovation.material.line"]._cron_renovation_late_client_materials()
        self.assertFalse(self._proposals())

    def test_outsourced_items(self):
        item = (
            self.env["renovation.outsourced.item"]
            .with_user(self.pm)
            .create(
                {
                    "project_id": self.project.id,
                    "name": "淋浴房玻璃隔断",
                    "contractor_id": self.client.id,
                    "amount": 3200,
                    "date_start": "2026-12-15",
                    "date_end": "2026-12-16",
                }
            )
        )
        self.assertEqual(self.project.renovation_outsourced_count, 1)
        self.assertEqual(item.partner_id, self.project.partner_id)
        # the 委托项目记录单 lists them for the client to sign
        form = self.env["renovation.form"].create(
            {
                "form_type_id": self.env.ref("renovation_service.form_type_outsourced_items").id,
                "project_id": self.project.id,
            }
        )
        self.assertEqual(
            [(line.name, line.supplier, line.amount) for line in form.line_ids],
            [("淋浴房玻璃隔断", self.client.name, 3200)],
        )
        with self.assertRaises(UserError):
            self.env["renovation.outsourced.item"].create(
                {
                    "project_id": self.project.id,
                    "name": "x",
                    "date_start": "2026-12-16",
                    "date_end": "2026-12-15",
                }
            )

    def test_portal_client_reads_only_own_plan(self):
        portal = self._portal_user("mat_client", self.client.id)
        _order, other = self._signed_contract(
            partner_id=self.env["res.partner"].create({"name": "李四"}).id
        )
        other_line = self.env["renovation.material.line"].create(
            {"project_id": other.id, "name": "地板", "quantity": 1}
        )
        Line = self.env["renovation.material.line"].with_user(portal)
        self.assertEqual(Line.search([]), self.tiles | self.cement)
        with self.assertRaises(AccessError):
            other_line.with_user(portal).read(["name"])


@tagged("post_install", "-at_install")
class TestSiteCronRaces(CronRaceMixin, TransactionCase):
    """The crons of the site records run by two workers at once: late
    materials, missed designer visits, weekly progress reports."""

    def test_late_material_race(self):
        today = fields.Date.today()

        def setup(env):
            project = env["project.project"].create(
                {
                    "name": "甲供材料并发",
                    "is_renovation": True,
                    "company_id": env.company.id,
                    "date": today + timedelta(days=60),
                }
            )
            line = env["renovation.material.line"].create(
                {
                    "project_id": project.id,
                    "name": "卫浴洁具",
                    "quantity": 3,
                    "supply_side": "client",
                    "needed_date": today - timedelta(days=2),
                }
            )
            return line.ids

        def work(env, line_ids):
            lines = env["renovation.material.line"].browse(line_ids)
            return len(lines._renovation_propose_delays())

        results = self._race(
            work,
            setup,
            tables=(
                "renovation_cron_claim",
                "renovation_delay_order",
                "renovation_material_line",
                "project_project",
            ),
        )
        self.assertEqual(sorted(results), [0, 1])
        orders = self._committed(
            lambda env: env["renovation.delay.order"].search_count(
                [("project_id.name", "=", "甲供材料并发")]
            )
        )
        self.assertEqual(orders, 1, "one proposal, not two")

    def test_missed_designer_visit_race(self):
        today = fields.Date.today()
        admin = self.env.ref("base.user_admin")

        def setup(env):
            studio = env["renovation.studio"].create(
                {"name": "并发设计室", "code": "Z", "manager_id": admin.id}
            )
            project = env["project.project"].create(
                {
                    "name": "设计巡查并发",
                    "is_renovation": True,
                    "company_id": env.company.id,
                    "studio_id": studio.id,
                }
            )
            visit = env["renovation.designer.visit"].create(
                {"project_id": project.id, "due_date": today - timedelta(days=1)}
            )
            return visit.ids

        def work(env, visit_ids):
            visits = env["renovation.designer.visit"].browse(visit_ids)
            return len(visits._renovation_report_missed())

        results = self._race(
            work,
            setup,
            tables=(
                "renovation_cron_claim",
                "renovation_designer_visit",
                "project_project",
                "renovation_studio",
                "ir_sequence",
            ),
        )
        self.assertEqual(sorted(results), [0, 1])
        activities = self._committed(
            lambda env: env["mail.activity"].search_count(
                [
                    ("res_model", "=", "renovation.designer.visit"),
                    ("summary", "like", "设计巡查并发"),
                ]
            )
        )
        self.assertEqual(activities, 1, "the studio manager is told once")

    def test_weekly_progress_race(self):
        week = fields.Date.today() - timedelta(days=fields.Date.today().weekday() + 7)

        def setup(env):
            project = env["project.project"].create(
                {"name": "周报并发", "is_renovation": True, "company_id": env.company.id}
            )
            return project.ids

        def work(env, project_ids):
            projects = env["project.project"].browse(project_ids)
            return len(env["renovation.weekly.progress"]._create_for_week(projects, week))

        results = self._race(work, setup, tables=("renovation_weekly_progress", "project_project"))
        self.assertEqual(sorted(results), [0, 1])
        reports = self._committed(
            lambda env: env["renovation.weekly.progress"].search_count(
                [("project_id.name", "=", "周报并发")]
            )
        )
        self.assertEqual(reports, 1, "one report, not two")
