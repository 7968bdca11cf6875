from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

HOUSE_TYPES = [
    ("apartment", "Apartment"),
    ("duplex", "Duplex"),
    ("villa", "Villa"),
    ("townhouse", "Townhouse"),
    ("old_house", "Old house refurbishment"),
    ("other", "Other"),
]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    studio_id = fields.Many2one(
        "renovation.studio", tracking=True, default=lambda self: self._default_studio()
    )
    designer_id = fields.Many2one("res.users", tracking=True)
    # where the client heard of us (企业主要媒体) and the part of the business
    # that brought the client in (业务来源) are Odoo's UTM medium_id and
    # source_id (utm.mixin on crm.lead), with the seed's values in utm_data.xml
    enquiry_channel = fields.Selection(
        [("phone", "Phone"), ("visit", "Walk-in visit"), ("online", "Online")],
        default="visit",
        required=True,
    )
    # needs questionnaire (客户需求确认表)
    household_members = fields.Text(help="Who lives in the house: ages, needs.")
    living_habits = fields.Text()
    style_preference = fields.Char(string="Preferred Style")
    functional_needs = fields.Text()
    budget_min = fields.Monetary(string="Budget From", currency_field="company_currency")
    budget_max = fields.Monetary(string="Budget To", currency_field="company_currency")
    house_area = fields.Float(string="Floor Area (m²)")
    house_type = fields.Selection(HOUSE_TYPES)
    special_concerns = fields.Text()
    site_address = fields.Char()
    total_estimate = fields.Monetary(
        currency_field="company_currency",
        help="Rough total given to the client. Never given on phone enquiries.",
    )
    deposit_paid = fields.Boolean(
        string="Measurement Deposit Paid",
        tracking=True,
        help="Without a deposit, site measurement needs the studio manager's approval.",
    )
    measurement_ids = fields.One2many(
        "renovation.site.measurement", "lead_id", string="Site Measurements"
    )
    measurement_count = fields.Integer(compute="_compute_measurement_count")

    @api.model
    def _default_studio(self):
        """An enquiry registered from the renovation menu (its action's context)
        belongs to the studio of whoever registers it (the studio's manager, an
        assistant at the front desk, a designer): the studio is required there,
        and the front desk should not have to pick its own studio each time.
        Only a default: the user may pick another studio, and CRM's own leads
        get none."""
        if not self.env.context.get("renovation_enquiry"):
            return False
        user = self.env.user
        return self.env["renovation.studio"].search(
            [
                ("company_id", "in", self.env.companies.ids),
                "|",
                "|",
                ("manager_id", "=", user.id),
                ("assistant_ids", "in", user.ids),
                ("designer_ids", "in", user.ids),
            ],
            limit=1,
        )

    @api.depends("measurement_ids")
    def _compute_measurement_count(self):
        for lead in self:
            lead.measurement_count = len(lead.measurement_ids)

    @api.constrains("enquiry_channel", "total_estimate")
    def _check_no_estimate_on_phone(self):
        for lead in self:
            if lead.enquiry_channel == "phone" and lead.total_estimate:
                raise ValidationError(
                    _(
                        "Phone enquiries get no total estimate: invite the client "
                        "for a visit or a site measurement first."
                    )
                )

    @api.constrains("budget_min", "budget_max")
    def _check_budget_range(self):
        for lead in self:
            if lead.budget_min < 0 or (lead.budget_max and lead.budget_min > lead.budget_max):
                raise ValidationError(
                    _("The budget range must start at 0 or more and not end below its start.")
                )

    def action_new_site_measurement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Site Measurement"),
            "res_model": "renovation.site.measurement",
            "view_mode": "form",
            "context": {
                "default_lead_id": self.id,
                "default_surveyor_id": (self.designer_id or self.user_id).id,
            },
        }

    def action_view_measurements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "renovation_service.action_renovation_site_measurement"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id}
        return action

    def _prepare_opportunity_quotation_context(self):
        ctx = super()._prepare_opportunity_quotation_context()
        ctx.update(
            {
                "default_studio_id": self.studio_id.id,
                "default_designer_id": self.designer_id.id,
                "default_site_address": self.site_address,
                "default_house_type": self.house_type,
                "default_house_area": self.house_area,
            }
        )
        return ctx
