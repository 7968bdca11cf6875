from odoo import Command, api, fields, models


class RenovationForm(models.Model):
    """The paper form's content of a signature form: its labelled fields and
    rows, prefilled when the form is created from what the form type knows
    (the project, its contract and payments) and from the record the form
    comes from (``_renovation_form_prefill(form)`` on the source: an
    inspection, a change order, a hand-over...). Kept apart from
    renovation_form.py, which holds the signature mechanism."""

    _inherit = "renovation.form"

    # ------------------------------------------------------------------
    # language and time zone of the printed form
    # ------------------------------------------------------------------
    def _renovation_print_lang(self):
        """The client reads the form: their language, else the company's."""
        self.ensure_one()
        return self.partner_id.lang or self.company_id.partner_id.lang or self.env.lang

    def _renovation_print_tz(self):
        """Times are printed in the client's time zone, else the company's."""
        self.ensure_one()
        return self.partner_id.tz or self.company_id.partner_id.tz or self.env.user.tz or "UTC"

    def _renovation_format_datetime(self, value):
        """``2026-12-01 14:03 (Asia/Shanghai)``: the zone is always printed."""
        self.ensure_one()
        return self.env["renovation.form.value"]._renovation_format(
            "datetime", value, tz=self._renovation_print_tz()
        )

    def _renovation_report_columns(self):
        """[(line field, heading, right-aligned)] of the form's table: the
        form type's columns, else the generic ones."""
        self.ensure_one()
        Line = self.env["renovation.form.line"]
        columns = self.form_type_id.column_ids
        if columns:
            names = [(column.field_name, column._heading()) for column in columns]
        else:
            names = [
                (name, Line._fields[name]._description_string(self.env))
                for name in ("name", "description", "quantity", "uom", "amount", "result", "note")
            ]
        numeric = ("float", "integer", "monetary")
        return [(name, heading, Line._fields[name].type in numeric) for name, heading in names]

    def _renovation_value_sections(self):
        """[(section, rows)] of the form's fields in template order; a row
        holds two short fields side by side, or one long text."""
        self.ensure_one()
        sections = []
        for value in self.value_ids:
            section = value.section or ""
            if not sections or sections[-1][0] != section:
                sections.append((section, []))
            rows = sections[-1][1]
            if value.value_type == "text":
                rows.append([value])
            elif rows and len(rows[-1]) == 1 and rows[-1][0].value_type != "text":
                rows[-1].append(value)
            else:
                rows.append([value])
        return sections

    # ------------------------------------------------------------------
    # prefill (called by create)
    # ------------------------------------------------------------------
    def _renovation_prefill(self):
        """Give each new form the fields of its type (with the values the
        type and the source know, or the field's default text) and, when it
        was created without lines, the rows its type or source bring."""
        Value = self.env["renovation.form.value"]
        for form in self:
            lang = form._renovation_print_lang()
            form_type = form.form_type_id.with_context(lang=lang)
            missing = form_type.field_ids.filtered("active") - form.value_ids.field_id
            value_vals = []
            if missing:
                known = form.with_context(lang=lang)._renovation_prefill_values()
                for field in missing:
                    value = known.get(field.code)
                    if value is None and field.value_type in ("char", "text"):
                        value = field.default_value or None
                    value_vals.append(
                        {"form_id": form.id, **Value._renovation_value_vals(field, value)}
                    )
            Value.create(value_vals)
            default = form.form_type_id.default_content
            if form.content and form.content == default and form_type.default_content != default:
                # the type's notes, as the client reads them
                form.content = form_type.default_content
            if not form.line_ids:
                lines = form.with_context(lang=lang)._renovation_prefill_lines()
                lines = lines or form_type.row_ids._line_values()
                if lines:
                    form.line_ids = [Command.create(vals) for vals in lines]

    def _renovation_prefill_values(self):
        """{field code: value} of a new form: what every form knows (its
        date), what its type knows (``_prefill_<type code>``), then what its
        source record knows (``_renovation_form_prefill(form)``), which wins."""
        self.ensure_one()
        values = {"date": fields.Date.context_today(self)}
        by_type = getattr(self, f"_prefill_{self.form_type_code}", None)
        if by_type is not None:
            values.update(by_type())
        source = self._source_record()
        if source is not None and hasattr(source, "_renovation_form_prefill"):
            values.update(source._renovation_form_prefill(self))
        return values

    def _renovation_prefill_lines(self):
        """Line values of a new form created without lines, from its type
        (``_prefill_lines_<type code>``); none: the type's default rows."""
        self.ensure_one()
        by_type = getattr(self, f"_prefill_lines_{self.form_type_code}", None)
        return by_type() if by_type is not None else []

    # ------------------------------------------------------------------
    # what the form types know
    # ------------------------------------------------------------------
    def _renovation_planned_dates(self):
        project = self.project_id
        return {"planned_start": project.date_start or None, "planned_end": project.date or None}

    def _prefill_foreman_commitment(self):
        return self._renovation_planned_dates()

    def _prefill_onsite_handover(self):
        return self._renovation_planned_dates()

    def _prefill_completion_acceptance(self):
        return {"planned_end": self.project_id.date or None}

    def _prefill_site_condition_handover(self):
        project = self.project_id
        house_types = dict(project._fields["house_type"]._description_selection(self.env))
        return {
            "house_type": house_types.get(project.house_type) or None,
            "floor_area": project.house_area or None,
        }

    def _prefill_visit_consent(self):
        return {"site_address": self.project_id.site_address or None}

    def _prefill_midterm_budget(self):
        return self._renovation_money_values("midterm")

    def _prefill_midterm_payment_notice(self):
        return self._renovation_money_values("midterm")

    def _prefill_completion_settlement(self):
        return self._renovation_money_values("final")

    def _prefill_settlement_register(self):
        return self._renovation_money_values()

    def _prefill_lines_midterm_budget(self):
        return self._renovation_change_lines()

    def _prefill_lines_completion_settlement(self):
        return self._renovation_change_lines()

    def _prefill_lines_settlement_register(self):
        return self._renovation_instalment_lines()

    def _prefill_lines_outsourced_items(self):
        """委托项目记录单: the outsourced items recorded on the project."""
        # sudo: the project's own items, copied onto its form by whoever drafts it
        items = self.project_id.sudo().renovation_outsourced_item_ids
        return [
            {
                "sequence": index,
                "name": item.name,
                "supplier": item.contractor_id.name,
                "quantity": 1,
                "amount": item.amount,
                "line_date": item.date_start,
                "note": item.note and item.note[:200],
            }
            for index, item in enumerate(items, start=1)
        ]

    # ------------------------------------------------------------------
    # money of the contract (中期预决算单, 竣工结算单, 结算登记表, notices)
    # ------------------------------------------------------------------
    @api.model
    def _renovation_posted_invoices(self, plan_lines):
        return plan_lines.invoice_id.filtered(lambda move: move.state == "posted")

    def _renovation_money_values(self, instalment_type=None):
        """Contract amount at signing, approved changes, current total, paid,
        due now (the instalment ``instalment_type``: invoiced, its open
        amount; not yet, its share or, for the final one, the rest) and the
        balance left after it."""
        self.ensure_one()
        # sudo: whoever prepares the form (foreman, PM) prints the contract's
        # figures, which finance's invoices hold; only amounts are copied
        project = self.project_id.sudo()
        order = project.contract_id
        if not order:
            return {}
        plan = order.payment_plan_line_ids
        invoices = self._renovation_posted_invoices(plan)
        approved = project.change_order_ids.filtered(lambda c: c.state == "approved")
        total = order.amount_total
        paid = sum(invoices.mapped("amount_total")) - sum(invoices.mapped("amount_residual"))
        values = {
            "contract_amount": order.contract_amount,
            "changes_amount": sum(approved.mapped("amount_total")),
            "current_amount": total,
            "paid_amount": paid,
        }
        due = 0.0
        if instalment_type:
            instalment = plan.filtered(lambda p: p.instalment_type == instalment_type)[:1]
            invoice = self._renovation_posted_invoices(instalment)
            if invoice:
                due = sum(invoice.mapped("amount_residual"))
                values["due_date"] = invoice[:1].invoice_date_due or None
            elif instalment_type == "final":
                due = total - sum(invoices.mapped("amount_total"))
            else:
                due = order.currency_id.round(total * instalment.percent / 100)
            values["due_amount"] = due
        values["balance_amount"] = total - paid - due
        return values

    def _renovation_change_lines(self):
        # sudo: as _renovation_money_values, the approved changes of the contract
        project = self.project_id.sudo()
        return [
            {
                "sequence": index,
                "name": line.name,
                "quantity": line.quantity,
                "unit_price": line.price_unit,
                "amount": line.amount,
                "note": change.name,
            }
            for index, (change, line) in enumerate(
                (change, line)
                for change in project.change_order_ids.filtered(lambda c: c.state == "approved")
                for line in change.line_ids
            )
        ]

    def _renovation_instalment_lines(self):
        # sudo: as _renovation_money_values, the instalments and their invoices
        plan = self.project_id.sudo().contract_id.payment_plan_line_ids
        states = dict(plan._fields["state"]._description_selection(self.env))
        return [
            {
                "sequence": line.sequence,
                "name": line.name,
                "line_date": line.invoice_id.invoice_date,
                "amount": line.invoice_id.amount_total,
                "note": states.get(line.state),
            }
            for line in plan
        ]
