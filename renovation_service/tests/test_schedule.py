import base64
import io
from datetime import date, datetime, time, timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SIGNATURE, RenovationCase, RenovationHttpCase, new_staff_user

# Thursday: a three-day node starting then spans the weekend
THURSDAY = date(2026, 12, 3)


@tagged("post_install", "-at_install")
class TestSchedule(RenovationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.template = cls.env.ref("renovation_service.schedule_template_default")
        cls.Task = cls.env["project.task"]

    def node(self, code, project=None):
        return (project or self.project)._renovation_node(code)

    def progress(self, code, value, user=None):
        self.node(code).with_user(user or self.foreman).renovation_progress = value

    def _local_day_utc(self, day, calendar):
        """[start, end] of a local day of ``calendar``, in naive UTC."""
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc)
        end = tz.localize(datetime.combine(day, time.max)).astimezone(pytz.utc)
        return start.replace(tzinfo=None), end.replace(tzinfo=None)

    def _small_template(self):
        """A (3 working days) then B (2 working days) after A."""
        template = self.env["renovation.schedule.template"].create(
            {"name": "Two nodes", "company_id": self.company.id}
        )
        line_a = self.env["renovation.schedule.template.line"].create(
            {
                "template_id": template.id,
                "sequence": 1,
                "code": "A",
                "name": "A",
                "node_kind": "carpentry",
                "duration_days": 3,
            }
        )
        self.env["renovation.schedule.template.line"].create(
            {
                "template_id": template.id,
                "sequence": 2,
                "code": "B",
                "name": "B",
                "node_kind": "tiling",
                "duration_days": 2,
                "predecessor_ids": [(6, 0, line_a.ids)],
            }
        )
        return template

    def _project_from(self, start, template):
        project = self.env["project.project"].create(
            {
                "name": "Schedule test",
                "date_start": start,
                "company_id": self.company.id,
                "is_renovation": False,
            }
        )
        project._renovation_create_schedule(template)
        return project

    # ------------------------------------------------------------------
    # creation on confirmation
    # ------------------------------------------------------------------
    def test_schedule_created_on_confirmation(self):
        nodes = self.project.renovation_node_ids
        codes = self.template.line_ids.mapped("code")
        self.assertEqual(len(nodes), len(codes))
        self.assertEqual(set(nodes.mapped("renovation_node_code")), set(codes))
        self.assertEqual(
            nodes.sorted("sequence").mapped("renovation_node_code"),
            [
                "KO",
                "HW",
                "01",
                "02",
                "03",
                "04",
                "05",
                "06",
                "07",
                "08",
                "09",
                "10",
                "11",
                "CL",
                "CP",
            ],
        )
        self.assertTrue(self.project.allow_task_dependencies)
        self.assertEqual(self.project.renovation_schedule_template_id, self.template)
        # Odoo's dependencies, from the template's predecessors
        self.assertEqual(self.node("02").depend_on_ids, self.node("HW") | self.node("01"))
        self.assertEqual(self.node("06").depend_on_ids, self.node("04") | self.node("05"))
        for node in nodes:
            self.assertTrue(node.renovation_planned_start and node.renovation_planned_end)
            self.assertLessEqual(node.renovation_planned_start, node.renovation_planned_end)
            self.assertLess(node.renovation_planned_start.weekday(), 5)
            self.assertEqual(node.date_deadline.date(), node.renovation_planned_end)
            for before in node.depend_on_ids:
                self.assertGreater(node.renovation_planned_start, before.renovation_planned_end)
            # the foreman set after signing is every node's responsible
            self.assertEqual(node.renovation_foreman_id, self.foreman)
        self.assertGreaterEqual(
            nodes.sorted("sequence")[0].renovation_planned_start, self.project.date_start
        )
        self.assertEqual(self.node("02").renovation_form_type_ids.code, "stage_acceptance")
        self.assertTrue(self.node("09").renovation_notify_client)
        self.assertTrue(self.node("HW").renovation_designer_visit_due)

    def test_planned_end_set_at_signing(self):
        order = self.env["sale.order"].create(self._contract_values())
        order.action_confirm()
        project = order.renovation_project_id
        self.assertEqual(
            project.date, max(project.renovation_node_ids.mapped("renovation_planned_end"))
        )
        self.assertEqual(project.renovation_days_late, 0)

    def test_template_by_house_type_or_chosen_on_the_contract(self):
        villa = self._small_template()
        villa.house_type = "villa"
        order = self.env["sale.order"].create(self._contract_values(house_type="villa"))
        order.action_confirm()
        project = order.renovation_project_id
        self.assertEqual(project.renovation_schedule_template_id, villa)
        self.assertEqual(
            set(project.renovation_node_ids.mapped("renovation_node_code")), {"A", "B"}
        )
        # the contract's own choice (its package) wins
        order = self.env["sale.order"].create(
            self._contract_values(
                house_type="villa", renovation_schedule_template_id=self.template.id
            )
        )
        order.action_confirm()
        self.assertEqual(order.renovation_project_id.renovation_schedule_template_id, self.template)
        # an apartment gets the standard schedule
        self.assertEqual(self.project.renovation_schedule_template_id, self.template)

    def test_working_days_weekend_and_holiday(self):
        template = self._small_template()
        project = self._project_from(THURSDAY, template)
        a, b = (
            project.renovation_node_ids.filtered(lambda n, c=c: n.renovation_node_code == c)
            for c in ("A", "B")
        )
        # Thursday, Friday, (weekend), Monday
        self.assertEqual(a.renovation_planned_start, THURSDAY)
        self.assertEqual(a.renovation_planned_end, THURSDAY + timedelta(days=4))
        # Tuesday, Wednesday
        self.assertEqual(b.renovation_planned_start, THURSDAY + timedelta(days=5))
        self.assertEqual(b.renovation_planned_end, THURSDAY + timedelta(days=6))
        self.assertEqual(b.depend_on_ids, a)
        # a company holiday on that Tuesday moves B by a day
        calendar = self.company.resource_calendar_id
        holiday = THURSDAY + timedelta(days=5)
        date_from, date_to = self._local_day_utc(holiday, calendar)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "公司假日",
                "calendar_id": calendar.id,
                "company_id": self.company.id,
                "date_from": date_from,
                "date_to": date_to,
            }
        )
        project = self._project_from(THURSDAY, template)
        b = project.renovation_node_ids.filtered(lambda n: n.renovation_node_code == "B")
        self.assertEqual(b.renovation_planned_start, THURSDAY + timedelta(days=6))
        self.assertEqual(b.renovation_planned_end, THURSDAY + timedelta(days=7))

    def test_schedule_creation_query_budget(self):
        """One batch create of the nodes and one write of the dependencies:
        the cost does not grow with a query per node and field."""
        project = self.env["project.project"].create(
            {"name": "Budget", "date_start": THURSDAY, "company_id": self.company.id}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(195):  # measured 180
            project._renovation_create_schedule(self.template)
            self.env.flush_all()
        self.assertEqual(len(project.renovation_node_ids), len(self.template.line_ids))

    # ------------------------------------------------------------------
    # trade rules (seed 002 一般施工顺序)
    # ------------------------------------------------------------------
    def test_painter_starts_at_80_percent_of_carpentry(self):
        painting = self.node("06")
        self.progress("02", 79)
        # a plain write (what JSON-RPC sends), the button, and the superuser
        with self.assertRaisesRegex(UserError, "80"):
            painting.with_user(self.foreman).write({"renovation_progress": 5})
        with self.assertRaisesRegex(UserError, "80"):
            painting.with_user(self.foreman).action_renovation_start()
        with self.assertRaisesRegex(UserError, "80"):
            painting.sudo().write({"renovation_progress": 5})
        self.assertEqual(painting.renovation_progress, 0)
        self.progress("02", 80)
        painting.with_user(self.foreman).action_renovation_start()
        self.assertEqual(painting.renovation_progress, 1)
        painting.with_user(self.foreman).write({"renovation_progress": 30})
        # the lacquer waits for carpentry and tiling complete
        with self.assertRaisesRegex(UserError, "complete"):
            painting.with_user(self.foreman).write({"renovation_progress": 31})
        for code in ("02", "04", "05"):
            self.progress(code, 100)
        painting.with_user(self.foreman).write({"renovation_progress": 60})
        self.assertEqual(painting.renovation_progress, 60)
        # reporting less is never blocked
        self.progress("02", 90)
        painting.with_user(self.foreman).write({"renovation_progress": 50})

    def test_wall_paint_after_the_lacquer_is_basically_done(self):
        for code in ("02", "04", "05"):
            self.progress(code, 100)
        wall = self.node("08")
        self.progress("06", 89)
        with self.assertRaisesRegex(UserError, "90"):
            wall.with_user(self.foreman).write({"renovation_progress": 10})
        with self.assertRaisesRegex(UserError, "90"):
            wall.with_user(self.pm).action_renovation_start()
        self.progress("06", 90)
        wall.with_user(self.foreman).action_renovation_start()
        self.assertEqual(wall.renovation_progress, 1)

    def test_who_reports_and_who_plans(self):
        node = self.node("HW")
        # the foreman reports progress, not the designer of the project
        with self.assertRaises(UserError):
            node.with_user(self.designer).write({"renovation_progress": 10})
        # the dates are the project manager's
        with self.assertRaises(UserError):
            node.with_user(self.foreman).write({"renovation_planned_end": THURSDAY})
        node.with_user(self.pm).write(
            {"renovation_planned_end": node.renovation_planned_end + timedelta(days=1)}
        )
        # the identity of a node (read by the trade rules) changes only through the schedule
        with self.assertRaises(UserError):
            self.node("06").with_user(self.pm).write({"renovation_node_kind": "other"})
        with self.assertRaises(UserError):
            self.node("06").with_user(self.manager).write({"renovation_node_code": "99"})
        # nor take the carpentry out of the painter's rule
        with self.assertRaises(UserError):
            self.node("02").with_user(self.pm).unlink()
        with self.assertRaises(UserError):
            self.node("02").with_user(self.foreman).write({"active": False})
        self.assertTrue(self.node("02").active)
        # nor does a member make up a node of their own
        with self.assertRaises(UserError):
            self.Task.with_user(self.pm).create(
                {
                    "name": "假节点",
                    "project_id": self.project.id,
                    "renovation_node_code": "06",
                    "renovation_node_kind": "painting",
                }
            )

    def test_timeline_draws_the_planned_days(self):
        """The OCA timeline shows each node over its planned days (midnight to
        midnight in the company's time zone); dragging it is planning."""
        self.company.partner_id.tz = "Asia/Shanghai"
        node = self.node("05")
        # replanned (the same days) once the company's time zone is known
        node.with_user(self.pm).write(
            {
                "renovation_planned_start": node.renovation_planned_start,
                "renovation_planned_end": node.renovation_planned_end,
            }
        )
        shanghai = pytz.timezone("Asia/Shanghai")

        def midnight_utc(day):
            local = shanghai.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        self.assertEqual(node.planned_date_start, midnight_utc(node.renovation_planned_start))
        self.assertEqual(node.planned_date_start.hour, 16, "00:00 in Shanghai is 16:00 UTC")
        self.assertEqual(
            node.planned_date_end, midnight_utc(node.renovation_planned_end + timedelta(days=1))
        )
        view = self.env.ref("renovation_service.view_task_renovation_schedule_timeline")
        arch = self.Task.get_views([(view.id, "timeline")])["views"]["timeline"]["arch"]
        self.assertIn('date_start="planned_date_start"', arch)
        # dragged one day later by the foreman: refused; by the PM: the planned days move
        moved = {
            "planned_date_start": node.planned_date_start + timedelta(days=1),
            "planned_date_end": node.planned_date_end + timedelta(days=1),
        }
        with self.assertRaises(UserError):
            node.with_user(self.foreman).write(moved)
        before = (node.renovation_planned_start, node.renovation_planned_end)
        node.with_user(self.pm).write(moved)
        self.assertEqual(
            (node.renovation_planned_start, node.renovation_planned_end),
            (before[0] + timedelta(days=1), before[1] + timedelta(days=1)),
        )
        self.assertEqual(node.date_deadline.date(), node.renovation_planned_end)

    def test_portal_collaborator_moves_a_task_of_a_shared_project(self):
        """Odoo's project sharing: a portal collaborator may not read the
        schedule's fields, yet the node checks of every task write must not
        lock them out of moving their own tasks."""
        portal = self._portal_user("share_portal", self.client.id)
        project = self.env["project.project"].create(
            {"name": "共享项目", "privacy_visibility": "portal", "company_id": self.company.id}
        )
        self.env["project.collaborator"].create(
            {"project_id": project.id, "partner_id": portal.partner_id.id}
        )
        todo, doing = self.env["project.task.type"].create(
            [
                {"name": "待办", "project_ids": [project.id]},
                {"name": "进行中", "project_ids": [project.id]},
            ]
        )
        task = self.Task.create({"name": "选灯具", "project_id": project.id, "stage_id": todo.id})
        self.env.invalidate_all()  # as in the collaborator's own request
        task.with_user(portal).write({"stage_id": doing.id})
        self.assertEqual(task.stage_id, doing)
        # nor does the collaborator reach the schedule's fields
        with self.assertRaises(AccessError):
            task.with_user(portal).read(["renovation_node_code"])

    def test_done_sets_the_actual_end(self):
        node = self.node("KO")
        node.with_user(self.foreman).action_renovation_done()
        self.assertEqual(node.renovation_progress, 100)
        self.assertEqual(node.renovation_date_done, fields.Date.context_today(node))
        node.with_user(self.foreman).renovation_progress = 90
        self.assertFalse(node.renovation_date_done)

    # ------------------------------------------------------------------
    # mid-term, delays, lateness
    # ------------------------------------------------------------------
    def test_midterm_due_at_half_of_the_works(self):
        # 27 of 56 working days complete: 48 %
        for code in ("KO", "HW", "01", "02", "03", "04"):
            self.progress(code, 100)
        self.assertLess(self.project.renovation_schedule_progress, 50)
        self.assertFalse(self.project.renovation_midterm_due)
        self.assertFalse(self.project.renovation_midterm_due_date)
        self.progress("05", 100)  # 33 of 56: 59 %
        self.assertGreaterEqual(self.project.renovation_schedule_progress, 50)
        self.assertTrue(self.project.renovation_midterm_due)
        activities = self.project.activity_ids.filtered(lambda a: a.user_id == self.pm)
        self.assertEqual(len(activities), 1)
        # flagged once
        self.progress("06", 10)
        self.assertEqual(len(self.project.activity_ids.filtered(lambda a: a.user_id == self.pm)), 1)
        # the flag is the schedule's, not the members'
        with self.assertRaises(UserError):
            self.project.with_user(self.pm).write({"renovation_midterm_due_date": False})
        self.project.with_user(self.pm).action_midterm_settlement()
        self.assertFalse(self.project.renovation_midterm_due)

    def test_approved_delay_moves_the_node_and_its_successors(self):
        before = {
            n.renovation_node_code: (n.renovation_planned_start, n.renovation_planned_end)
            for n in self.project.renovation_node_ids
        }
        end = self.project.date
        delayed = self.node("04")
        delay = (
            self.env["renovation.delay.order"]
            .with_user(self.pm)
            .create(
                {
                    "project_id": self.project.id,
                    "task_id": delayed.id,
                    "days": 3,
                    "reason": "木工材料延迟到货",
                }
            )
        )
        shift = self.project._renovation_shift_workdays
        self.assertEqual(delay.new_end_date, shift(end, 3))
        self._sign_all(delay.action_request_signature())
        self.assertEqual(delay.state, "approved")
        self.assertEqual(self.project.date, shift(end, 3))
        for code in ("04", "06", "07", "08", "09", "10", "11", "CL", "CP"):
            node = self.node(code)
            self.assertEqual(node.renovation_planned_start, shift(before[code][0], 3), code)
            self.assertEqual(node.renovation_planned_end, shift(before[code][1], 3), code)
            self.assertEqual(node.date_deadline.date(), node.renovation_planned_end)
        for code in ("KO", "HW", "01", "02", "03", "05"):
            node = self.node(code)
            self.assertEqual(
                (node.renovation_planned_start, node.renovation_planned_end), before[code], code
            )

    def test_delay_node_is_frozen_once_sent(self):
        delay = self.env["renovation.delay.order"].create(
            {"project_id": self.project.id, "task_id": self.node("04").id, "days": 2, "reason": "x"}
        )
        form = delay.action_request_signature()
        # the client signs which node moves, in working days
        self.assertIn(self.node("04").name, str(form.content))
        with self.assertRaises(UserError):
            delay.with_user(self.pm).write({"task_id": self.node("02").id})
        self.assertEqual(delay.task_id, self.node("04"))

    def test_days_late(self):
        today = fields.Date.context_today(self.project)
        node = self.node("HW")
        node.with_user(self.pm).write(
            {
                "renovation_planned_start": today - timedelta(days=12),
                "renovation_planned_end": today - timedelta(days=5),
            }
        )
        self.assertEqual(node.renovation_days_late, 5)
        self.project.date = today + timedelta(days=60)
        self.project.invalidate_recordset(["renovation_days_late"])
        self.assertEqual(self.project.renovation_days_late, 5)
        self.assertIn(
            self.project,
            self.env["project.project"].search([("renovation_days_late", ">=", 5)]),
        )
        self.assertNotIn(
            self.project,
            self.env["project.project"].search([("renovation_days_late", ">", 5)]),
        )
        node.with_user(self.foreman).write(
            {"renovation_progress": 100, "renovation_date_done": today - timedelta(days=2)}
        )
        self.assertEqual(node.renovation_days_late, 3)

    # ------------------------------------------------------------------
    # analysis and export
    # ------------------------------------------------------------------
    def test_analysis_counts_to_today_in_the_company_time_zone(self):
        """Days late count to the company's today, not the database server's
        (UTC): a zone whose date differs from UTC's right now."""
        utc_now = fields.Datetime.now()
        zone = "Pacific/Kiritimati" if utc_now.hour >= 10 else "Etc/GMT+12"  # UTC+14 / UTC-12
        self.company.partner_id.tz = zone
        local_today = pytz.utc.localize(utc_now).astimezone(pytz.timezone(zone)).date()
        self.assertNotEqual(local_today, utc_now.date())
        node = self.node("HW")
        node.with_user(self.pm).write(
            {
                "renovation_planned_start": local_today - timedelta(days=12),
                "renovation_planned_end": local_today - timedelta(days=5),
            }
        )
        self.env.flush_all()
        row = self.env["renovation.schedule.analysis"].search([("task_id", "=", node.id)])
        self.assertEqual(row.days_late, 5)

    def test_analysis_rows_and_xlsx(self):
        today = fields.Date.context_today(self.project)
        node = self.node("HW")
        node.with_user(self.pm).write(
            {
                "renovation_planned_start": today - timedelta(days=12),
                "renovation_planned_end": today - timedelta(days=5),
            }
        )
        self.env.flush_all()
        Analysis = self.env["renovation.schedule.analysis"]
        rows = Analysis.search([("project_id", "=", self.project.id)])
        self.assertEqual(len(rows), len(self.project.renovation_node_ids))
        row = rows.filtered(lambda r: r.node_code == "HW")
        self.assertEqual(row.task_id, node)
        self.assertEqual(row.foreman_id, self.foreman)
        self.assertEqual(row.studio_id, self.studio_a)
        self.assertEqual(row.planned_end, today - timedelta(days=5))
        self.assertTrue(row.is_late)
        self.assertEqual(row.days_late, 5)
        groups = Analysis._read_group(
            [("project_id", "=", self.project.id)], ["foreman_id"], ["days_late:avg"]
        )
        self.assertEqual(groups[0][0], self.foreman)
        self.assertAlmostEqual(groups[0][1], 5 / len(rows))
        # the project team reads the rows, others do not
        self.assertEqual(
            len(Analysis.with_user(self.foreman).search([("project_id", "=", self.project.id)])),
            len(rows),
        )
        outsider = new_staff_user(
            self.env, "reno_outsider", groups="renovation_service.group_renovation_user"
        )
        self.assertFalse(
            Analysis.with_user(outsider).search([("project_id", "=", self.project.id)])
        )
        # the xlsx export (Reporting > Management Reports)
        wizard = (
            self.env["renovation.report.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "report": "schedule",
                    "date_from": today - timedelta(days=30),
                    "date_to": today + timedelta(days=365),
                }
            )
        )
        wizard.action_download()
        content = base64.b64decode(wizard.file_data)
        self.assertTrue(content.startswith(b"PK"))
        try:
            import openpyxl  # noqa: PLC0415 (optional: read the workbook back when available)
        except ImportError:
            return
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(len(book.worksheets), 4)
        codes = [r[4] for r in book.worksheets[0].iter_rows(min_row=5, values_only=True)]
        self.assertIn("HW", codes)

    # ------------------------------------------------------------------
    # security: nodes follow their project
    # ------------------------------------------------------------------
    def test_nodes_hidden_from_other_projects_and_companies(self):
        nodes = self.project.renovation_node_ids
        self.assertEqual(
            len(self.Task.with_user(self.foreman).search([("id", "in", nodes.ids)])), len(nodes)
        )
        outsider = new_staff_user(
            self.env, "reno_outsider2", groups="renovation_service.group_renovation_user"
        )
        self.assertFalse(self.Task.with_user(outsider).search([("id", "in", nodes.ids)]))
        with self.assertRaises(AccessError):
            nodes[:1].with_user(outsider).read(["renovation_progress"])
        with self.assertRaises(AccessError):
            nodes[:1].with_user(outsider).write({"renovation_progress": 5})
        other_company = self.env["res.company"].create({"name": "Other Renovation Co"})
        foreign = new_staff_user(
            self.env,
            "reno_foreign",
            groups="renovation_service.group_renovation_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        self.assertFalse(self.Task.with_user(foreign).search([("id", "in", nodes.ids)]))
        self.assertFalse(
            self.env["renovation.schedule.analysis"]
            .with_user(foreign)
            .search([("project_id", "=", self.project.id)])
        )


# queries of one GET /my/renovation/<project> by its client, caches warm:
# the schedule section is one read of the nodes and one search of their photos
SCHEDULE_PAGE_QUERY_BUDGET = 60


@tagged("post_install", "-at_install")
class TestSchedulePortal(RenovationHttpCase):
    """The client follows the schedule on the project's portal page: each node
    with its dates, progress and the photos taken there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._portal_user("wang_portal", cls.client.id)
        cls.other_client = cls.env["res.partner"].create({"name": "李四"})
        cls._portal_user("li_portal", cls.other_client.id)

    def _template(self, count):
        template = self.env["renovation.schedule.template"].create(
            {"name": f"{count} nodes", "company_id": self.company.id}
        )
        self.env["renovation.schedule.template.line"].create(
            [
                {
                    "template_id": template.id,
                    "sequence": index,
                    "code": f"N{index:02d}",
                    "name": f"节点 {index:02d}",
                    "node_kind": "other",
                    "duration_days": 1,
                }
                for index in range(1, count + 1)
            ]
        )
        return template

    def _project(self, count, partner=None):
        """A renovation project of the client with ``count`` nodes, each with a photo."""
        project = self.env["project.project"].create(
            {
                "name": f"{count} 节点工地",
                "is_renovation": True,
                "partner_id": (partner or self.client).id,
                "company_id": self.company.id,
                "date_start": THURSDAY,
            }
        )
        nodes = project._renovation_create_schedule(self._template(count))
        self.env["ir.attachment"].create(
            [
                {
                    "name": f"{node.name}.png",
                    "raw": base64.b64decode(SIGNATURE),
                    "mimetype": "image/png",
                    "res_model": "project.task",
                    "res_id": node.id,
                }
                for node in nodes
            ]
        )
        nodes[:1].renovation_progress = 100
        return project

    def test_client_follows_the_schedule_with_photos(self):
        project = self._project(3)
        other = self._project(2, partner=self.other_client)
        photo = self.env["ir.attachment"].search(
            [("res_model", "=", "project.task"), ("res_id", "in", project.renovation_node_ids.ids)],
            limit=1,
        )
        other_photo = self.env["ir.attachment"].search(
            [("res_model", "=", "project.task"), ("res_id", "in", other.renovation_node_ids.ids)],
            limit=1,
        )
        self.authenticate("wang_portal", "wang_portal")
        page = self.url_open(f"/my/renovation/{project.id}").text
        self.assertEqual(page.count("o_renovation_home_node"), 3)
        self.assertIn("节点 01", page)
        self.assertIn(f"/my/renovation/{project.id}/node-photo/{photo.id}", page)
        response = self.url_open(f"/my/renovation/{project.id}/node-photo/{photo.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/png")
        # another client's photo, through their project or this one: not found
        for url in (
            f"/my/renovation/{other.id}/node-photo/{other_photo.id}",
            f"/my/renovation/{project.id}/node-photo/{other_photo.id}",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        # nor does a signature or any other attachment of the client's project leak
        document = self.env["ir.attachment"].create(
            {
                "name": "合同.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "project.project",
                "res_id": project.id,
                "mimetype": "application/pdf",
            }
        )
        url = f"/my/renovation/{project.id}/node-photo/{document.id}"
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_page_queries_do_not_grow_with_the_nodes(self):
        few, many = self._project(5), self._project(30)
        self.authenticate("wang_portal", "wang_portal")
        few_count, few_page = self._page_queries(
            f"/my/renovation/{few.id}", SCHEDULE_PAGE_QUERY_BUDGET
        )
        many_count, many_page = self._page_queries(
            f"/my/renovation/{many.id}", SCHEDULE_PAGE_QUERY_BUDGET
        )
        self.assertEqual(few_page.text.count("o_renovation_home_node"), 5)
        self.assertEqual(many_page.text.count("o_renovation_home_node"), 30)
        self.assertEqual(few_count, many_count, "queries per page, not per node")
