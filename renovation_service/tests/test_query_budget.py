import contextlib

from odoo.tests import tagged

from .common import RenovationCase


@tagged("post_install", "-at_install")
class TestQueryBudget(RenovationCase):
    """Hot paths keep a constant number of queries, however many forms a project has."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.Form = cls.env["renovation.form"]

    def _add_waiting_forms(self, count):
        forms = self.Form.create(
            [
                {
                    "form_type_id": self.env.ref(
                        "renovation_service.form_type_stage_acceptance"
                    ).id,
                    "project_id": self.project.id,
                }
                for _i in range(count)
            ]
        )
        forms.action_request_signatures()

    def _queries(self, func):
        """Queries ``func`` runs on a cold record cache; a first run warms the
        registry caches (rules, translations) that are not per record."""
        func()
        self.env.flush_all()
        self.env.invalidate_all()
        with contextlib.contextmanager(self._patchExecute)([]) as queries:
            func()
        return len(queries)

    def _gate_check(self):
        self.project.with_user(self.pm)._renovation_gate_failures(self.stage["construction_2"])

    def _portal_list(self):
        # what /my/renovation/forms does: search under the portal rules, render sudo
        forms = self.Form.with_user(self.client_user).search(
            [("partner_id", "child_of", [self.client.id])]
        )
        forms.sudo().mapped(lambda f: (f.name, f.project_id.name, f.client_to_sign))

    def test_gate_check_is_constant(self):
        self._add_waiting_forms(2)
        few = self._queries(self._gate_check)
        self._add_waiting_forms(20)
        many = self._queries(self._gate_check)
        self.assertEqual(few, many, "gate evaluation must not query per form")
        with self.assertQueryCount(30):
            self.env.invalidate_all()
            self._gate_check()

    def test_portal_form_list_is_constant(self):
        self.client_user = self.env["res.users"].create(
            {
                "login": "qb_client",
                "partner_id": self.client.id,
                "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        self._add_waiting_forms(2)
        few = self._queries(self._portal_list)
        self._add_waiting_forms(20)
        many = self._queries(self._portal_list)
        self.assertEqual(few, many, "the client's form list must not query per form")
        with self.assertQueryCount(15):
            self.env.invalidate_all()
            self._portal_list()
