import base64
import io
from collections import Counter
from datetime import date, datetime, time, timedelta

import openpyxl
import pytz
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RenovationCase

# a past Tuesday: no demo record has money or contracts on it
DAY = date(2025, 6, 10)
BEIJING = pytz.timezone("Asia/Shanghai")


def utc_at_beijing(day, hour):
    """Naive UTC datetime of ``hour`` o'clock in Beijing on ``day``."""
    local = BEIJING.localize(datetime.combine(day, time(hour)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


class ReportCase(RenovationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the report day is a day in the company's time zone
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.Report = cls.env["renovation.management.report"]
        cls.Dispatch = cls.env["renovation.report.dispatch"]

    @classmethod
    def _paid_contract(cls, day, studio=None, amount=100000.0, **extra):
        with freeze_time(utc_at_beijing(day, 10)):
            order, project = cls._signed_contract(studio=studio, amount=amount, **extra)
            first = cls._instalment(order, "first").invoice_id
            cls._pay(first)
        return order, project, first

    @staticmethod
    def _xlsx_rows(content, sheet):
        """Data rows (below the header on row 4) of a sheet of the workbook."""
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        return [list(row) for row in workbook[sheet].iter_rows(min_row=5, values_only=True)]


@tagged("post_install", "-at_install")
class TestManagementReports(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create({"name": "建材供应商 Supplier"})
        cls.lead_a1 = cls._lead("web", "market", cls.designer)
        cls.order_a1, cls.project_a1, cls.invoice_a1 = cls._paid_contract(
            DAY, opportunity_id=cls.lead_a1.id
        )
        cls.order_a2, cls.project_a2, cls.invoice_a2 = cls._paid_contract(DAY, amount=80000.0)
        # signed on DAY but not paid: a contract, no money
        with freeze_time(utc_at_beijing(DAY, 11)):
            cls.order_b1, cls.project_b1 = cls._signed_contract(
                studio=cls.studio_b,
                amount=50000.0,
                designer_id=cls.other_designer.id,
                user_id=cls.other_designer.id,
            )
        # the day before: neither in DAY's contracts nor in its payments
        cls.order_old, cls.project_old, cls.invoice_old = cls._paid_contract(
            DAY - timedelta(days=1)
        )
        (cls.project_a1 | cls.project_a2 | cls.project_old)._create_analytic_account()
        # vendor bills on the projects' analytic accounts
        cls.bill_a1 = cls._vendor_move("in_invoice", {cls.project_a1: 100}, 5000.0)
        cls.bill_split = cls._vendor_move(
            "in_invoice", {cls.project_a1: 60, cls.project_a2: 40}, 10000.0
        )
        cls.vendor_refund_a2 = cls._vendor_move("in_refund", {cls.project_a2: 100}, 2000.0)
        cls.bill_old = cls._vendor_move(
            "in_invoice", {cls.project_old: 100}, 700.0, day=DAY - timedelta(days=1)
        )
        # part of A2's first payment goes back to the client
        cls.refund_a2 = cls._customer_refund(cls.invoice_a2, 1500.0)
        # enquiries of DAY's week (Monday 9th .. Sunday 15th) and one of the week before
        cls.lead_a2 = cls._lead("web", "community", cls.designer)
        cls.lead_b = cls._lead("tv", "market", cls.other_designer)
        cls.lead_lost = cls._lead("radio", False, cls.other_designer)
        cls.lead_lost.action_set_lost()
        cls.lead_no_designer = cls._lead("tv", "sales_dept", False)
        cls.lead_prev_week = cls._lead("tv", "market", cls.designer, day=DAY - timedelta(days=7))
        with freeze_time(utc_at_beijing(DAY, 15)):
            cls.order_b2, _project = cls._signed_contract(
                studio=cls.studio_b, opportunity_id=cls.lead_b.id
            )
        cls.week_leads = (
            cls.lead_a1 | cls.lead_a2 | cls.lead_b | cls.lead_lost | cls.lead_no_designer
        )

    @classmethod
    def _lead(cls, media, business, designer, day=DAY):
        lead = cls.env["crm.lead"].create(
            {
                "name": f"Enquiry {media} {business}",
                "type": "opportunity",
                "studio_id": cls.studio_a.id,
                # the seed's media and business sources (utm_data.xml)
                "medium_id": media and cls.env.ref(f"renovation_service.utm_medium_{media}").id,
                "source_id": business
                and cls.env.ref(f"renovation_service.utm_source_{business}").id,
                "designer_id": designer.id if designer else False,
            }
        )
        # registration time: the ORM stamps the transaction's start
        cls.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            (utc_at_beijing(day, 9), lead.id),
        )
        lead.invalidate_recordset(["create_date"])
        return lead

    @classmethod
    def _vendor_move(cls, move_type, shares, amount, day=DAY):
        distribution = {str(project.account_id.id): share for project, share in shares.items()}
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": cls.supplier.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "瓷砖 tiles",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": distribution,
                        }
                    )
                ],
            }
        )
        move.action_post()
        cls._pay(move)
        return move

    @classmethod
    def _customer_refund(cls, invoice, amount):
        refund = invoice._reverse_moves([{"invoice_date": DAY}])
        refund.invoice_line_ids.price_unit = amount
        refund.action_post()
        cls._pay(refund)
        return refund

    def _expected_payment_rows(self):
        share = {  # the analytic split of the shared bill
            project: self.bill_split.invoice_line_ids.analytic_distribution[
                str(project.account_id.id)
            ]
            / 100
            for project in (self.project_a1, self.project_a2)
        }
        return {
            self.project_a1.id: {
                "received": self.invoice_a1.amount_total,
                "refunded": 0.0,
                "paid": self.bill_a1.amount_total
                + self.bill_split.amount_total * share[self.project_a1],
                "supplier_refund": 0.0,
            },
            self.project_a2.id: {
                "received": self.invoice_a2.amount_total,
                "refunded": self.refund_a2.amount_total,
                "paid": self.bill_split.amount_total * share[self.project_a2],
                "supplier_refund": self.vendor_refund_a2.amount_total,
            },
        }

    def test_payments_report_rows(self):
        data = self.Report._payments_data(DAY, DAY, self.company)
        expected = self._expected_payment_rows()
        rows = {row["project_id"]: row for row in data["projects"]}
        self.assertEqual(set(rows), set(expected), "only projects with money moving on DAY")
        for project_id, sums in expected.items():
            row = rows[project_id]
            for key, value in sums.items():
                self.assertAlmostEqual(row[key], value, places=2, msg=key)
            self.assertAlmostEqual(
                row["net"],
                sums["received"] - sums["refunded"] - sums["paid"] + sums["supplier_refund"],
                places=2,
            )
        self.assertEqual(rows[self.project_a1.id]["contract_number"], self.order_a1.contract_number)
        # one detail line per payment and project
        movements = data["movements"]
        self.assertEqual(len(movements), 7)
        self.assertEqual({m["date"] for m in movements}, {DAY})
        self.assertEqual(
            {m["document"] for m in movements if m["kind"] == "paid"},
            {self.bill_a1.name, self.bill_split.name},
        )
        # the day before has its own money only
        day_before = DAY - timedelta(days=1)
        before = self.Report._payments_data(day_before, day_before, self.company)
        self.assertEqual([r["project_id"] for r in before["projects"]], [self.project_old.id])
        self.assertAlmostEqual(before["projects"][0]["received"], self.invoice_old.amount_total)
        self.assertAlmostEqual(before["projects"][0]["paid"], self.bill_old.amount_total)

    def test_payments_xlsx(self):
        content, filename = self.Report._render_xlsx("payments", DAY, DAY, self.company)
        self.assertEqual(filename, "Project Payments In and Out 2025-06-10.xlsx")
        rows = self._xlsx_rows(content, "By Project")
        expected = self._expected_payment_rows()
        by_contract = {row[0]: row for row in rows[:-1]}
        self.assertEqual(
            set(by_contract), {self.order_a1.contract_number, self.order_a2.contract_number}
        )
        a2 = by_contract[self.order_a2.contract_number]
        sums = expected[self.project_a2.id]
        self.assertEqual(a2[1:4], [self.project_a2.name, self.client.name, self.studio_a.name])
        self.assertAlmostEqual(a2[4], sums["received"])
        self.assertAlmostEqual(a2[5], sums["refunded"])
        self.assertAlmostEqual(a2[6], sums["paid"])
        self.assertAlmostEqual(a2[7], sums["supplier_refund"])
        total = rows[-1]
        self.assertEqual(total[0], "Grand Total")
        self.assertAlmostEqual(total[4], sum(s["received"] for s in expected.values()))
        detail = self._xlsx_rows(content, "Payment Details")
        self.assertEqual(len(detail), 7 + 1)

    def test_contracts_report(self):
        data = self.Report._contracts_data(DAY, DAY, self.company)
        signed = self.order_a1 | self.order_a2 | self.order_b1 | self.order_b2
        expected = {}
        for order in signed:
            count, amount = expected.get((order.studio_id.id, order.designer_id.id), (0, 0.0))
            expected[order.studio_id.id, order.designer_id.id] = (
                count + 1,
                amount + order.contract_amount,
            )
        self.assertEqual(
            {(r["studio_id"], r["designer_id"]): (r["count"], r["amount"]) for r in data["groups"]},
            expected,
        )
        self.assertEqual(
            [r["contract_number"] for r in data["contracts"]],
            sorted(signed.mapped("contract_number")),
        )
        content, _name = self.Report._render_xlsx("contracts", DAY, DAY, self.company)
        rows = self._xlsx_rows(content, "By Studio and Designer")
        self.assertEqual(rows[-1][2], len(signed))
        self.assertAlmostEqual(rows[-1][3], sum(signed.mapped("contract_amount")))
        # a cancelled contract is no longer signed
        self.order_b2._action_cancel()
        data = self.Report._contracts_data(DAY, DAY, self.company)
        self.assertEqual(sum(r["count"] for r in data["groups"]), len(signed) - 1)

    def test_clients_report(self):
        monday = DAY - timedelta(days=DAY.weekday())
        week = (monday, monday + timedelta(days=6))
        data = self.Report._clients_data(*week, self.company)
        converted = self.week_leads.filtered(
            lambda lead: any(o.state == "sale" for o in lead.order_ids)
        )
        self.assertEqual(converted, self.lead_a1 | self.lead_b)
        for dimension in ("medium_id", "source_id", "designer_id"):
            with self.subTest(dimension=dimension):
                enquiries = Counter(lead[dimension].id for lead in self.week_leads)
                won = Counter(lead[dimension].id for lead in converted)
                self.assertEqual(
                    {r["key"]: (r["enquiries"], r["converted"]) for r in data[dimension]},
                    {key: (count, won[key]) for key, count in enquiries.items()},
                )
        web_medium = self.env.ref("renovation_service.utm_medium_web")
        web = next(r for r in data["medium_id"] if r["key"] == web_medium.id)
        self.assertEqual(web["label"], "网页")
        self.assertEqual(web["rate"], 0.5)
        content, _name = self.Report._render_xlsx("clients", *week, self.company)
        total = self._xlsx_rows(content, "By Media Source")[-1]
        self.assertEqual(total[1:3], [len(self.week_leads), len(converted)])
        self.assertAlmostEqual(total[3], len(converted) / len(self.week_leads))

    def test_xlsx_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["renovation_service"], ["zh_CN"], overwrite=True
        )
        report = self.Report.with_context(lang="zh_CN")
        content, filename = report._render_xlsx("payments", DAY, DAY, self.company)
        self.assertEqual(filename, "工程款收支明细表 2025-06-10.xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames, ["按工程", "收付款明细"])
        sheet = workbook["按工程"]
        self.assertEqual(sheet["A1"].value, "工程款收支明细表")
        self.assertEqual(sheet["A4"].value, "合同编号")


@tagged("post_install", "-at_install")
class TestReportDispatch(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project, cls.invoice = cls._paid_contract(DAY)
        cls.company.write(
            {
                "renovation_report_payment_user_ids": [
                    Command.set((cls.gm | cls.statistician).ids)
                ],
                "renovation_report_contract_user_ids": [
                    Command.set((cls.gm | cls.collector | cls.pm).ids)
                ],
                "renovation_report_client_user_ids": [Command.set(cls.gm.ids)],
            }
        )

    def _sent(self):
        return self.Dispatch.search([("company_id", "=", self.company.id)])

    def _run_daily(self, day):
        with freeze_time(utc_at_beijing(day, 10)):
            self.Dispatch._cron_send_daily_reports()

    def test_daily_reports_sent_once(self):
        self._run_daily(DAY + timedelta(days=1))
        sent = self._sent()
        self.assertEqual(sorted(sent.mapped("report")), ["contracts", "payments"])
        self.assertEqual(set(sent.mapped("date_from")), {DAY})
        payments = sent.filtered(lambda d: d.report == "payments")
        mail = payments.mail_id
        self.assertTrue(mail)
        self.assertEqual(mail.recipient_ids, (self.gm | self.statistician).partner_id)
        self.assertEqual(mail.attachment_ids, payments.attachment_id)
        self.assertEqual(mail.attachment_ids.name, "Project Payments In and Out 2025-06-10.xlsx")
        rows = self._xlsx_rows(base64.b64decode(mail.attachment_ids.datas), "By Project")
        self.assertEqual(rows[0][0], self.order.contract_number)
        self.assertAlmostEqual(rows[0][4], self.invoice.amount_total)
        self.assertIn("Project Payments In and Out", mail.subject)
        contracts = sent.filtered(lambda d: d.report == "contracts")
        self.assertEqual(
            contracts.mail_id.recipient_ids, (self.gm | self.collector | self.pm).partner_id
        )
        mails = self.env["mail.mail"].search([("model", "=", "renovation.report.dispatch")])

        # twice the same day, and later the same day: nothing new
        self._run_daily(DAY + timedelta(days=1))
        with freeze_time(utc_at_beijing(DAY + timedelta(days=1), 23)):
            self.Dispatch._cron_send_daily_reports()
        self.assertEqual(self._sent(), sent)
        self.assertEqual(
            self.env["mail.mail"].search([("model", "=", "renovation.report.dispatch")]), mails
        )

    def test_missed_day_is_not_caught_up(self):
        self._run_daily(DAY + timedelta(days=1))
        # the cron did not run on DAY + 2: on DAY + 3 only DAY + 2 is sent
        self._run_daily(DAY + timedelta(days=3))
        self.assertEqual(
            sorted(set(self._sent().mapped("date_from"))), [DAY, DAY + timedelta(days=2)]
        )

    def test_unique_per_report_and_period(self):
        self._run_daily(DAY + timedelta(days=1))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Dispatch.create(
                {"report": "payments", "date_from": DAY, "date_to": DAY}
            ).flush_recordset()

    def test_recipients_default_to_gm_statistician_and_finance(self):
        """Seed 002 step 07: without recipients set, the daily reports go to
        the general manager, the statistician and finance."""
        self.company.write(
            {
                "renovation_report_contract_user_ids": False,
                "renovation_finance_user_id": self.collector.id,
            }
        )
        self._run_daily(DAY + timedelta(days=1))
        contracts = self._sent().filtered(lambda d: d.report == "contracts")
        self.assertEqual(
            contracts.mail_id.recipient_ids,
            (self.gm | self.statistician | self.collector).partner_id,
        )

    def test_no_recipient_no_mail(self):
        self.company.write(
            {
                "renovation_report_contract_user_ids": False,
                "renovation_general_manager_id": False,
                "renovation_statistician_id": False,
                "renovation_finance_user_id": False,
            }
        )
        self._run_daily(DAY + timedelta(days=1))
        self.assertEqual(self._sent().mapped("report"), ["payments"])

    def test_weekly_client_report(self):
        monday = DAY + timedelta(days=7 - DAY.weekday())
        for _run in range(2):
            with freeze_time(utc_at_beijing(monday, 10)):
                self.Dispatch._cron_send_weekly_reports()
        # a late run on Tuesday still reports the same week: nothing new
        with freeze_time(utc_at_beijing(monday + timedelta(days=1), 10)):
            self.Dispatch._cron_send_weekly_reports()
        sent = self._sent()
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.report, "clients")
        self.assertEqual(
            (sent.date_from, sent.date_to), (monday - timedelta(days=7), monday - timedelta(days=1))
        )
        self.assertEqual(sent.mail_id.recipient_ids, self.gm.partner_id)

    def test_daily_reports_arrive_before_ten(self):
        """Due before 10:00 Beijing time (seed 002 step 07): sent from the
        company's report hour (08:00 by default), an hourly cron."""
        for xmlid in ("ir_cron_daily_management_reports", "ir_cron_weekly_management_reports"):
            cron = self.env.ref(f"renovation_service.{xmlid}")
            self.assertEqual(cron.model_id.model, "renovation.report.dispatch")
            self.assertEqual((cron.interval_number, cron.interval_type), (1, "hours"))
        self.assertEqual(self.company.renovation_report_hour, 8)
        with freeze_time(utc_at_beijing(DAY + timedelta(days=1), 7) + timedelta(minutes=59)):
            self.Dispatch._cron_send_daily_reports()
        self.assertFalse(self._sent(), "not before the report hour")
        with freeze_time(utc_at_beijing(DAY + timedelta(days=1), 8)):
            self.Dispatch._cron_send_daily_reports()
        self.assertEqual(sorted(self._sent().mapped("report")), ["contracts", "payments"])
        self.company.renovation_report_hour = 6
        with self.assertRaises(ValidationError):
            self.company.renovation_report_hour = 10
        self.assertEqual(self.company.renovation_report_hour, 6)


@tagged("post_install", "-at_install")
class TestReportWizard(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project, cls.invoice = cls._paid_contract(DAY)
        cls.Wizard = cls.env["renovation.report.wizard"]

    def test_download(self):
        for user in (self.manager, self.collector):
            with self.subTest(user=user.name):
                wizard = self.Wizard.with_user(user).create(
                    {"report": "contracts", "date_from": DAY, "date_to": DAY}
                )
                action = wizard.action_download()
                self.assertEqual(action["type"], "ir.actions.act_url")
                self.assertIn(f"id={wizard.id}", action["url"])
                self.assertEqual(wizard.file_name, "Contracts Signed 2025-06-10.xlsx")
                rows = self._xlsx_rows(base64.b64decode(wizard.file_data), "Contract List")
                self.assertEqual(rows[0][0], self.order.contract_number)
                self.assertAlmostEqual(rows[0][5], self.order.contract_amount)

    def test_inverted_period_refused(self):
        wizards = self.Wizard.search_count([])
        attachments = self.env["ir.attachment"].search_count([])
        with self.assertRaises(UserError):
            self.Wizard.with_user(self.manager).create(
                {"report": "payments", "date_from": DAY, "date_to": DAY - timedelta(days=1)}
            ).action_download()
        self.assertEqual(self.Wizard.search_count([]), wizards)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_plain_users_refused(self):
        for user in (self.foreman, self.designer, self.pm):
            with self.subTest(user=user.name):
                with self.assertRaises(AccessError):
                    self.Wizard.with_user(user).create({"date_from": DAY, "date_to": DAY})
                with self.assertRaises(AccessError):
                    self.Dispatch.with_user(user).search([])


@tagged("post_install", "-at_install")
class TestReportQueryBudget(ReportCase):
    """The reports aggregate in SQL: their query count does not depend on the
    number of projects."""

    def _add_projects(self, count):
        studios = (self.studio_a, self.studio_b)
        for index in range(count):
            self._paid_contract(DAY, studio=studios[index % 2], amount=10000.0 + index)

    def _reports(self):
        for report in ("payments", "contracts", "clients"):
            self.Report._render_xlsx(report, DAY, DAY, self.company)

    def test_query_count_does_not_grow(self):
        self._add_projects(3)
        few = self._queries(self._reports)
        self.assertEqual(len(self.Report._payments_data(DAY, DAY, self.company)["projects"]), 3)
        self._add_projects(9)
        many = self._queries(self._reports)
        self.assertEqual(len(self.Report._payments_data(DAY, DAY, self.company)["projects"]), 12)
        self.assertEqual(few, many, "the reports must not query per project")
        with self.assertQueryCount(25):
            self.env.invalidate_all()
            self._reports()
