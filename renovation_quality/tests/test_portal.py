from odoo.tests import tagged

from odoo.addons.renovation_service.tests.common import RenovationHttpCase

from .common import QualityCase, chinese_env


@tagged("post_install", "-at_install")
class TestQualityPortal(QualityCase, RenovationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_user = cls._portal_user("client_wang", cls.client.id)
        cls.other_client = cls.env["res.partner"].create({"name": "赵女士"})
        cls.other_user = cls._portal_user("client_zhao", cls.other_client.id)
        _order, cls.other_project = cls._signed_contract(partner_id=cls.other_client.id)
        cls.inspection = cls._completed("tiling", c8_1_4=9.0)
        cls.other_inspection = cls._completed("carpentry", project=cls.other_project)

    def test_client_sees_own_inspection_with_results_and_photos(self):
        chinese_env(self.env)
        self.client_user.lang = "zh_CN"
        self.authenticate("client_wang", "client_wang")
        page = self.url_open(f"/my/inspections/{self.inspection.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.inspection.name, page.text)
        self.assertIn("空鼓", page.text, "the clause text of 8.1.4")
        self.assertNotIn(
            self._clause("8.1.4").with_context(lang="en_US").name,
            page.text,
            "one language per line: the client's",
        )
        self.assertIn("≤ 5 %", page.text)
        self.assertIn(self.inspection.rectification_ids.name, page.text)
        photo = self.inspection._media_attachments().filtered(lambda a: a.mimetype == "image/png")[
            :1
        ]
        self.assertIn(f"/web/image/{photo.id}/300x300?access_token=", page.text)
        image = self.url_open(f"/web/image/{photo.id}?access_token={photo.access_token}")
        self.assertEqual(image.status_code, 200)
        listing = self.url_open("/my/inspections")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.inspection.name, listing.text)
        self.assertNotIn(self.other_inspection.name, listing.text)

    def test_other_clients_inspection_is_not_found(self):
        self.authenticate("client_zhao", "client_zhao")
        page = self.url_open(f"/my/inspections/{self.inspection.id}")
        self.assertEqual(page.status_code, 404)
        self.assertNotIn(self.inspection.name, self.url_open("/my/inspections").text)
        self.assertEqual(
            self.url_open(f"/my/inspections/{self.other_inspection.id}").status_code, 200
        )

    def test_token_link_and_unfinished_inspections(self):
        url = self.inspection.get_portal_url()
        self.assertIn("access_token=", url)
        self.assertEqual(self.url_open(url).status_code, 200, "the token opens it without login")
        wrong = f"/my/inspections/{self.inspection.id}?access_token=wrong"
        self.assertNotEqual(self.url_open(wrong).status_code, 200)
        draft = self._inspection("carpentry")
        draft._portal_ensure_token()
        self.assertEqual(self.url_open(draft.get_portal_url()).status_code, 404)
        self.authenticate("client_wang", "client_wang")
        self.assertEqual(self.url_open(f"/my/inspections/{draft.id}").status_code, 404)

    def test_form_token_shown_only_to_its_client(self):
        """The inspection page links its signed form: with the form's token for
        the logged-in client only, never for whoever holds the inspection's
        link (a forwarded e-mail)."""
        inspection = self._completed("hidden_works")
        form = inspection.form_id
        self.assertTrue(form)
        form._portal_ensure_token()
        forwarded = self.url_open(inspection.get_portal_url())
        self.assertEqual(forwarded.status_code, 200)
        self.assertIn(f"/my/renovation/forms/{form.id}", forwarded.text)
        self.assertNotIn(form.access_token, forwarded.text)
        self.authenticate("client_wang", "client_wang")
        own = self.url_open(f"/my/inspections/{inspection.id}")
        self.assertIn(form.access_token, own.text)
