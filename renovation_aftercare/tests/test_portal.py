import base64
import re
from datetime import date

from lxml import html

from odoo.tests import tagged

from odoo.addons.renovation_aftercare.models.renovation_customer_evaluation import (
    DIMENSION_FIELDS,
)
from odoo.addons.renovation_service.tests.common import (
    SIGNATURE,
    PhoneBrowserMixin,
    RenovationHttpCase,
    chinese_env,
)

from .common import AftercareCase

PNG = base64.b64decode(SIGNATURE)


@tagged("post_install", "-at_install")
class TestAftercarePortal(AftercareCase, RenovationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_user = cls._portal_user("aftercare_wang", cls.client.id)
        cls.other_client = cls.env["res.partner"].create(
            {"name": "赵女士", "email": "zhao@example.com"}
        )
        cls.other_user = cls._portal_user("aftercare_zhao", cls.other_client.id)
        cls.order, cls.project = cls._completed_project(date(2026, 5, 29))
        cls.card = cls.project.warranty_card_id
        cls.other_order, cls.other_project = cls._completed_project(
            date(2026, 5, 29), partner_id=cls.other_client.id
        )

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, page.text[:500])
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_client_requests_a_repair_with_photos(self):
        self.authenticate("aftercare_wang", "aftercare_wang")
        token = self._csrf("/my/repairs/new")
        response = self.url_open(
            "/my/repairs/new",
            data={
                "csrf_token": token,
                "project_id": self.project.id,
                "scope_id": self.scope_bathroom.id,
                "location": "主卫",
                "description": "主卫天花板滴水",
            },
            files=[
                ("photos", ("drip1.png", PNG, "image/png")),
                ("photos", ("drip2.png", PNG, "image/png")),
            ],
        )
        self.assertEqual(response.status_code, 200)
        repair = self.Repair.search([("project_id", "=", self.project.id)])
        self.assertEqual(len(repair), 1)
        self.assertEqual(repair.source, "portal")
        self.assertEqual(repair.description, "主卫天花板滴水")
        self.assertEqual(repair.warranty_status, "in_warranty")
        self.assertEqual(sorted(repair.photo_ids.mapped("name")), ["drip1.png", "drip2.png"])
        self.assertIn(f"/my/repairs/{repair.id}", response.url)
        self.assertIn(repair.name, response.text)
        listing = self.url_open("/my/repairs")
        self.assertIn(repair.name, listing.text)

    def test_another_clients_project_is_refused(self):
        self.authenticate("aftercare_wang", "aftercare_wang")
        token = self._csrf("/my/repairs/new")
        response = self.url_open(
            "/my/repairs/new",
            data={
                "csrf_token": token,
                "project_id": self.other_project.id,
                "description": "想看看别人家",
            },
            files=[("photos", ("x.png", PNG, "image/png"))],
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.Repair.search([("project_id", "=", self.other_project.id)]))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "renovation.repair.request"), ("name", "=", "x.png")]
            )
        )
        complaint = self.url_open(
            "/my/complaints/new",
            data={"csrf_token": token, "project_id": self.other_project.id, "description": "x"},
        )
        self.assertEqual(complaint.status_code, 403)
        self.assertFalse(self.Complaint.search([("project_id", "=", self.other_project.id)]))

    def test_new_repair_form_offers_own_projects_only(self):
        self.authenticate("aftercare_wang", "aftercare_wang")
        page = self.url_open("/my/repairs/new")
        self.assertIn(f'value="{self.project.id}"', page.text)
        self.assertNotIn(f'value="{self.other_project.id}"', page.text)

    def test_client_files_a_complaint(self):
        self.authenticate("aftercare_wang", "aftercare_wang")
        token = self._csrf("/my/complaints/new")
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": token,
                "project_id": self.project.id,
                "description": "保洁没有做完就离场",
            },
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.Complaint.search([("project_id", "=", self.project.id)])
        self.assertEqual(complaint.source, "portal")
        self.assertEqual(complaint.state, "new")
        self.assertIn(complaint.name, self.url_open("/my/complaints").text)
        empty = self.url_open(
            "/my/complaints/new",
            data={"csrf_token": token, "project_id": self.project.id, "description": "  "},
        )
        self.assertEqual(empty.status_code, 400)
        self.assertEqual(self.Complaint.search_count([("project_id", "=", self.project.id)]), 1)

    def test_warranty_card_page_and_pdf(self):
        self.authenticate("aftercare_wang", "aftercare_wang")
        listing = self.url_open("/my/warranty")
        self.assertIn(self.card.name, listing.text)
        self.assertNotIn(self.other_project.warranty_card_id.name, listing.text)
        page = self.url_open(f"/my/warranty/{self.card.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.scope_bathroom.name, page.text)
        pdf = self.url_open(f"/my/warranty/{self.card.id}?report_type=pdf&download=1")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn("pdf", pdf.headers["Content-Type"])
        other = self.url_open(f"/my/warranty/{self.other_project.warranty_card_id.id}")
        self.assertEqual(other.status_code, 404)

    def test_evaluation_filled_on_the_portal_with_the_mail_token(self):
        evaluation = self.project.customer_evaluation_ids
        url = evaluation.get_portal_url()  # the link of the e-mail, with its token
        self.assertIn("access_token", url)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Responsiveness", page.text)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        form = dict.fromkeys(DIMENSION_FIELDS, "4")
        incomplete = self.url_open(url, data={"csrf_token": token, **form})
        self.assertEqual(incomplete.status_code, 400, "the overall score is missing")
        self.assertEqual(evaluation.state, "sent")
        form.update({"score_courtesy": "1", "overall_score": "3", "comment": "工人态度恶劣"})
        done = self.url_open(url, data={"csrf_token": token, **form})
        self.assertEqual(done.status_code, 200)
        self.assertEqual(evaluation.state, "done")
        self.assertEqual(evaluation.score_courtesy, 1)
        self.assertTrue(evaluation.complaint_id, "a low score opens a complaint")
        self.assertEqual(evaluation.complaint_id.source, "evaluation")

    def test_evaluation_of_another_client_is_hidden(self):
        evaluation = self.project.customer_evaluation_ids
        self.authenticate("aftercare_zhao", "aftercare_zhao")
        page = self.url_open(f"/my/evaluation/{evaluation.id}")
        self.assertEqual(page.status_code, 404)
        wrong = self.url_open(f"/my/evaluation/{evaluation.id}?access_token=forged")
        self.assertEqual(wrong.status_code, 404)
        self.assertEqual(evaluation.state, "sent")

    def test_portal_home_counts(self):
        self.authenticate("aftercare_wang", "aftercare_wang")
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn("Warranty Cards", home.text)
        self.assertIn("Repair Requests", home.text)

    def test_forwarded_repair_link_carries_no_form_token(self):
        """The repair page links the acceptance form to sign: with its token
        for the logged-in client only, not for whoever holds the repair's link."""
        repair = self.Repair.create(
            {
                "project_id": self.project.id,
                "scope_id": self.scope_bathroom.id,
                "description": "卫生间楼下渗水",
                "location": "主卫",
            }
        )
        repair.write(
            {"technician_id": self.technician.id, "planned_visit_datetime": "2027-03-02 02:00:00"}
        )
        repair.action_dispatch()
        repair.with_user(self.technician).action_arrive()
        repair.with_user(self.technician).work_done = "重做闭水层"
        repair.with_user(self.technician).action_fixed()
        form = repair.acceptance_form_id
        self.assertTrue(form)
        forwarded = self.url_open(repair.get_portal_url())
        self.assertEqual(forwarded.status_code, 200)
        self.assertIn(f"/my/renovation/forms/{form.id}", forwarded.text)
        self.assertNotIn(form.access_token, forwarded.text)
        self.authenticate("aftercare_wang", "aftercare_wang")
        own = self.url_open(f"/my/repairs/{repair.id}")
        self.assertIn(form.access_token, own.text)

    def test_staff_cannot_answer_the_clients_evaluation(self):
        evaluation = self.project.customer_evaluation_ids
        self.authenticate(self.pm.login, self.pm.login)
        page = self.url_open(f"/my/evaluation/{evaluation.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(evaluation.access_token, page.text)
        self.assertNotIn('name="overall_score"', page.text)
        # the session's CSRF token, as any page of the portal layout carries it
        csrf = re.search(r'csrf_token: "([^"]+)"', self.url_open("/my").text).group(1)
        answered = self.url_open(
            f"/my/evaluation/{evaluation.id}",
            data={"csrf_token": csrf, "overall_score": "5", **dict.fromkeys(DIMENSION_FIELDS, "5")},
        )
        self.assertNotEqual(answered.status_code, 200)
        self.assertEqual(evaluation.state, "sent")

    # ------------------------------------------------------------------
    # the evaluation on a phone
    # ------------------------------------------------------------------
    @staticmethod
    def _waiting_alerts(response):
        return html.fromstring(response.content).xpath(
            "//div[contains(@class, 'o_renovation_evaluation_waiting')]"
        )

    def test_waiting_evaluation_announced_on_my_and_my_renovation(self):
        """The client learns on /my and on their renovation's page that an
        evaluation waits for them, with a link to it; once sent, it is gone."""
        evaluation = self.project.customer_evaluation_ids
        self.assertEqual(evaluation.state, "sent")
        self.authenticate("aftercare_wang", "aftercare_wang")
        pages = ("/my", f"/my/renovation/{self.project.id}")
        for url in pages:
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            alerts = self._waiting_alerts(response)
            self.assertEqual(len(alerts), 1, url)
            links = alerts[0].xpath(".//a/@href")
            self.assertIn(evaluation.access_url, links, url)
            self.assertNotIn(self.other_project.customer_evaluation_ids.access_url, links)
        form = dict.fromkeys((*DIMENSION_FIELDS, "overall_score"), "5")
        evaluation._submit_from_portal(form)
        for url in pages:
            self.assertFalse(self._waiting_alerts(self.url_open(url)), url)

    def test_evaluation_sent_without_a_score_says_what_is_missing(self):
        """Sending the form with no score shows the page again with the
        reason, in the client's language, and records nothing."""
        zh = chinese_env(self.env, ("renovation_aftercare",))
        self.client_user.lang = "zh_CN"
        evaluation = self.project.customer_evaluation_ids
        self.authenticate("aftercare_wang", "aftercare_wang")
        url = f"/my/evaluation/{evaluation.id}"
        page = html.fromstring(self.url_open(url).content)
        form = page.xpath("//form[@novalidate]")
        self.assertTrue(form, "the page, not the browser, reports a missing score")
        # large touch targets: every score is a button of the touch-sized form
        scores = form[0].xpath(".//input[@type='radio'][@name='overall_score']")
        self.assertEqual(len(scores), 5)
        for score in scores:
            self.assertIn("btn-check", score.get("class"))
            label = form[0].xpath(f".//label[@for='{score.get('id')}']")
            self.assertIn("btn", label[0].get("class").split())
        self.assertIn("o_renovation_touch", form[0].get("class"))
        token = page.xpath("//input[@name='csrf_token']/@value")[0]
        response = self.url_open(url, data={"csrf_token": token})
        self.assertEqual(response.status_code, 400)
        error = html.fromstring(response.content).xpath("//div[@id='renovation_evaluation_error']")
        self.assertTrue(error, "the error is on the page")
        first = self.env["renovation.customer.evaluation"]._fields[DIMENSION_FIELDS[0]]
        label = first.get_description(zh)["string"]
        self.assertIn(f"请为“{label}”打 1 到 5 分", error[0].text_content())
        self.assertEqual(evaluation.state, "sent")
        self.assertFalse(evaluation.submitted_datetime)
        self.assertFalse(any(evaluation[name] for name in DIMENSION_FIELDS))


@tagged("post_install", "-at_install")
class TestAftercarePortalPhone(PhoneBrowserMixin, AftercareCase, RenovationHttpCase):
    """The evaluation page in Chromium at a phone's size (390 px wide, touch)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._portal_user("aftercare_phone_wang", cls.client.id)
        cls.order, cls.project = cls._completed_project(date(2026, 5, 29))

    def test_evaluation_scores_are_large_touch_targets(self):
        """Every score and the send button measure at least 44 × 44 px."""
        evaluation = self.project.customer_evaluation_ids
        expected = (len(DIMENSION_FIELDS) + 1) * 5 + 1
        code = f"""
            const targets = [...document.querySelectorAll(
                ".o_renovation_score label, .o_portal_evaluation form button[type=submit]")];
            const small = targets.filter((el) => {{
                const box = el.getBoundingClientRect();
                return box.height < 44 || box.width < 44;
            }});
            if (targets.length !== {expected} || small.length) {{
                console.error(`targets: ${{targets.length}}, below 44 px: ${{small.length}}`);
            }} else {{
                console.log("test successful");
            }}
        """
        self.browser_js(
            f"/my/evaluation/{evaluation.id}",
            code,
            ready="document.readyState === 'complete'",
            login="aftercare_phone_wang",
        )
