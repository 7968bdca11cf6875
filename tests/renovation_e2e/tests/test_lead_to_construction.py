from datetime import datetime

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.renovation_service.tests.common import SIGNATURE, new_staff_user

ANNEXES = (
    "annex_contract_notes",
    "annex_agreed_terms",
    "annex_client_materials",
    "annex_company_materials",
    "annex_quotation",
    "annex_drawings",
    "annex_client_notice",
    "annex_service_sheet",
)


@tagged("post_install", "-at_install", "renovation_e2e")
class TestLeadToConstruction(TransactionCase):
    """A client walks in, gets measured, signs, pays the first instalment and
    the works start: every step done by the person who does it in real life."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        grp = "renovation_service.group_renovation_"
        cls.advisor = new_staff_user(cls.env, "e2e_advisor", groups=f"{grp}user", name="顾问 刘")
        cls.studio_manager = new_staff_user(
            cls.env, "e2e_smgr", groups=f"{grp}designer", name="经理 周"
        )
        cls.designer = new_staff_user(
            cls.env, "e2e_designer", groups=f"{grp}designer", name="设计师 王"
        )
        cls.pm = new_staff_user(
            cls.env, "e2e_pm", groups=f"{grp}project_manager", name="项目经理 陈"
        )
        cls.foreman = new_staff_user(cls.env, "e2e_foreman", groups=f"{grp}user", name="工长 赵")
        cls.inspector = new_staff_user(
            cls.env, "e2e_inspector", groups=f"{grp}quality_inspector", name="质检员 许"
        )
        cls.finance = new_staff_user(
            cls.env, "e2e_finance", groups=f"{grp}cash_collector", name="财务 孙"
        )
        cls.studio = cls.env["renovation.studio"].create(
            {
                "name": "E2E Studio",
                "code": "E",
                "manager_id": cls.studio_manager.id,
                "designer_ids": [Command.set(cls.designer.ids)],
            }
        )
        cls.works = cls.env.ref("renovation_service.product_renovation_works")

    def test_lead_to_construction(self):
        # 1. enquiry and needs questionnaire, by the client advisor
        lead = (
            self.env["crm.lead"]
            .with_user(self.advisor)
            .create(
                {
                    "name": "李女士 两居室全包",
                    "type": "opportunity",
                    "contact_name": "李女士",
                    "phone": "13800000000",
                    "studio_id": self.studio.id,
                    "designer_id": self.designer.id,
                    "enquiry_channel": "visit",
                    "medium_id": self.env.ref("renovation_service.utm_medium_web").id,
                    "source_id": self.env.ref("renovation_service.utm_source_community").id,
                    "household_members": "夫妻二人，一个小孩",
                    "style_preference": "现代简约",
                    "budget_min": 150000,
                    "budget_max": 200000,
                    "house_type": "apartment",
                    "house_area": 89.0,
                    "site_address": "杭州市西湖区文三路 1 号 2-301",
                }
            )
        )
        lead.with_user(self.advisor)._handle_partner_assignment(create_missing=True)
        client = lead.partner_id
        self.assertTrue(client)

        # 2. site measurement without deposit: the studio manager approves
        measurement = (
            self.env["renovation.site.measurement"]
            .with_user(self.designer)
            .create(
                {
                    "lead_id": lead.id,
                    "surveyor_id": self.designer.id,
                    "scheduled_at": datetime(2026, 12, 2, 10, 0),
                }
            )
        )
        with self.assertRaises(UserError):
            measurement.action_schedule()
        measurement.with_user(self.studio_manager).action_approve()
        measurement.action_schedule()
        measurement.line_ids = [
            Command.create({"room": "客厅", "length": 6.0, "width": 4.0, "height": 2.8}),
            Command.create({"room": "主卧", "length": 4.0, "width": 3.5, "height": 2.8}),
        ]
        measurement.action_done()

        # 3. contract from the lead, prepared and signed by the client advisor
        ctx = lead._prepare_opportunity_quotation_context()
        order = (
            self.env["sale.order"]
            .with_user(self.advisor)
            .with_context(**ctx)
            .create(
                {
                    "partner_id": client.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.works.id,
                                "name": "全包施工",
                                "product_uom_qty": 1,
                                "price_unit": 168000.0,
                            }
                        ),
                    ],
                }
            )
        )
        self.assertEqual(order.studio_id, self.studio)
        with self.assertRaises(UserError):
            order.action_confirm()  # acknowledgements and annexes missing
        order.write(
            {
                "ack_client_costs": True,
                "ack_no_structural_change": True,
                **dict.fromkeys(ANNEXES, True),
            }
        )
        order.action_confirm()
        self.assertRegex(order.contract_number, r"^E\d{6}01$")
        project = order.renovation_project_id
        self.assertEqual(project.site_address, "杭州市西湖区文三路 1 号 2-301")
        self.assertEqual(project.house_area, 89.0)
        project.write(
            {
                "user_id": self.pm.id,
                "foreman_id": self.foreman.id,
                "inspector_id": self.inspector.id,
            }
        )

        # 4. the works cannot start before the first payment
        construction = self.env.ref("renovation_service.stage_construction")
        with self.assertRaises(UserError):
            project.with_user(self.pm).write({"stage_id": construction.id})
        first_invoice = order.payment_plan_line_ids.filtered(
            lambda p: p.instalment_type == "first"
        ).invoice_id
        self.assertEqual(first_invoice.partner_id, client)
        self.assertEqual(first_invoice.state, "posted")
        # the project manager may not collect money, finance does
        with self.assertRaises(UserError):
            first_invoice.with_user(self.pm).action_register_payment()
        self.env["account.payment.register"].with_user(self.finance).with_context(
            active_model="account.move", active_ids=first_invoice.ids
        ).create({})._create_payments()

        # 5. hand-over forms, each signed by the people the process names
        forms = self.env["renovation.form"]
        for code in (
            "design_handover_1",
            "foreman_commitment",
            "onsite_handover",
            "site_condition_handover",
        ):
            form = (
                self.env["renovation.form"]
                .with_user(self.pm)
                ._create_from_source(project, code, project)
            )
            form.action_request_signatures()
            for slot in form.signature_ids:
                if slot.is_client:
                    form._sign_as_client(SIGNATURE, client.name, "127.0.0.1")
                else:
                    slot.with_user(slot.user_id).action_sign(SIGNATURE, slot.user_id.name)
            self.assertEqual(form.state, "signed", code)
            self.assertEqual(form.pdf_state, "pending", "the PDF is rendered right behind")
            forms |= form

        # 6. into construction: the gates need the signatures, not the PDFs
        project.with_user(self.pm).write({"stage_id": construction.id})
        self.assertEqual(project.stage_id, construction)
        project.form_ids._cron_render_signed_pdfs()
        for form in forms:
            self.assertTrue(form.pdf_sha256, form.name)
        self.assertTrue(project.stage_is_construction)
        self.env["project.project"]._cron_renovation_weekly_followup()
        self.assertEqual(len(project.followup_call_ids), 1)
