import contextlib

from lxml import etree

from odoo import Command
from odoo.tests import tagged

from .common import SIGNATURE, RenovationCase

# queries of one kanban column of renovation projects (cards, their gates, the
# badge of what the next stage still needs), whatever the number of cards:
# measured 17 (the gates read per gate type for the whole column: contracts
# and instalments in one query, signed forms, open rectifications and the
# hidden works in one query each)
KANBAN_COLUMN_QUERY_BUDGET = 18
# a project's gate check (the same batch evaluation, for one project); measured 7
GATE_CHECK_QUERY_BUDGET = 8
# the last signature of a form (signature, event, completion, triggers, the
# source's signed hook: a delivery's materials accepted); measured 62
LAST_SIGNATURE_QUERY_BUDGET = 64
# signing a contract: number, project, first instalment invoiced and posted
# (190), and the project's construction schedule (measured 339 in all: about
# 11 queries per node of the 15-node template, Odoo's own task creation —
# the project's followers subscribed to each task, each dependency checked
# for cycles; a fixed cost per contract, see TestSchedule)
CONTRACT_SIGNATURE_QUERY_BUDGET = 355


@tagged("post_install", "-at_install")
class TestQueryBudget(RenovationCase):
    """Hot paths keep a constant number of queries, however many forms a project has."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.Form = cls.env["renovation.form"]

    def _gate_check(self):
        self.project.with_user(self.pm)._renovation_gate_failures(self.stage["construction_2"])

    def _portal_list(self):
        # what /my/renovation/forms does: search under the portal rules, render sudo
        forms = self.Form.with_user(self.client_user).search(
            [("partner_id", "child_of", [self.client.id])]
        )
        forms.sudo().mapped(lambda f: (f.name, f.project_id.name, f.client_to_sign))

    def test_gate_check_is_constant(self):
        self._waiting_forms(self.project, 2)
        few = self._queries(self._gate_check)
        self._waiting_forms(self.project, 20)
        many = self._queries(self._gate_check)
        self.assertEqual(few, many, "gate evaluation must not query per form")
        with self.assertQueryCount(GATE_CHECK_QUERY_BUDGET):
            self.env.invalidate_all()
            self._gate_check()

    def test_portal_form_list_is_constant(self):
        self.client_user = self._portal_user("qb_client", self.client.id)
        self._waiting_forms(self.project, 2)
        few = self._queries(self._portal_list)
        self._waiting_forms(self.project, 20)
        many = self._queries(self._portal_list)
        self.assertEqual(few, many, "the client's form list must not query per form")
        with self.assertQueryCount(15):
            self.env.invalidate_all()
            self._portal_list()


@tagged("post_install", "-at_install")
class TestKanbanQueryBudget(RenovationCase):
    """The renovation kanban evaluates the gates of a whole column at once: a
    column of 39 cards costs the queries of a column of 5 (below the page of
    40, past which Odoo's web_search_read also counts the records)."""

    def _kanban_spec(self):
        view = self.env.ref("renovation_service.view_project_renovation_kanban")
        arch = self.env["project.project"].get_views([(view.id, "kanban")])["views"]["kanban"][
            "arch"
        ]
        names = {node.get("name") for node in etree.fromstring(arch).iter("field")}
        Project = self.env["project.project"]
        return {
            name: {"fields": {"display_name": {}}}
            if Project._fields[name].type in ("many2one", "many2many", "one2many")
            else {}
            for name in names | {"stage_id"}
            if name in Project._fields
        }

    def _add_cards(self, count):
        """``count`` projects in Materials and Site Start, each with its own
        contract (plan included), a form waiting for signatures and team."""
        orders = self.env["sale.order"].create(
            [self._contract_values(partner_id=self.client.id) for _i in range(count)]
        )
        projects = self.env["project.project"].create(
            [
                {
                    "name": f"看板 {order.id}",
                    "is_renovation": True,
                    "contract_id": order.id,
                    "partner_id": self.client.id,
                    "stage_id": self.stage["site_start"].id,
                    "user_id": self.pm.id,
                    "foreman_id": self.foreman.id,
                    "designer_id": self.designer.id,
                    "inspector_id": self.inspector.id,
                }
                for order in orders
            ]
        )
        self.env["renovation.form"].create(
            [
                {
                    "form_type_id": self.env.ref("renovation_service.form_type_onsite_handover").id,
                    "project_id": project.id,
                }
                for project in projects
            ]
        )
        return projects

    def _open_column(self):
        spec = self._kanban_spec()
        page = (
            self.env["project.project"]
            .with_user(self.manager)
            .web_search_read(
                [("is_renovation", "=", True), ("stage_id", "=", self.stage["site_start"].id)],
                spec,
                limit=40,
            )
        )
        self.assertTrue(all(record["next_stage_blockers"] for record in page["records"]))
        return page

    def test_column_queries_do_not_grow_with_the_cards(self):
        self._add_cards(5)
        few = self._queries(self._open_column)
        self._add_cards(34)
        many = self._queries(self._open_column)
        self.assertEqual(few, many, "a column costs the same queries for 5 or 39 cards")
        with self.assertQueryCount(KANBAN_COLUMN_QUERY_BUDGET):
            self.env.invalidate_all()
            self._open_column()


@tagged("post_install", "-at_install")
class TestSigningQueryBudget(RenovationCase):
    """The last signature records the signature and its event, runs what the
    form sets off and leaves the PDF to the cron: its cost does not depend on
    the number of signers or lines. Nor does signing a contract depend on its
    lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()

    def _form_with_last_signature_left(self, code, lines):
        form = self.env["renovation.form"]._create_from_source(
            self.project,
            code,
            self.project,
            values={"line_ids": [Command.create({"name": f"项目 {i}"}) for i in range(lines)]},
        )
        form.action_request_signatures()
        *first, last = form.signature_ids
        for slot in first:
            if slot.is_client:
                form._sign_as_client(SIGNATURE, "王建国", "127.0.0.1")
            else:
                slot.with_user(slot.user_id).action_sign(SIGNATURE, slot.user_id.name)
        return form, last

    def _last_signature_queries(self, code, lines):
        form, last = self._form_with_last_signature_left(code, lines)
        self.env.flush_all()
        self.env.invalidate_all()
        signer = last.user_id
        with contextlib.contextmanager(self._patchExecute)([]) as queries:
            last.with_user(signer).action_sign(SIGNATURE, signer.name)
            self.env.flush_all()
        self.assertEqual(form.state, "signed")
        self.assertEqual(form.pdf_state, "pending", "the PDF is not rendered in the request")
        return len(queries)

    def test_last_signature_does_not_grow_with_signers_or_lines(self):
        # warm-up: registry caches (rules, translations, templates, and the
        # per-user caches of each last signer: groups, companies)
        self._last_signature_queries("foreman_commitment", 1)
        self._last_signature_queries("onsite_handover", 1)
        one_signer = self._last_signature_queries("foreman_commitment", 1)
        many_lines = self._last_signature_queries("foreman_commitment", 30)
        self.assertEqual(one_signer, many_lines, "no query per line")
        four_signers = self._last_signature_queries("onsite_handover", 1)
        self.assertEqual(four_signers, one_signer, "no query per signer")
        self.assertLessEqual(four_signers, LAST_SIGNATURE_QUERY_BUDGET)

    def _confirm_queries(self, lines):
        values = self._contract_values()
        values["order_line"] = [
            Command.create(
                {
                    "product_id": self.works.id,
                    "name": f"工程 {i}",
                    "product_uom_qty": 1,
                    "price_unit": 1000,
                }
            )
            for i in range(lines)
        ]
        order = self.env["sale.order"].create(values)
        self.env.flush_all()
        self.env.invalidate_all()
        with contextlib.contextmanager(self._patchExecute)([]) as queries:
            order.with_user(self.designer).action_confirm()
            self.env.flush_all()
        self.assertTrue(order.contract_number)
        return len(queries)

    def test_contract_signature_does_not_grow_with_lines(self):
        self._confirm_queries(2)  # warm-up
        few = self._confirm_queries(2)
        many = self._confirm_queries(20)
        self.assertEqual(few, many, "no query per contract line")
        self.assertLessEqual(many, CONTRACT_SIGNATURE_QUERY_BUDGET)
