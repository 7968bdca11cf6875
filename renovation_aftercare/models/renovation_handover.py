from odoo import _, fields, models


class RenovationHandover(models.Model):
    """The warranty's part of the completion hand-over: the card among the
    documents and in the client file, and the completion callback (竣工回访,
    seed 002 step 26) once the client has signed the hand-over."""

    _inherit = "renovation.handover"

    def _renovation_warranty_card(self):
        self.ensure_one()
        # sudo: the card is read to print its number and PDF for the client it covers
        return self.project_id.sudo().warranty_card_ids.filtered(
            lambda card: card.state == "issued"
        )[:1]

    def _default_line_values(self):
        values = super()._default_line_values()
        card = self._renovation_warranty_card()
        for vals in values:
            if card and vals.get("document_type") == "warranty_card":
                vals["description"] = card.name
        return values

    def _renovation_form_prefill(self, form):
        values = super()._renovation_form_prefill(form)
        card = self._renovation_warranty_card()
        if card:
            values["warranty_card"] = card.name
        return values

    def _renovation_handover_done(self):
        res = super()._renovation_handover_done()
        self._renovation_plan_completion_callback()
        return res

    def _renovation_plan_completion_callback(self):
        """The statistician's completion callback, due the day of the
        hand-over, on the project's warranty card (one per card and day)."""
        Callback = self.env["renovation.warranty.callback"]
        vals_list = []
        for handover in self:
            card = handover._renovation_warranty_card()
            if not card:
                handover.message_post(
                    body=_("No warranty card is issued: no completion callback was planned.")
                )
                continue
            statistician = handover._renovation_statistician()
            vals_list.append(
                {
                    "card_id": card.id,
                    "project_id": handover.project_id.id,
                    "partner_id": handover.partner_id.id,
                    "company_id": card.company_id.id,
                    "user_id": statistician.id,
                    "due_date": fields.Date.context_today(handover, handover.handed_over_on),
                    "offset_months": 0,
                    "kind": "completion",
                    "state": "planned",
                }
            )
        callbacks = Callback._insert_ignoring_conflicts(vals_list)
        callbacks._schedule_call_activity()
        return callbacks

    def _renovation_client_file_entries(self):
        entries = super()._renovation_client_file_entries()
        card = self._renovation_warranty_card()
        if card:
            pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(
                "renovation_aftercare.action_report_warranty_card", card.ids
            )
            entries.append((self.env._("05 Warranty card"), f"{card.name}.pdf", pdf))
        return entries

    def _renovation_client_file_sections(self):
        sections = super()._renovation_client_file_sections()
        card = self._renovation_warranty_card()
        if card:
            fmt = self.env["renovation.form.value"]._renovation_format
            sections.append(
                (
                    _("Warranty"),
                    [(_("Warranty card"), card.name)]
                    + [
                        (
                            line.scope_id.name,
                            f"{fmt('date', card.start_date)} – {fmt('date', line.end_date)}",
                        )
                        for line in card.line_ids
                    ],
                )
            )
        return sections
