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
        with self.assertQueryCount(30):
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
