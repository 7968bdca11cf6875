from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ProjectProject(models.Model):
    _inherit = "project.project"

    warranty_card_ids = fields.One2many(
        "renovation.warranty.card", "project_id", string="Warranty Cards"
    )
    warranty_card_id = fields.Many2one(
        "renovation.warranty.card", compute="_compute_warranty_card_id"
    )
    warranty_callback_ids = fields.One2many("renovation.warranty.callback", "project_id")
    repair_request_ids = fields.One2many("renovation.repair.request", "project_id")
    complaint_ids = fields.One2many("renovation.complaint", "project_id")
    customer_evaluation_ids = fields.One2many("renovation.customer.evaluation", "project_id")
    warranty_callback_count = fields.Integer(compute="_compute_aftercare_counts")
    repair_request_count = fields.Integer(compute="_compute_aftercare_counts")
    complaint_count = fields.Integer(compute="_compute_aftercare_counts")

    @api.depends("warranty_card_ids")
    def _compute_warranty_card_id(self):
        for project in self:
            project.warranty_card_id = project.warranty_card_ids[:1]

    def _compute_aftercare_counts(self):
        for project in self:
            project.warranty_callback_count = len(project.warranty_callback_ids)
            project.repair_request_count = len(project.repair_request_ids)
            project.complaint_count = len(project.complaint_ids)

    # ------------------------------------------------------------------
    # completion: customer evaluation (客户评价表)
    # ------------------------------------------------------------------
    def _renovation_record_completion(self, acceptance_date):
        res = super()._renovation_record_completion(acceptance_date)
        # sudo: the acceptance is recorded by the PM or by the signed acceptance
        # form (possibly the client's signature); the evaluation only holds the
        # project and is sent to the project's own client.
        self.env["renovation.customer.evaluation"].sudo()._request_for_projects(self)
        return res

    # ------------------------------------------------------------------
    # warranty card (保修卡)
    # ------------------------------------------------------------------
    def _renovation_warranty_card_blockers(self):
        """What is missing for the warranty card: the completion acceptance
        and the final instalment (尾款) paid."""
        self.ensure_one()
        blockers = []
        if not self.completion_acceptance_date:
            blockers.append(_("the completion acceptance is not recorded"))
        # sudo: whether the final instalment is paid is read from the invoice,
        # which the project team may not be allowed to open
        if not self.sudo()._renovation_instalments("final")._is_paid():
            blockers.append(_("the final payment is not paid"))
        return blockers

    def action_issue_warranty_card(self):
        """By hand, when the automatic issue on payment did not happen."""
        self.ensure_one()
        self._check_renovation_manager_role()
        if self.warranty_card_ids:
            raise UserError(_("%s already has its warranty card.", self.display_name))
        blockers = self._renovation_warranty_card_blockers()
        if blockers:
            raise UserError(
                _(
                    "The warranty card of %(project)s cannot be issued yet: %(blockers)s.",
                    project=self.display_name,
                    blockers="; ".join(blockers),
                )
            )
        card = self.env["renovation.warranty.card"].create(
            self.env["renovation.warranty.card"]._prepare_card_values(self)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "renovation.warranty.card",
            "res_id": card.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _renovation_issue_warranty_cards(self):
        """Issue the card of each project that is ready and has none yet
        (called when the final instalment gets paid). Silent otherwise."""
        Card = self.env["renovation.warranty.card"]
        cards = Card.browse()
        for project in self.filtered("is_renovation"):
            if project.warranty_card_ids or project._renovation_warranty_card_blockers():
                continue
            cards |= Card.create(Card._prepare_card_values(project))
        for card in cards:
            card.message_post(
                body=_("Warranty card issued: completion accepted, final payment received.")
            )
        return cards

    # ------------------------------------------------------------------
    # client portal ("My renovation")
    # ------------------------------------------------------------------
    def _aftercare_client_callbacks(self):
        """The warranty callbacks the client is told about: those planned or
        made (not the cancelled ones), in date order."""
        self.ensure_one()
        return self.env["renovation.warranty.callback"].search(
            [("project_id", "=", self.id), ("state", "!=", "cancelled")],
            order="due_date, id",
        )

    # ------------------------------------------------------------------
    # smart buttons
    # ------------------------------------------------------------------
    def _aftercare_action(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action

    def action_view_warranty_card(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "renovation.warranty.card",
            "res_id": self.warranty_card_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_warranty_callbacks(self):
        return self._aftercare_action("renovation_aftercare.action_renovation_warranty_callback")

    def action_view_repair_requests(self):
        return self._aftercare_action("renovation_aftercare.action_renovation_repair_request")

    def action_view_complaints(self):
        return self._aftercare_action("renovation_aftercare.action_renovation_complaint")

    def action_view_customer_evaluation(self):
        return self._aftercare_action("renovation_aftercare.action_renovation_customer_evaluation")
