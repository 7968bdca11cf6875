import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SIGNATURE, RenovationCase, RenovationHttpCase

PNG = base64.b64decode(SIGNATURE)


@tagged("post_install", "-at_install")
class TestFormContent(RenovationCase):
    """Every form type carries the paper form's fields, columns and rows,
    prefilled from the records the form comes from, frozen like its content."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["renovation_service"], ["zh_CN"], overwrite=True
        )
        cls.order, cls.project = cls._signed_contract()
        cls.project.write({"house_area": 118.5, "house_type": "apartment"})
        cls.Form = cls.env["renovation.form"]

    def _form(self, code, source=None, **values):
        return self.Form._create_from_source(
            source or self.project, code, self.project, values=values
        )

    @staticmethod
    def _values(form):
        return {value.code: value._renovation_raw() for value in form.value_ids}

    @staticmethod
    def _field_codes(form_type_xmlid_suffix, env):
        form_type = env.ref(f"renovation_service.form_type_{form_type_xmlid_suffix}")
        return set(form_type.field_ids.mapped("code"))

    # ------------------------------------------------------------------
    # the shipped templates
    # ------------------------------------------------------------------
    def test_every_form_type_carries_its_paper_fields(self):
        for form_type in self.env["renovation.form.type"].search([]):
            with self.subTest(form=form_type.code):
                self.assertTrue(form_type.field_ids, "labelled fields")
        expected = {
            "site_condition_handover": {"water_meter", "electricity_meter", "gas_meter", "keys"},
            "material_inspection": {"delivery_date", "overall_result"},
            "hidden_works": {
                "pressure_mpa",
                "pressure_minutes",
                "pressure_result",
                "drainage_result",
                "circuits_result",
                "insulation_mohm",
                "insulation_result",
            },
            "water_test": {
                "areas",
                "water_in",
                "checked_at",
                "water_depth",
                "upturn_height",
                "result",
            },
            "change_order": {"net_change", "amount_after", "schedule_days", "planned_end_after"},
            "midterm_budget": {
                "contract_amount",
                "changes_amount",
                "paid_amount",
                "due_amount",
                "balance_amount",
            },
            "completion_settlement": {"contract_amount", "paid_amount", "due_amount"},
            "completion_acceptance": {"overall_result", "remarks"},
            "demolition_confirmation": {"liability_clause"},
            "client_authorization": {"liability_clause"},
            "handover_record": {"keys_count", "warranty_card"},
        }
        for code, fields_expected in expected.items():
            with self.subTest(form=code):
                self.assertLessEqual(fields_expected, self._field_codes(code, self.env))
        columns = {
            "material_inspection": [
                "name",
                "brand_model",
                "specification",
                "quantity",
                "uom",
                "supplied_by",
                "certificate",
                "result",
                "note",
            ],
            "outsourced_items": ["name", "supplier", "unit_price", "amount", "line_date"],
            "water_test": ["location", "date_start", "date_end", "water_depth", "upturn_height"],
            "demolition_confirmation": ["name", "location"],
            "client_authorization": ["name", "location"],
            "completion_acceptance": ["name", "result", "note"],
        }
        for code, names in columns.items():
            with self.subTest(columns=code):
                form_type = self.env.ref(f"renovation_service.form_type_{code}")
                self.assertLessEqual(set(names), set(form_type.column_ids.mapped("field_name")))

    def test_templates_read_in_chinese(self):
        zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        hidden = self.env.ref("renovation_service.form_type_hidden_works").with_env(zh)
        pressure = hidden.field_ids.filtered(lambda f: f.code == "pressure_mpa")
        self.assertEqual((pressure.name, pressure.section), ("试验压力", "给水管道试压"))
        material = self.env.ref("renovation_service.form_type_material_inspection").with_env(zh)
        self.assertEqual(material.column_ids[1]._heading(), "品牌型号")
        clause = self.env.ref(
            "renovation_service.form_field_demolition_confirmation_liability_clause"
        ).with_env(zh)
        self.assertIn("承重墙", clause.default_value)

    # ------------------------------------------------------------------
    # prefill
    # ------------------------------------------------------------------
    def test_new_form_gets_the_fields_rows_and_client_language(self):
        self.client.lang = "zh_CN"
        form = self._form("site_condition_handover")
        form_type = form.form_type_id
        self.assertEqual(form.value_ids.field_id, form_type.field_ids)
        values = self._values(form)
        self.assertEqual(values["date"], fields.Date.context_today(form))
        self.assertEqual(values["floor_area"], 118.5)
        self.assertTrue(values["house_type"])
        # rows and notes of the paper form, in the client's language
        self.assertEqual(form.line_ids.mapped("name")[:4], ["墙面", "地面", "顶面", "门窗"])
        zh_type = form_type.with_context(lang="zh_CN")
        self.assertEqual(form.content, zh_type.default_content)
        self.assertNotEqual(form.content, form_type.with_context(lang="en_US").default_content)
        self.assertEqual(len(form.line_ids), len(form_type.row_ids))
        # the meters are still to be read
        meter = form.value_ids.filtered(lambda v: v.code == "water_meter")
        self.assertFalse(meter.value_entered)
        self.assertEqual(meter._renovation_display(), "")
        meter.value_float = 0.0  # a new meter reads 0: that is an answer
        self.assertEqual(meter._renovation_display(), "0 m³")

    def test_default_text_and_values_given_by_the_source_win(self):
        self.client.lang = "zh_CN"
        clause = self.env.ref("renovation_service.form_field_client_authorization_liability_clause")
        form = self._form("client_authorization")
        self.assertIn("物业", self._values(form)["liability_clause"])
        own = self._form(
            "client_authorization",
            value_ids=[Command.create({"field_id": clause.id, "value_text": "客户自行承担。"})],
            line_ids=[Command.create({"name": "空调外机移位", "location": "北阳台"})],
        )
        self.assertEqual(self._values(own)["liability_clause"], "客户自行承担。")
        self.assertEqual(len(own.value_ids.filtered(lambda v: v.code == "liability_clause")), 1)
        self.assertEqual(own.line_ids.mapped("name"), ["空调外机移位"])

    def test_lines_given_by_the_source_replace_the_default_rows(self):
        form = self._form(
            "completion_acceptance", line_ids=[Command.create({"name": "9.0.3 油漆表面"})]
        )
        self.assertEqual(form.line_ids.mapped("name"), ["9.0.3 油漆表面"])
        self.assertEqual(
            len(self._form("completion_acceptance").line_ids),
            len(self.env.ref("renovation_service.form_type_completion_acceptance").row_ids),
        )

    def test_settlement_forms_compute_the_money(self):
        self._pay(self._instalment(self.order, "first").invoice_id)
        self._sign_all(self._change_order_form(self.project))  # +8 000, approved
        midterm = self._form("midterm_budget")
        values = self._values(midterm)
        self.assertEqual(values["contract_amount"], 100000)
        self.assertEqual(values["changes_amount"], 8000)
        self.assertEqual(values["current_amount"], 108000)
        self.assertEqual(values["paid_amount"], 30000)
        self.assertEqual(values["due_amount"], 64800)  # 60 % of the current total
        self.assertEqual(values["balance_amount"], 13200)
        self.assertEqual(midterm.line_ids.mapped("name"), ["地暖"])
        self.assertEqual(midterm.line_ids.amount, 8000)
        self.assertIn(
            "108,000.00",
            midterm.value_ids.filtered(lambda v: v.code == "current_amount")._renovation_display(),
        )

        self.project.with_user(self.pm).action_midterm_settlement()
        midterm_invoice = self._instalment(self.order, "midterm").invoice_id
        self._pay(midterm_invoice)
        settlement = self._values(self._form("completion_settlement"))
        self.assertEqual(settlement["paid_amount"], 30000 + midterm_invoice.amount_total)
        self.assertEqual(settlement["due_amount"], 108000 - 30000 - midterm_invoice.amount_total)
        self.assertEqual(settlement["balance_amount"], 0)

    def test_change_order_form_shows_its_effect_on_total_and_schedule(self):
        end = self.project.date
        change = self.env["renovation.change.order"].create(
            {
                "project_id": self.project.id,
                "reason": "客厅加装吊顶",
                "schedule_days": 5,
                "line_ids": [
                    Command.create(
                        {
                            "name": "客厅石膏板吊顶",
                            "quantity": 20,
                            "price_unit": 180,
                            "product_id": self.change_work.id,
                        }
                    )
                ],
            }
        )
        form = change.action_request_signature()
        values = self._values(form)
        self.assertEqual(values["amount_before"], 100000)
        self.assertEqual(values["net_change"], 3600)
        self.assertEqual(values["amount_after"], 103600)
        self.assertEqual(values["schedule_days"], 5)
        self.assertEqual(values["planned_end_after"], end + timedelta(days=5))
        self.assertEqual(values["reason"], "客厅加装吊顶")
        line = form.line_ids
        self.assertEqual((line.quantity, line.unit_price, line.amount), (20, 180, 3600))
        # what the client reads cannot change any more
        with self.assertRaises(UserError):
            change.with_user(self.pm).schedule_days = 1
        self._sign_all(form)
        self.assertEqual(change.state, "approved")
        self.assertEqual(self.project.date, end + timedelta(days=5))

    def test_delay_order_form(self):
        delay = self.env["renovation.delay.order"].create(
            {"project_id": self.project.id, "days": 7, "reason": "业主自购瓷砖晚到"}
        )
        values = self._values(delay.action_request_signature())
        self.assertEqual(values["delay_days"], 7)
        self.assertEqual(values["planned_end_after"], self.project.date + timedelta(days=7))

    # ------------------------------------------------------------------
    # frozen like the content
    # ------------------------------------------------------------------
    def test_fields_and_photos_frozen_after_the_first_signature(self):
        form = self._form("site_condition_handover")
        photo = self.env["ir.attachment"].create(
            {"name": "客厅.png", "raw": PNG, "mimetype": "image/png"}
        )
        meter = form.value_ids.filtered(lambda v: v.code == "water_meter")
        meter.value_float = 12.5  # nobody signed yet: editable
        form.photo_ids = [Command.link(photo.id)]
        form.action_request_signatures()
        slot = form.signature_ids.filtered(lambda s: s.role_code == "foreman")
        slot.with_user(self.foreman).action_sign(SIGNATURE, "Foreman Liu")
        with self.assertRaises(UserError):
            meter.value_float = 99
        with self.assertRaises(UserError):
            meter.unlink()
        with self.assertRaises(UserError):
            self.env["renovation.form.value"].create(
                {"form_id": form.id, "field_id": meter.field_id.id, "value_float": 1}
            )
        with self.assertRaises(UserError):
            form.write({"photo_ids": [Command.clear()]})
        with self.assertRaises(UserError):
            form.line_ids[:1].description = "偷改"
        self.assertEqual(meter.value_float, 12.5)
        self.assertEqual(form.photo_ids, photo)
        self.assertEqual(len(form.value_ids.filtered(lambda v: v.code == "water_meter")), 1)

    # ------------------------------------------------------------------
    # the printed form
    # ------------------------------------------------------------------
    def test_printed_form_is_the_company_form(self):
        report = self.env.ref("renovation_service.action_report_renovation_form")
        self.assertEqual(report.paperformat_id.format, "A4")
        self.company.write({"phone": "021-5888 6666", "city": "上海市"})
        self.company.partner_id.tz = "Asia/Shanghai"
        self.client.tz = False
        form = self._form(
            "material_inspection",
            line_ids=[
                Command.create(
                    {
                        "name": "防水涂料",
                        "brand_model": "东方雨虹 JS-II",
                        "specification": "18 kg/桶",
                        "quantity": 12,
                        "uom": "桶",
                        "supplied_by": "company",
                        "certificate": "有",
                        "result": "pass",
                    }
                )
            ],
        )
        form.action_request_signatures()
        self._sign_all(form)
        html = str(report._render_qweb_html(report.id, form.ids)[0], "utf-8")
        for text in (
            self.company.name,
            "021-5888 6666",
            form.name,
            "Brand / model",
            "东方雨虹 JS-II",
            "18 kg/桶",
            "Company-supplied",
            "Delivery date",
            "Inspection conclusion",
        ):
            with self.subTest(text=text):
                self.assertIn(text, html)
        self.assertIn('alt="Logo"', html, "the letterhead carries the company logo")
        signed = form.signature_ids[:1].signed_on
        local = fields.Datetime.context_timestamp(
            self.env.user.with_context(tz="Asia/Shanghai"), signed
        )
        self.assertIn(f"{local:%Y-%m-%d %H:%M} (Asia/Shanghai)", html)


@tagged("post_install", "-at_install")
class TestFormContentPortal(RenovationHttpCase):
    """The paper form's fields and table as the client reads them on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.project = cls._signed_contract()
        cls.Form = cls.env["renovation.form"]

    _form = TestFormContent._form

    def test_client_reads_the_fields_and_table_on_the_portal(self):
        self._portal_user("wang_portal", self.client.id)
        form = self._form(
            "material_inspection",
            line_ids=[Command.create({"name": "瓷砖", "brand_model": "马可波罗 CH8001"})],
        )
        form.value_ids.filtered(lambda v: v.code == "delivery_date").value_date = "2026-11-20"
        form.action_request_signatures()
        self.authenticate("wang_portal", "wang_portal")
        page = self.url_open(form.get_portal_url()).text
        for text in ("Brand / model", "马可波罗 CH8001", "Delivery date", "11/20/2026"):
            with self.subTest(text=text):
                self.assertIn(text, page)
