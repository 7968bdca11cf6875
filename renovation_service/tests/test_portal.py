import json

from odoo.tests import tagged

from .common import SIGNATURE, RenovationHttpCase


@tagged("post_install", "-at_install")
class TestFormPortal(RenovationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_user = cls._portal_user("client_wang", cls.client.id)
        cls.other_client = cls.env["res.partner"].create({"name": "赵女士"})
        cls.other_user = cls._portal_user("client_zhao", cls.other_client.id)
        cls.order, cls.project = cls._signed_contract()
        cls.form = cls._change_order_form(cls.project)

    def _sign_json(self, token=None):
        url = f"/my/renovation/forms/{self.form.id}/sign"
        if token:
            url += f"?access_token={token}"
        response = self.url_open(
            url,
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {"name": "intruder", "signature": SIGNATURE.decode()},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json().get("result", {})

    def test_portal_sign_tour(self):
        """The client signs in a real browser (headless Chromium)."""
        self.start_tour(
            self.form.get_portal_url(), "renovation_form_client_sign", login="client_wang"
        )
        client_slot = self.form.signature_ids.filtered("is_client")
        self.assertTrue(client_slot.is_signed)
        self.assertEqual(client_slot.signed_name, "王建国")
        self.assertTrue(client_slot.signed_ip)

    def test_client_sees_and_signs_own_form(self):
        self.authenticate("client_wang", "client_wang")
        page = self.url_open(f"/my/renovation/forms/{self.form.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("地暖", page.text)
        listing = self.url_open("/my/renovation/forms")
        self.assertIn(self.form.name, listing.text)
        result = self._sign_json()
        self.assertFalse(result.get("error"), result)
        self.assertTrue(self.form.signature_ids.filtered("is_client").is_signed)

    def test_other_client_cannot_see_or_sign(self):
        self.authenticate("client_zhao", "client_zhao")
        page = self.url_open(f"/my/renovation/forms/{self.form.id}")
        self.assertEqual(page.status_code, 404)
        self.assertNotIn(self.form.name, self.url_open("/my/renovation/forms").text)
        self.assertTrue(self._sign_json().get("error"))
        self.assertTrue(self._sign_json(token="not-the-token").get("error"))
        self.assertFalse(self.form.signature_ids.filtered("is_signed"))

    def test_token_link_from_the_mail_works_without_login(self):
        self.assertTrue(self._sign_json(token="wrong").get("error"))
        self.assertFalse(self.form.signature_ids.filtered("is_signed"))
        page = self.url_open(self.form.get_portal_url())
        self.assertEqual(page.status_code, 200)
        result = self._sign_json(token=self.form.access_token)
        self.assertFalse(result.get("error"), result)
        self.assertTrue(self.form.signature_ids.filtered("is_client").is_signed)

    def test_portal_user_reads_own_forms_only(self):
        other_order, other_project = self._signed_contract(partner_id=self.other_client.id)
        other_form = self.env["renovation.form"]._create_from_source(
            other_project, "stage_acceptance", other_project
        )
        other_form.action_request_signatures()
        visible = self.env["renovation.form"].with_user(self.client_user).search([])
        self.assertIn(self.form, visible)
        self.assertNotIn(other_form, visible)

    def test_staff_reading_the_portal_page_cannot_sign_as_the_client(self):
        """A team member opens the client's page (Client View): no signature
        form, no token in the page, and the signing route refuses them."""
        self.authenticate(self.pm.login, self.pm.login)
        page = self.url_open(f"/my/renovation/forms/{self.form.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(self.form.access_token, page.text)
        self.assertNotIn("renovation_form_sign_modal", page.text)
        result = self._sign_json()
        self.assertIn("Only the client", result.get("error", ""))
        self.assertFalse(self.form.signature_ids.filtered("is_signed"))
        action = self.form.with_user(self.pm).action_preview_portal()
        self.assertNotIn("access_token", action["url"])

    def test_client_by_token_gets_the_signature_form(self):
        page = self.url_open(self.form.get_portal_url())
        self.assertIn("renovation_form_sign_modal", page.text)
