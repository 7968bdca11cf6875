from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools.xlsx import XlsxWorkbook

# The management reports of seed 002 §07 / 004 §6.3. The keys are stored in
# renovation.report.dispatch and chosen in the download wizard.
REPORTS = [
    ("payments", "Project Payments In and Out"),  # 工程款收支明细表 (daily)
    ("contracts", "Contracts Signed"),  # 签单统计表 (daily)
    ("clients", "Client Resources"),  # 客户资源统计表 (weekly, Mondays)
    ("schedule", "Construction Schedule: Planned vs Actual"),  # download only
]
# res.company field holding the recipients of each report
RECIPIENT_FIELDS = {
    "payments": "renovation_report_payment_user_ids",
    "contracts": "renovation_report_contract_user_ids",
    "clients": "renovation_report_client_user_ids",
}
# The suite is for Chinese contractors: the report day is a day in Beijing time
# unless the company's address says otherwise.
DEFAULT_TZ = "Asia/Shanghai"


class RenovationManagementReport(models.AbstractModel):
    """Builds the management reports: first the rows (plain dicts, aggregated
    in SQL or with ``_read_group`` so the cost does not depend on the number of
    projects), then one xlsx workbook from them.

    Callers are the daily/weekly crons (renovation.report.dispatch) and the
    download wizard, which only renovation managers and finance may use. Every
    query filters on the company explicitly, so the reads below use sudo():
    a report is company-wide by definition, record rules (followers of a
    project, own leads...) must not thin it out. The methods are private:
    not callable over RPC, only through those two entry points."""

    _name = "renovation.management.report"
    _description = "Renovation Management Reports"

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------
    @api.model
    def _report_tz(self, company):
        return pytz.timezone(company.partner_id.tz or DEFAULT_TZ)

    @api.model
    def _report_now(self, company):
        """Now in the company's time zone (the reports are due by 10:00 there)."""
        return datetime.now(pytz.utc).astimezone(self._report_tz(company))

    @api.model
    def _report_today(self, company):
        """Today in the company's time zone."""
        return self._report_now(company).date()

    @api.model
    def _utc_bounds(self, date_from, date_to, company):
        """[start, end) in naive UTC of the local days date_from..date_to, to
        compare with datetime columns such as create_date."""
        tz = self._report_tz(company)

        def to_utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(date_from), to_utc(date_to + timedelta(days=1))

    # ------------------------------------------------------------------
    # 工程款收支明细表: payments in and out per project
    # ------------------------------------------------------------------
    @api.model
    def _payment_movements(self, date_from, date_to, company):
        """Every payment of the period that settles a document of a renovation
        project, as one row per (reconciliation, project).

        What counts (document ↔ project):
        - customer invoices and credit notes of the project's contract (their
          lines come from the contract's order lines: instalments, change
          orders); the customer payments reconciled with an invoice are money
          received, the refunds paid out against a credit note money out;
        - vendor bills and vendor refunds whose lines carry the project's
          analytic account: payments of a bill are money out, refunds of a
          vendor money in. A bill split between projects (or partly on none)
          counts for each project in proportion to the untaxed amount its
          analytic lines put on that project.
        Only real money counts: the counterpart must be a payment or a bank
        statement line (not a credit note or a write-off entry). The date is
        the payment's, the amount the reconciled amount in company currency."""
        for model in (
            "account.partial.reconcile",
            "account.move.line",
            "account.move",
            "account.analytic.line",
            "sale.order",
            "sale.order.line",
            "project.project",
        ):
            self.env[model].flush_model()
        query = SQL(
            """
            WITH cash AS (
                -- the payment line is credited: the document line is debited, money in
                SELECT part.amount, part.debit_move_id AS doc_line_id,
                       cash_line.move_id AS cash_move_id, cash_line.date, 1 AS direction
                  FROM account_move_line cash_line
                  JOIN account_partial_reconcile part ON part.credit_move_id = cash_line.id
                 WHERE cash_line.company_id = %(company)s
                   AND cash_line.date BETWEEN %(date_from)s AND %(date_to)s
                 UNION ALL
                -- the payment line is debited: the document line is credited, money out
                SELECT part.amount, part.credit_move_id, cash_line.move_id, cash_line.date, -1
                  FROM account_move_line cash_line
                  JOIN account_partial_reconcile part ON part.debit_move_id = cash_line.id
                 WHERE cash_line.company_id = %(company)s
                   AND cash_line.date BETWEEN %(date_from)s AND %(date_to)s
            ),
            movement AS (
                SELECT cash.amount, cash.direction, cash.date, doc.id AS doc_id,
                       doc.move_type, doc.name AS doc_name, doc.partner_id,
                       cash_move.name AS cash_name
                  FROM cash
                  JOIN account_move cash_move ON cash_move.id = cash.cash_move_id
                  JOIN account_move_line doc_line ON doc_line.id = cash.doc_line_id
                  JOIN account_move doc ON doc.id = doc_line.move_id
                 WHERE cash_move.state = 'posted'
                   AND cash_move.move_type = 'entry'
                   AND (cash_move.origin_payment_id IS NOT NULL
                        OR cash_move.statement_line_id IS NOT NULL)
                   AND doc.state = 'posted'
                   AND doc.move_type IN ('out_invoice', 'out_refund', 'in_invoice', 'in_refund')
            ),
            customer_project AS (
                -- one contract per customer document (DISTINCT ON: never count twice)
                SELECT DISTINCT ON (line.move_id)
                       line.move_id AS doc_id, contract.renovation_project_id AS project_id,
                       1.0 AS share
                  FROM account_move_line line
                  JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = line.id
                  JOIN sale_order_line order_line ON order_line.id = rel.order_line_id
                  JOIN sale_order contract ON contract.id = order_line.order_id
                 WHERE line.move_id IN (SELECT doc_id FROM movement
                                         WHERE move_type IN ('out_invoice', 'out_refund'))
                   AND contract.renovation_project_id IS NOT NULL
                 ORDER BY line.move_id, contract.renovation_project_id
            ),
            vendor_project AS (
                SELECT line.move_id AS doc_id, project.id AS project_id,
                       SUM(analytic.amount) / MIN(doc.amount_untaxed_signed) AS share
                  FROM account_analytic_line analytic
                  JOIN account_move_line line ON line.id = analytic.move_line_id
                  JOIN account_move doc ON doc.id = line.move_id
                  JOIN project_project project ON project.account_id = analytic.account_id
                 WHERE line.move_id IN (SELECT doc_id FROM movement
                                         WHERE move_type IN ('in_invoice', 'in_refund'))
                   AND project.is_renovation
                   AND doc.amount_untaxed_signed != 0
                 GROUP BY line.move_id, project.id
            )
            SELECT movement.date, link.project_id, movement.move_type, movement.direction,
                   movement.amount * link.share AS amount, movement.doc_name,
                   movement.cash_name, partner.name AS partner_name
              FROM movement
              JOIN (SELECT * FROM customer_project UNION ALL SELECT * FROM vendor_project) link
                ON link.doc_id = movement.doc_id
              LEFT JOIN res_partner partner ON partner.id = movement.partner_id
             ORDER BY movement.date, link.project_id, movement.doc_name, movement.cash_name
            """,
            company=company.id,
            date_from=date_from,
            date_to=date_to,
        )
        self.env.cr.execute(query)
        # fetch first: reading the currency or a translation may query the cursor
        rows = self.env.cr.dictfetchall()
        currency = company.currency_id
        kinds = dict(self._payment_kinds())
        movements = []
        for row in rows:
            customer = row["move_type"] in ("out_invoice", "out_refund")
            if customer:
                kind = "received" if row["direction"] > 0 else "refunded"
            else:
                kind = "supplier_refund" if row["direction"] > 0 else "paid"
            amount = currency.round(float(row["amount"]))
            movements.append(
                {
                    "date": row["date"],
                    "project_id": row["project_id"],
                    "kind": kind,
                    "kind_label": kinds[kind],
                    "amount_in": amount if row["direction"] > 0 else 0.0,
                    "amount_out": amount if row["direction"] < 0 else 0.0,
                    "document": row["doc_name"],
                    "payment": row["cash_name"],
                    "partner": row["partner_name"] or "",
                }
            )
        return movements

    @api.model
    def _payment_kinds(self):
        return [
            ("received", _("Received from client")),
            ("refunded", _("Refunded to client")),
            ("paid", _("Paid to suppliers")),
            ("supplier_refund", _("Refunds from suppliers")),
        ]

    @api.model
    def _payments_data(self, date_from, date_to, company):
        """{"movements": [...], "projects": [one summary row per project with
        money moving in the period]}; projects without movement are left out (a
        daily report of 10 000 mostly idle sites would be unreadable)."""
        movements = self._payment_movements(date_from, date_to, company)
        kinds = [key for key, _label in self._payment_kinds()]
        totals = defaultdict(lambda: dict.fromkeys(kinds, 0.0))
        for movement in movements:
            amount = movement["amount_in"] or movement["amount_out"]
            totals[movement["project_id"]][movement["kind"]] += amount
        # one batch read for all projects (prefetch), not a query per project;
        # sudo: the report is company-wide (see the class docstring), the ids
        # come from the company-filtered query above
        projects = self.env["project.project"].sudo().browse(list(totals))
        info = {
            project.id: {
                "contract_number": project.contract_number or "",
                "project": project.name,
                "client": project.partner_id.name or "",
                "studio": project.studio_id.name or "",
            }
            for project in projects
        }
        currency = company.currency_id
        rows = []
        for project_id, sums in totals.items():
            net = sums["received"] - sums["refunded"] - sums["paid"] + sums["supplier_refund"]
            rows.append(
                {
                    "project_id": project_id,
                    **info[project_id],
                    **{key: currency.round(value) for key, value in sums.items()},
                    "net": currency.round(net),
                }
            )
        rows.sort(key=lambda r: (r["contract_number"], r["project"]))
        for movement in movements:
            movement.update(info[movement["project_id"]])
        return {"movements": movements, "projects": rows}

    # ------------------------------------------------------------------
    # 签单统计表: contracts signed per studio and designer
    # ------------------------------------------------------------------
    @api.model
    def _contract_domain(self, date_from, date_to, company):
        return [
            ("company_id", "=", company.id),
            ("is_renovation_contract", "=", True),
            ("state", "=", "sale"),
            ("contract_date", ">=", date_from),
            ("contract_date", "<=", date_to),
        ]

    @api.model
    def _contracts_data(self, date_from, date_to, company):
        """Contracts signed (confirmed, not cancelled since) in the period:
        count and signed amount (untaxed, at signing) per studio and designer,
        and the list of the contracts."""
        # sudo: company-wide report, the domain filters on the company
        SaleOrder = self.env["sale.order"].sudo()
        domain = self._contract_domain(date_from, date_to, company)
        groups = SaleOrder._read_group(
            domain,
            groupby=["studio_id", "designer_id"],
            aggregates=["__count", "contract_amount:sum"],
        )
        currency = company.currency_id
        rows = [
            {
                "studio_id": studio.id,
                "designer_id": designer.id,
                "studio": studio.name or "",
                "designer": designer.name or _("No designer"),
                "count": count,
                "amount": currency.round(amount),
            }
            for studio, designer, count, amount in groups
        ]
        rows.sort(key=lambda r: (r["studio"], r["designer"]))
        contracts = SaleOrder.search_fetch(
            domain,
            [
                "contract_number",
                "contract_date",
                "partner_id",
                "studio_id",
                "designer_id",
                "contract_amount",
            ],
            order="contract_number",
        )
        contract_rows = [
            {
                "contract_number": order.contract_number or order.name,
                "date": order.contract_date,
                "client": order.partner_id.name or "",
                "studio": order.studio_id.name or "",
                "designer": order.designer_id.name or "",
                "amount": order.contract_amount,
            }
            for order in contracts
        ]
        return {"groups": rows, "contracts": contract_rows}

    # ------------------------------------------------------------------
    # 客户资源统计表: enquiries and conversion
    # ------------------------------------------------------------------
    @api.model
    def _enquiry_domain(self, date_from, date_to, company):
        """The enquiries of the 客户资源登记表 (leads with a studio, lost ones
        included) registered in the period."""
        start, end = self._utc_bounds(date_from, date_to, company)
        return [
            ("studio_id", "!=", False),
            ("studio_id.company_id", "=", company.id),
            ("create_date", ">=", start),
            ("create_date", "<", end),
        ]

    @api.model
    def _clients_data(self, date_from, date_to, company):
        """Enquiries registered in the period by media source, business source
        and designer; converted = those of them that got a confirmed contract
        (whenever it was signed)."""
        # sudo: company-wide report (a designer's rule must not hide leads),
        # the domain filters on the company; lost (archived) enquiries count too
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        domain = self._enquiry_domain(date_from, date_to, company)
        converted_domain = domain + [
            ("order_ids", "any", [("state", "=", "sale"), ("is_renovation_contract", "=", True)])
        ]
        dimensions = ("medium_id", "source_id", "designer_id")
        # two aggregate queries in all, however many leads and designers
        enquiries = Lead._read_group(domain, groupby=list(dimensions), aggregates=["__count"])
        converted = Lead._read_group(
            converted_domain, groupby=list(dimensions), aggregates=["__count"]
        )
        not_set = _("Not set")
        data = {}
        for index, dimension in enumerate(dimensions):
            counts = defaultdict(lambda: [0, 0])
            for group in enquiries:
                counts[group[index]][0] += group[-1]
            for group in converted:
                counts[group[index]][1] += group[-1]
            rows = []
            for key, (count, won) in counts.items():
                # a medium, a source or a designer (records; empty when not set)
                label, key = (key.display_name if key else not_set), key.id
                rows.append(
                    {
                        "key": key,
                        "label": label,
                        "enquiries": count,
                        "converted": won,
                        "rate": won / count if count else 0.0,
                    }
                )
            rows.sort(key=lambda r: (-r["enquiries"], r["label"]))
            data[dimension] = rows
        return data

    # ------------------------------------------------------------------
    # Workbook
    # ------------------------------------------------------------------
    @api.model
    def _report_title(self, report):
        # the selection labels are the reports' names (translated like any field)
        field = self.env["renovation.report.dispatch"]._fields["report"]
        return dict(field._description_selection(self.env))[report]

    @api.model
    def _period_label(self, date_from, date_to):
        if date_from == date_to:
            return fields.Date.to_string(date_from)
        return f"{fields.Date.to_string(date_from)} ~ {fields.Date.to_string(date_to)}"

    @api.model
    def _report_data(self, report, date_from, date_to, company):
        return getattr(self, f"_{report}_data")(date_from, date_to, company)

    @api.model
    def _label(self, model, fname):
        """The (translated) label of a field: the column headers say what the
        users read on the forms."""
        return self.env[model]._fields[fname]._description_string(self.env)

    @api.model
    def _report_sheets(self, report, data):
        """[(sheet name, [(header, kind)], rows as lists, totals or None)];
        kind is text, date, int, money or percent."""
        return getattr(self, f"_{report}_sheets")(data)

    @api.model
    def _payments_sheets(self, data):
        contract_no = self._label("sale.order", "contract_number")
        project = self._label("account.move", "renovation_project_id")
        kinds = self._payment_kinds()
        projects = data["projects"]
        money = [key for key, _label in kinds] + ["net"]
        summary = (
            _("By Project"),
            [
                (contract_no, "text"),
                (project, "text"),
                (self._label("sale.order", "partner_id"), "text"),
                (self._label("sale.order", "studio_id"), "text"),
                *((label, "money") for _key, label in kinds),
                (_("Net Cash Flow"), "money"),
            ],
            [
                [r["contract_number"], r["project"], r["client"], r["studio"]]
                + [r[key] for key in money]
                for r in projects
            ],
            [_("Grand Total"), "", "", ""] + [sum(r[key] for r in projects) for key in money],
        )
        movements = data["movements"]
        detail = (
            _("Payment Details"),
            [
                (_("Payment Date"), "date"),
                (contract_no, "text"),
                (project, "text"),
                (_("Partner"), "text"),
                (_("Type"), "text"),
                (_("Document"), "text"),
                (_("Payment Entry"), "text"),
                (_("In"), "money"),
                (_("Out"), "money"),
            ],
            [
                [
                    m["date"],
                    m["contract_number"],
                    m["project"],
                    m["partner"],
                    m["kind_label"],
                    m["document"],
                    m["payment"],
                    m["amount_in"],
                    m["amount_out"],
                ]
                for m in movements
            ],
            [_("Grand Total"), "", "", "", "", "", ""]
            + [sum(m["amount_in"] for m in movements), sum(m["amount_out"] for m in movements)],
        )
        return [summary, detail]

    @api.model
    def _contracts_sheets(self, data):
        studio = self._label("sale.order", "studio_id")
        designer = self._label("sale.order", "designer_id")
        amount = self._label("sale.order", "contract_amount")
        groups = data["groups"]
        by_designer = (
            _("By Studio and Designer"),
            [
                (studio, "text"),
                (designer, "text"),
                (_("Number of Contracts"), "int"),
                (amount, "money"),
            ],
            [[r["studio"], r["designer"], r["count"], r["amount"]] for r in groups],
            [
                _("Grand Total"),
                "",
                sum(r["count"] for r in groups),
                sum(r["amount"] for r in groups),
            ],
        )
        contracts = (
            _("Contract List"),
            [
                (self._label("sale.order", "contract_number"), "text"),
                (self._label("sale.order", "contract_date"), "date"),
                (self._label("sale.order", "partner_id"), "text"),
                (studio, "text"),
                (designer, "text"),
                (amount, "money"),
            ],
            [
                [
                    r["contract_number"],
                    r["date"],
                    r["client"],
                    r["studio"],
                    r["designer"],
                    r["amount"],
                ]
                for r in data["contracts"]
            ],
            None,
        )
        return [by_designer, contracts]

    @api.model
    def _clients_sheets(self, data):
        sheets = []
        for dimension, name in (
            ("medium_id", _("By Media Source")),
            ("source_id", _("By Business Source")),
            ("designer_id", _("By Designer")),
        ):
            rows = data[dimension]
            enquiries = sum(r["enquiries"] for r in rows)
            converted = sum(r["converted"] for r in rows)
            sheets.append(
                (
                    name,
                    [
                        (self._label("crm.lead", dimension), "text"),
                        (_("Number of Enquiries"), "int"),
                        (_("Converted"), "int"),
                        (_("Conversion Rate"), "percent"),
                    ],
                    [[r["label"], r["enquiries"], r["converted"], r["rate"]] for r in rows],
                    [
                        _("Grand Total"),
                        enquiries,
                        converted,
                        converted / enquiries if enquiries else 0.0,
                    ],
                )
            )
        return sheets

    @api.model
    def _schedule_data(self, date_from, date_to, company):
        """The schedule nodes planned to end in the period, planned against
        actual (renovation.schedule.analysis), and the average delay per
        foreman, node and studio."""
        # sudo: company-wide like every report here (see the class docstring)
        rows = (
            self.env["renovation.schedule.analysis"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("planned_end", ">=", date_from),
                    ("planned_end", "<=", date_to),
                ],
                order="project_id, planned_start, id",
            )
        )
        groups = {}
        for dimension in ("foreman_id", "node_code", "studio_id"):
            stats = defaultdict(lambda: {"nodes": 0, "late": 0, "days": 0.0})
            for row in rows:
                value = row[dimension]
                label = (
                    value.display_name if dimension != "node_code" else (f"{value} {row.node_name}")
                )
                key = value.id if dimension != "node_code" else value
                entry = stats[key]
                entry["label"] = label or _("Unassigned")
                entry["nodes"] += 1
                entry["late"] += int(row.is_late)
                entry["days"] += row.days_late
            groups[dimension] = sorted(stats.values(), key=lambda e: e["label"])
        return {"rows": rows, **groups}

    @api.model
    def _schedule_sheets(self, data):
        label = lambda fname: self._label("renovation.schedule.analysis", fname)  # noqa: E731
        nodes = (
            _("Nodes"),
            [
                (self._label("sale.order", "contract_number"), "text"),
                (label("project_id"), "text"),
                (label("studio_id"), "text"),
                (label("foreman_id"), "text"),
                (label("node_code"), "text"),
                (label("node_name"), "text"),
                (label("planned_start"), "date"),
                (label("planned_end"), "date"),
                (label("date_done"), "date"),
                (label("progress"), "int"),
                (label("days_late"), "int"),
            ],
            [
                [
                    r.project_id.contract_number or "",
                    r.project_id.display_name,
                    r.studio_id.display_name or "",
                    r.foreman_id.display_name or "",
                    r.node_code,
                    r.node_name,
                    r.planned_start or "",
                    r.planned_end or "",
                    r.date_done or "",
                    r.progress,
                    r.days_late,
                ]
                for r in data["rows"]
            ],
            None,
        )
        sheets = [nodes]
        for dimension, name in (
            ("foreman_id", _("By Foreman")),
            ("node_code", _("By Node")),
            ("studio_id", _("By Studio")),
        ):
            rows = data[dimension]
            sheets.append(
                (
                    name,
                    [
                        (label(dimension), "text"),
                        (_("Nodes"), "int"),
                        (_("Late Nodes"), "int"),
                        (_("Average Days Late"), "float"),
                    ],
                    [[r["label"], r["nodes"], r["late"], r["days"] / r["nodes"]] for r in rows],
                    None,
                )
            )
        return sheets

    @api.model
    def _render_xlsx(self, report, date_from, date_to, company):
        """(xlsx bytes, file name) of ``report`` for the period, in the
        language of the environment (headers and sheet names are translated)."""
        data = self._report_data(report, date_from, date_to, company)
        title = self._report_title(report)
        period = self._period_label(date_from, date_to)
        book = XlsxWorkbook()
        for name, columns, rows, totals in self._report_sheets(report, data):
            book.add_table(name, columns, rows, totals, titles=(title, f"{company.name}  {period}"))
        content = book.close()
        filename = f"{title} {period}.xlsx"
        return content, filename
