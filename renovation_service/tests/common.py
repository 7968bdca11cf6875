import base64
import contextlib
import io
import json
import re
import threading
import time

import polib
from PIL import Image

import odoo.http
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import SQL, config
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

# what a translation must carry over unchanged from its source term
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\{\{.*?\}\}")
QWEB_ATTRIBUTE = re.compile(r"""t-[\w-]+="[^"]*"|t-[\w-]+='[^']*'""")
MARKUP = re.compile(r"</?\w+[^>]*>")


def make_signature_png():
    """A real (tiny) PNG, as the signature widget sends it: base64 bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "white").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


SIGNATURE = make_signature_png()


# where the company's staff work (their "today" in the back office and RPC)
STAFF_TZ = "Asia/Shanghai"
# Staff are notified in Odoo's inbox (on the phone app), not by e-mail: no test
# reads the e-mail Odoo renders for every activity assigned to staff (a
# twentieth of the suite's time); the e-mails the tests read (to clients, the
# reports) do not depend on it.
STAFF_NOTIFICATION_TYPE = "inbox"


def new_staff_user(env, login, groups, **values):
    """``new_test_user`` without the sign-up invitation e-mail Odoo sends every
    new user: a third of the user's creation, and no test reads it. Staff are
    notified as :func:`new_staff_users` makes them (``STAFF_NOTIFICATION_TYPE``)."""
    values.setdefault("notification_type", STAFF_NOTIFICATION_TYPE)
    return new_test_user(env, login, groups=groups, context={"no_reset_password": True}, **values)


def new_staff_users(env, *specs):
    """Users as :func:`new_staff_user` makes them (same password and e-mail),
    all in one ``create``: a third of the time of one by one, in the set-up
    of every test class. ``specs``: (login, groups, name) of each user."""
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "login": login,
                    "name": name,
                    "password": login + "x" * (8 - len(login)),
                    "email": f"{login[0]}.{login[0]}@example.com",
                    "tz": STAFF_TZ,
                    "notification_type": STAFF_NOTIFICATION_TYPE,
                    "groups_id": [
                        Command.set([env.ref(group.strip()).id for group in groups.split(",")])
                    ],
                }
                for login, groups, name in specs
            ]
        )
    )


def chinese_env(env, addons=("renovation_service",)):
    """``env`` in zh_CN with the Chinese terms of ``addons`` loaded, on any
    database (CI installs without --load-language)."""
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"]._load_module_terms(list(addons), ["zh_CN"], overwrite=True)
    return env(context=dict(env.context, lang="zh_CN"))


def use_test_server_for_reports(env):
    """wkhtmltopdf fetches the report assets over HTTP: point it at this test
    run's own server, not at the configured web.base.url."""
    env["ir.config_parameter"].sudo().set_param(
        "report.url", f"http://127.0.0.1:{config['http_port']}"
    )


def read_addon_manifests():
    """Make Odoo's HTTP server read every addon's manifest now, in the test's
    thread. It does so at its first request, and the first requests of a test
    process can come together (wkhtmltopdf's two stylesheets, a browser's
    assets): on Python 3.11, two threads parsing at once can fail with "AST
    constructor recursion depth mismatch" (CPython gh-106905; seen once here,
    when a PDF test was the first of its process to reach the server).
    Every browser, portal and RPC test class calls it in its set-up."""
    odoo.http.root.get_static_file("/web/static/img/favicon.ico")


class PhoneBrowserMixin:
    """A browser test at a phone's size (390 px wide) with touch, for
    HttpCases whose tours or measures run as the foreman or client on site."""

    browser_size = "390x844"
    touch_enabled = True


class RenovationCase(TransactionCase):
    """Two studios, a team, a client; helpers to sign and pay contracts.

    A TransactionCase: signing records the signatures at once and leaves the
    PDF to a cron. Tests of the portal, of RPC or of a real PDF use
    :class:`RenovationHttpCase` (or add ``HttpCase`` to their bases)."""

    # The stage gates these tests satisfy: those of the listed addons. Gates
    # that other installed addons put on the same stages (quality hold points,
    # ...) are archived, so that a test of one addon does not depend on which
    # other addons happen to be installed in the database.
    gates_of_addons = ("renovation_service",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the company's time zone for every "today" of the tests and of the
        # code they run, whoever acts (Odoo's superuser lives in Brussels:
        # between 23:00 and 24:00 UTC its today is not the staff's)
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_notrack=True, tz=STAFF_TZ)
        )
        cls.company = cls.env.company
        cls.company.partner_id.tz = STAFF_TZ
        grp = "renovation_service.group_renovation_"
        (
            cls.manager,
            cls.studio_manager,
            cls.designer,
            cls.other_designer,
            cls.pm,
            cls.collector,
            cls.foreman,
            cls.inspector,
            cls.statistician,
            cls.gm,
        ) = new_staff_users(
            cls.env,
            ("reno_manager", f"{grp}manager", "Manager Li"),
            ("reno_studio_mgr", f"{grp}designer", "Studio Manager Zhou"),
            ("reno_designer", f"{grp}designer", "Designer Wang"),
            ("reno_designer2", f"{grp}designer", "Designer Zhao"),
            ("reno_pm", f"{grp}project_manager,account.group_account_invoice", "PM Chen"),
            ("reno_finance", f"{grp}cash_collector", "Finance Sun"),
            ("reno_foreman", f"{grp}user", "Foreman Liu"),
            ("reno_inspector", f"{grp}quality_inspector", "Inspector Xu"),
            ("reno_stat", f"{grp}user", "Statistician Hu"),
            ("reno_gm", f"{grp}manager", "GM Ma"),
        )
        cls.company.write(
            {
                "renovation_general_manager_id": cls.gm.id,
                "renovation_statistician_id": cls.statistician.id,
                "renovation_finance_user_id": cls.collector.id,
                "renovation_first_payment_percent": 30.0,
                "renovation_midterm_payment_percent": 60.0,
                "renovation_final_due_days": 3,
            }
        )
        cls.studio_a = cls.env["renovation.studio"].create(
            {"name": "Studio A", "code": "T", "manager_id": cls.studio_manager.id}
        )
        cls.studio_b = cls.env["renovation.studio"].create({"name": "Studio U", "code": "U"})
        cls.client = cls.env["res.partner"].create({"name": "王建国", "email": "wang@example.com"})
        cls.works = cls.env.ref("renovation_service.product_renovation_works")
        # a tax-free product keeps amounts readable; taxes are exercised elsewhere
        cls.works.taxes_id = False
        cls.change_work = cls.env.ref("renovation_service.product_change_order_work")
        cls.change_work.taxes_id = False
        cls.stage = {
            name: cls.env.ref(f"renovation_service.stage_{name}")
            for name in (
                "contract",
                "design",
                "handover",
                "site_start",
                "construction",
                "midterm",
                "construction_2",
                "completion",
                "delivered",
                "warranty",
            )
        }
        foreign_gates = cls.env["ir.model.data"].search(
            [("model", "=", "renovation.stage.gate"), ("module", "not in", cls.gates_of_addons)]
        )
        if foreign_gates:
            cls.env["renovation.stage.gate"].browse(foreign_gates.mapped("res_id")).active = False

    @classmethod
    def _portal_user(cls, login, partner_id):
        """A portal user (password = login) for the client ``partner_id``
        (without the sign-up invitation e-mail, as :func:`new_staff_user`)."""
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": login,
                    "password": login,
                    "partner_id": partner_id,
                    "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
                }
            )
        )

    @classmethod
    def _change_order_form(cls, project):
        """A 8 000 floor-heating change order on ``project``, its form sent to
        the client to sign."""
        change = cls.env["renovation.change.order"].create(
            {
                "project_id": project.id,
                "reason": "加装地暖",
                "line_ids": [
                    Command.create(
                        {
                            "name": "地暖",
                            "quantity": 1,
                            "price_unit": 8000,
                            "product_id": cls.change_work.id,
                        }
                    )
                ],
            }
        )
        return change.action_request_signature()

    @classmethod
    def _waiting_forms(cls, project, count):
        """``count`` stage-acceptance forms on ``project`` waiting for signatures."""
        forms = cls.env["renovation.form"].create(
            [
                {
                    "form_type_id": cls.env.ref("renovation_service.form_type_stage_acceptance").id,
                    "project_id": project.id,
                }
                for _i in range(count)
            ]
        )
        forms.action_request_signatures()
        return forms

    def _queries(self, func):
        """Queries ``func`` runs on a cold record cache; a first run warms the
        registry caches (rules, translations) that are not per record."""
        func()
        self.env.flush_all()
        self.env.invalidate_all()
        with contextlib.contextmanager(self._patchExecute)([]) as queries:
            func()
        return len(queries)

    def assertAddonTranslated(self, addon, lang="zh_CN"):
        """Every term users of ``addon`` can see (as Odoo's own export finds them
        in its code, views and data) is in the addon's .pot and translated in
        ``<lang>.po``, with the same placeholders, QWeb attributes and markup."""
        pot = polib.pofile(file_path(f"{addon}/i18n/{addon}.pot"))
        po = polib.pofile(file_path(f"{addon}/i18n/{lang}.po"))
        pot_terms = {entry.msgid for entry in pot}
        self.assertEqual({entry.msgid for entry in po}, pot_terms, "po and pot in sync")
        exported = {row[4] for row in TranslationModuleReader(self.env.cr, modules=[addon])}
        self.assertFalse(
            sorted(exported - pot_terms), f"terms of {addon} missing in its .pot (export it again)"
        )
        for entry in po:
            with self.subTest(msgid=entry.msgid[:60]):
                self.assertTrue(entry.msgstr, "translated")
                for pattern in (PLACEHOLDER, QWEB_ATTRIBUTE):
                    self.assertEqual(
                        sorted(pattern.findall(entry.msgid)), sorted(pattern.findall(entry.msgstr))
                    )
                self.assertEqual(
                    len(MARKUP.findall(entry.msgid)), len(MARKUP.findall(entry.msgstr))
                )

    @classmethod
    def _contract_values(cls, studio=None, amount=100000.0, **extra):
        values = {
            "partner_id": cls.client.id,
            "studio_id": (studio or cls.studio_a).id,
            "designer_id": cls.designer.id,
            "user_id": cls.designer.id,
            "site_address": "上海市浦东新区锦绣路 100 弄 8 号 1201",
            "ack_client_costs": True,
            "ack_no_structural_change": True,
            "annex_contract_notes": True,
            "annex_agreed_terms": True,
            "annex_client_materials": True,
            "annex_company_materials": True,
            "annex_quotation": True,
            "annex_drawings": True,
            "annex_client_notice": True,
            "annex_service_sheet": True,
            "order_line": [
                Command.create(
                    {
                        "product_id": cls.works.id,
                        "name": "水电改造",
                        "product_uom_qty": 1,
                        "price_unit": amount * 0.4,
                    }
                ),
                Command.create(
                    {
                        "product_id": cls.works.id,
                        "name": "泥瓦与木工",
                        "product_uom_qty": 1,
                        "price_unit": amount * 0.6,
                    }
                ),
            ],
        }
        values.update(extra)
        return values

    @classmethod
    def _signed_contract(cls, studio=None, amount=100000.0, **extra):
        order = cls.env["sale.order"].create(cls._contract_values(studio, amount, **extra))
        order.action_confirm()
        project = order.renovation_project_id
        project.write(
            {
                "user_id": cls.pm.id,
                "foreman_id": cls.foreman.id,
                "inspector_id": cls.inspector.id,
                "date": fields.Date.add(fields.Date.today(), days=90),
            }
        )
        return order, project

    @classmethod
    def _pay(cls, invoice, user=None):
        return (
            cls.env["account.payment.register"]
            .with_user(user or cls.collector)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"payment_date": invoice.invoice_date})
            ._create_payments()
        )

    @staticmethod
    def _instalment(order, instalment_type):
        return order.payment_plan_line_ids.filtered(lambda p: p.instalment_type == instalment_type)

    # ------------------------------------------------------------------
    # signature forms
    # ------------------------------------------------------------------
    @classmethod
    def _audit_settlement(cls, project):
        """The statistician (or a manager) completes the project's settlement
        audit, explaining whatever is not signed or paid."""
        audit = cls.env["renovation.settlement.audit"]._for_project(project)
        if audit.state == "done":
            return audit
        auditor = audit.statistician_id or cls.manager
        lines = audit.line_ids.with_user(auditor)
        lines.write({"checked": True})
        lines.filtered(lambda line: line.status not in ("signed", "paid")).write(
            {"note": "纸质单据已归档"}
        )
        audit.with_user(auditor).action_done()
        return audit

    @classmethod
    def _sign_all(cls, form):
        """Every signer signs, each as themselves (the client on the portal path)."""
        for slot in form.signature_ids.filtered(lambda s: not s.is_signed):
            if form.form_type_id.code == "settlement_register" and slot.role_id.code == (
                "statistician"
            ):
                cls._audit_settlement(form.project_id)
            if slot.is_client:
                form._sign_as_client(SIGNATURE, slot.partner_id.name, "127.0.0.1")
            else:
                slot.with_user(slot.user_id).action_sign(SIGNATURE, slot.user_id.name)
        return form

    @classmethod
    def _signed_form(cls, project, type_code, source=None, values=None):
        form = cls.env["renovation.form"]._create_from_source(
            source or project, type_code, project, values=values
        )
        form.action_request_signatures()
        return cls._sign_all(form)

    @classmethod
    def _sign_gate_forms(cls, project, stage):
        """Sign every form the gates up to ``stage`` wait for."""
        gates = project._renovation_gates_for(stage).filtered(
            lambda g: g.gate_type == "form_signed"
        )
        for form_type in gates.form_type_id:
            if not project.form_ids.filtered(
                lambda f, t=form_type: f.form_type_id == t and f.state == "signed"
            ):
                cls._signed_form(project, form_type.code)


class RenovationHttpCase(RenovationCase, HttpCase):
    """For tests of the portal, of JSON-RPC and of real PDFs (wkhtmltopdf
    loads the report assets from this test run's own HTTP server)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        read_addon_manifests()
        use_test_server_for_reports(cls.env)

    def _page_queries(self, url, budget):
        """(queries, response) of ``GET url`` (HTTP requests run on the test
        cursor: they are counted) within ``budget``, after a warm-up request
        (compiled templates, rules, translations)."""
        self.url_open(url)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            before = self.cr.sql_log_count
            response = self.url_open(url)
            count = self.cr.sql_log_count - before
        self.assertEqual(response.status_code, 200)
        return count, response

    @classmethod
    def _render_pdfs(cls, forms):
        """Run what the PDF cron does for ``forms``, rendering real PDFs."""
        forms.with_context(force_report_rendering=True)._renovation_render_signed_pdf()
        return forms

    # what a refusal may be: a clear message for the user, never a crash
    REFUSALS = (
        "odoo.exceptions.UserError",
        "odoo.exceptions.AccessError",
        "odoo.exceptions.ValidationError",
    )

    def _rpc_refused(self, model, method, *args, **kwargs):
        """Call ``model.method`` over JSON-RPC expecting a clear refusal; the
        error's data (name, message) is returned."""
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        payload = response.json()
        self.assertIn("error", payload, f"{model}.{method} was not refused")
        error = payload["error"]["data"]
        self.assertIn(error["name"], self.REFUSALS, error.get("message"))
        return error

    def _rpc(self, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over JSON-RPC, as the web client
        calls it, for the user this test authenticated."""
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


# tables where Odoo writes what goes with a record (activities, followers,
# messages, e-mails), child tables first
MAIL_TABLES = (
    "mail_activity",
    "mail_followers",
    "mail_tracking_value",
    "mail_notification",
    "mail_mail",
    "mail_message",
)


class CronRaceMixin:
    """Run a cron's work from two database connections at once, as two cron
    workers would, on committed data; undo what they committed afterwards.

    For a plain ``TransactionCase`` whose own transaction holds no row locks
    (a set-up writing shared rows would block the workers)."""

    def _race(self, work, setup=None, tables=(), restore=(), undo=None):
        """``work(env, fixture)`` in two workers: the first does its work and
        keeps its transaction open while the second starts the same work;
        then the first commits and the second finishes. ``setup(env)``
        (committed first) returns the ``fixture``. Returns the two results;
        fails on any error in either worker.

        Undone afterwards: rows above the ids seen before in ``tables`` and
        in the mail tables (fixture included), the columns ``restore``
        ((table, column), ...) of existing rows, and ``undo(cr)``."""
        registry = self.registry
        env_of = self._race_env
        tables = (*tables, *MAIL_TABLES)
        with registry.cursor() as cr:
            marks = {}
            for table in tables:
                cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table)))
                marks[table] = cr.fetchone()[0]
            saved = {}
            for table, column in restore:
                cr.execute(
                    SQL("SELECT id, %s FROM %s", SQL.identifier(column), SQL.identifier(table))
                )
                saved[table, column] = cr.fetchall()
        self.addCleanup(self._undo_race, marks, saved, undo)
        fixture = None
        if setup:
            with registry.cursor() as cr:
                fixture = setup(env_of(cr))
        results, errors, backends = {}, [], {}
        first_done, release = threading.Event(), threading.Event()

        def worker(name, hold):
            try:
                with registry.cursor() as cr:
                    backends[name] = cr._cnx.info.backend_pid
                    results[name] = work(env_of(cr), fixture)
                    if hold:
                        first_done.set()
                        release.wait(60)
            except Exception as error:  # noqa: BLE001 - reported by the test below
                errors.append(f"{name}: {error!r}")
            finally:
                first_done.set()

        first = threading.Thread(target=worker, args=("first", True), daemon=True)
        first.start()
        first_done.wait(60)
        second = threading.Thread(target=worker, args=("second", False), daemon=True)
        second.start()
        self._wait_blocked_or_done(second, backends, "second")
        release.set()
        first.join(60)
        second.join(60)
        self.assertFalse(first.is_alive() or second.is_alive(), "both workers finished")
        self.assertFalse(errors, "no worker may fail")
        return results["first"], results["second"]

    def _wait_blocked_or_done(self, thread, backends, name, limit=10):
        """Until the worker ``name`` waits for a lock the other worker holds
        (PostgreSQL's view of its connection) or has finished, at most
        ``limit`` seconds: the race is then really run, without a fixed wait."""
        deadline = time.monotonic() + limit
        with self.registry.cursor() as cr:
            while thread.is_alive() and time.monotonic() < deadline:
                if name in backends:
                    # a new snapshot of the server's activity at each look
                    cr.execute("SELECT pg_stat_clear_snapshot()")
                    cr.execute(
                        "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                        [backends[name]],
                    )
                    if (cr.fetchone() or [None])[0] == "Lock":
                        return
                thread.join(0.01)

    def _race_env(self, cr):
        """A superuser environment on ``cr`` (any thread): the registry is
        given, since looking it up by name would wait for the lock the test
        runner holds while tests run."""
        cr.transaction = api.Transaction(self.registry)
        # e-mails are queued, not sent after the commit (sending opens a cursor
        # by database name, which would wait for that same lock)
        return api.Environment(cr, SUPERUSER_ID, {"mail_notify_force_send": False})

    def _committed(self, read):
        """``read(env)`` on what is committed (plain values, not records)."""
        with self.registry.cursor() as cr:
            return read(self._race_env(cr))

    def _undo_race(self, marks, saved, undo):
        with self.registry.cursor() as cr:
            if undo:
                undo(cr)
            for (table, column), rows in saved.items():
                for record_id, value in rows:
                    cr.execute(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE id = %s",
                            SQL.identifier(table),
                            SQL.identifier(column),
                            value,
                            record_id,
                        )
                    )
            for table, mark in marks.items():
                cr.execute(SQL("DELETE FROM %s WHERE id > %s", SQL.identifier(table), mark))
