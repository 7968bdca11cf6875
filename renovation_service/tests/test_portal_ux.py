from lxml import html

from odoo.tests import tagged

from .common import PhoneBrowserMixin, RenovationHttpCase, chinese_env


@tagged("post_install", "-at_install")
class TestPortalUx(RenovationHttpCase):
    """The client's portal on a phone: pages titled with the company, large
    touch targets on the page where the client signs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_user = cls._portal_user("ux_wang", cls.client.id)
        cls.order, cls.project = cls._signed_contract()
        cls.form = cls._change_order_form(cls.project)

    def _page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return html.fromstring(response.content)

    def test_portal_pages_are_titled_with_the_company(self):
        """The browser tab (and the phone's list of open pages) names the
        company and the product, not Odoo's default."""
        company = self.client_user.company_id.name
        self.authenticate("ux_wang", "ux_wang")
        urls = ("/my", "/my/renovation", "/my/renovation/forms", self.form.access_url)
        for url in urls:
            title = self._page(url).findtext(".//title").strip()
            self.assertTrue(title.startswith(f"{company} · "), f"{url}: {title}")
            self.assertGreater(len(title), len(f"{company} · "), url)
        # a client who reads the portal in Chinese: the product is named in Chinese
        chinese_env(self.env)
        self.client_user.lang = "zh_CN"
        self.authenticate("ux_wang", "ux_wang")  # the session takes the user's language
        title = self._page("/my/renovation").findtext(".//title").strip()
        self.assertEqual(title, f"{company} · 装修客户服务")
        # the link of the e-mail, without logging in
        self.logout()
        title = self._page(self.form.get_portal_url()).findtext(".//title")
        self.assertIn(self.env.company.name, title)

    def test_sign_page_has_large_touch_targets(self):
        """The Sign button and the signature dialog's controls are in the
        block the portal style gives 44 px touch targets, and that style is
        part of the portal's assets."""
        self.authenticate("ux_wang", "ux_wang")
        page = self._page(self.form.access_url)
        sign = page.xpath(
            "//*[contains(concat(' ', @class, ' '), ' o_renovation_touch ')]"
            "//a[contains(@class, 'o_renovation_form_sign_open')]"
        )
        self.assertTrue(sign, "the Sign button is a large touch target")
        self.assertTrue(
            page.xpath(
                "//*[contains(concat(' ', @class, ' '), ' o_renovation_touch ')]"
                "//div[@id='renovation_form_sign_modal']"
            )
        )
        assets = self.env["ir.asset"]._get_asset_paths("web.assets_frontend", {})
        self.assertTrue(
            any(
                path.endswith("renovation_service/static/src/scss/renovation_portal.scss")
                for path, *_rest in assets
            )
        )


@tagged("post_install", "-at_install")
class TestPortalUxPhone(PhoneBrowserMixin, RenovationHttpCase):
    """The form sign page in Chromium at a phone's size (390 px wide, touch)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._portal_user("ux_phone_wang", cls.client.id)
        cls.order, cls.project = cls._signed_contract()
        cls.form = cls._change_order_form(cls.project)

    def test_sign_button_is_a_large_touch_target(self):
        code = """
            const sign = document.querySelector(".o_renovation_form_sign_open");
            const box = sign && sign.getBoundingClientRect();
            if (!box || box.height < 44 || box.width < 44) {
                console.error(`Sign button: ${box && box.width} × ${box && box.height} px`);
            } else {
                console.log("test successful");
            }
        """
        self.browser_js(
            self.form.access_url,
            code,
            ready="document.readyState === 'complete'",
            login="ux_phone_wang",
        )
