from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class RenovationCase(TransactionCase):
    """Two studios, a team, a client; helpers to sign and pay contracts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.company
        grp = "renovation_service.group_renovation_"
        cls.manager = new_test_user(
            cls.env, "reno_manager", groups=f"{grp}manager", name="Manager Li"
        )
        cls.studio_manager = new_test_user(
            cls.env, "reno_studio_mgr", groups=f"{grp}designer", name="Studio Manager Zhou"
        )
        cls.designer = new_test_user(
            cls.env, "reno_designer", groups=f"{grp}designer", name="Designer Wang"
        )
        cls.other_designer = new_test_user(
            cls.env, "reno_designer2", groups=f"{grp}designer", name="Designer Zhao"
        )
        cls.pm = new_test_user(
            cls.env, "reno_pm", groups=f"{grp}project_manager,account.group_account_invoice",
            name="PM Chen",
        )
        cls.collector = new_test_user(
            cls.env, "reno_finance", groups=f"{grp}cash_collector", name="Finance Sun"
        )
        cls.statistician = new_test_user(
            cls.env, "reno_stat", groups=f"{grp}user", name="Statistician Hu"
        )
        cls.gm = new_test_user(cls.env, "reno_gm", groups=f"{grp}manager", name="GM Ma")
        cls.company.write(
            {
                "renovation_general_manager_id": cls.gm.id,
                "renovation_statistician_id": cls.statistician.id,
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
                "contract", "design", "handover", "site_start", "construction",
                "midterm", "construction_2", "completion", "delivered", "warranty",
            )
        }

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
                    {"product_id": cls.works.id, "name": "水电改造", "product_uom_qty": 1,
                     "price_unit": amount * 0.4}
                ),
                Command.create(
                    {"product_id": cls.works.id, "name": "泥瓦与木工", "product_uom_qty": 1,
                     "price_unit": amount * 0.6}
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
                "foreman_id": cls.statistician.id,
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
