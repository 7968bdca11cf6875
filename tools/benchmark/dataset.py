"""Data of the scale benchmark: N renovation projects and what goes with them.

Two kinds of rows (see README.md in this folder):

* **realistic** — a subset of the projects goes through the real flows, as the
  people who do them: the contract is confirmed (contract number, project,
  first instalment invoiced and posted by ``action_confirm``), finance
  registers payments with the payment wizard, the hand-over forms are
  requested and signed by each signer, the project is moved into construction
  through its stage gates, the mid-term settlement and the completion
  acceptance issue their invoices, and paying the final instalment issues the
  warranty card. Only wkhtmltopdf is replaced (by a one-page PDF): the signed
  PDF is still rendered to HTML, attached and hashed.
* **filler** — the bulk, built with batched ORM ``create``/``write`` calls
  (vals lists, mail tracking off) and, where noted, plain SQL: the standard
  rows (clients, confirmed orders, projects; posted invoices and reconciled
  payments as SQL copies of ORM-made prototypes) are built first in the plain
  database, which is then copied into the one with our addons; there the
  same rows become renovation contracts and projects, with forms, signatures,
  inspections and warranty cards. Filler bypasses workflow side effects (no
  e-mails, activities or chatter messages, stages set without gate checks).

Everything is deterministic (fixed random seed) so both databases, and two
runs, hold the same data.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time as dt_time, timedelta
from unittest import mock

from psycopg2.extras import Json

from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

SEED = 20251123
CHUNK = 500
# filler: no chatter, tracking or followers-of-creator work
FILLER_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
}
# the renovation lifecycle: (stage xmlid suffix, share of projects in %, age range in days)
STAGES = [
    ("contract", 4, (1, 20)),
    ("design", 4, (10, 40)),
    ("handover", 3, (20, 50)),
    ("site_start", 3, (30, 55)),
    ("construction", 7, (35, 55)),
    ("midterm", 3, (55, 90)),
    ("construction_2", 6, (60, 95)),
    ("completion", 3, (96, 110)),
    ("delivered", 7, (100, 200)),
    ("warranty", 60, (150, 1700)),
]
STAGE_INDEX = {name: index for index, (name, _share, _ages) in enumerate(STAGES)}
MIDTERM_AFTER_DAYS = 50  # contract -> mid-term settlement
COMPLETION_AFTER_DAYS = 95  # contract -> completion acceptance
# signed forms a project has once it reached a stage (the stage gates' forms)
FORMS_BY_STAGE = {
    "site_start": ("design_handover_1", "foreman_commitment"),
    "construction": ("onsite_handover", "site_condition_handover"),
    "midterm": ("hidden_works", "water_test"),
    "construction_2": ("midterm_payment_notice",),
    "delivered": ("completion_acceptance",),
    "warranty": ("settlement_register",),
}
INSTALMENTS = (("first", 30.0, 0), ("midterm", 60.0, 7), ("final", 0.0, 3))
DUE_DAYS = {kind: days for kind, _percent, days in INSTALMENTS}
# the contract annexes (all attached: the contract can be signed)
ANNEXES = dict.fromkeys(
    (
        "annex_contract_notes",
        "annex_agreed_terms",
        "annex_client_materials",
        "annex_company_materials",
        "annex_quotation",
        "annex_drawings",
        "annex_client_notice",
        "annex_service_sheet",
    ),
    True,
)
# days after the contract when the forms of a gate's stage are signed
FORM_DAYS = {
    "site_start": 20,
    "construction": 30,
    "midterm": 45,
    "construction_2": MIDTERM_AFTER_DAYS,
    "delivered": COMPLETION_AFTER_DAYS,
    "warranty": COMPLETION_AFTER_DAYS + 15,
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀英华"
DISTRICTS = ["浦东新区", "徐汇区", "闵行区", "西湖区", "滨江区", "朝阳区", "海淀区", "天河区"]
HOUSE_TYPES = ["apartment", "apartment", "apartment", "villa", "duplex"]
PORTAL_LOGIN = "bench_client"
PORTAL_PASSWORD = "bench-client-password"
# the client whose portal pages are measured owns this many projects
PORTAL_CLIENT_PROJECTS = 3


def env_for(cr, context=None):
    return api.Environment(cr, SUPERUSER_ID, dict(context or {}))


def chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def today():
    return date.today()


# ----------------------------------------------------------------------
# the plan: one spec per project, the same in both databases
# ----------------------------------------------------------------------
def project_specs(count):
    """What each filler project looks like: stage, dates, amount, instalments."""
    rng = random.Random(SEED)
    day = today()
    stages = []
    for name, share, _ages in STAGES:
        stages += [name] * round(count * share / 100)
    stages = (stages + ["warranty"] * count)[:count]
    rng.shuffle(stages)
    specs = []
    for index, stage in enumerate(stages):
        low, high = STAGES[STAGE_INDEX[stage]][2]
        contract_date = day - timedelta(days=rng.randint(low, high))
        level = STAGE_INDEX[stage]
        spec = {
            "index": index,
            "ref": f"BENCH-{index:06d}",
            # the portal client owns the first projects, every other project its own client
            "partner": 0 if index < PORTAL_CLIENT_PROJECTS else index,
            "stage": stage,
            "level": level,
            "contract_date": contract_date,
            "amount": rng.randint(500, 4000) * 100.0,
            "studio": rng.randrange(3),
            "team": rng.randrange(1000),
            "house_type": rng.choice(HOUSE_TYPES),
            "house_area": float(rng.randint(45, 260)),
            "district": rng.choice(DISTRICTS),
            "invoices": [],
        }
        midterm = contract_date + timedelta(days=MIDTERM_AFTER_DAYS)
        completion = contract_date + timedelta(days=COMPLETION_AFTER_DAYS)
        spec["midterm_date"] = midterm if level >= STAGE_INDEX["midterm"] else None
        spec["completion_date"] = completion if level >= STAGE_INDEX["completion"] else None
        # (instalment, invoice date, payment date or None)
        first_paid = level >= STAGE_INDEX["design"] or rng.random() < 0.6
        spec["invoices"].append(("first", contract_date, _paid_on(rng, contract_date, first_paid)))
        if spec["midterm_date"]:
            paid = level >= STAGE_INDEX["construction_2"]
            spec["invoices"].append(("midterm", midterm, _paid_on(rng, midterm, paid)))
        if spec["completion_date"]:
            paid = level >= STAGE_INDEX["delivered"]
            spec["invoices"].append(("final", completion, _paid_on(rng, completion, paid)))
        specs.append(spec)
    return specs


def _paid_on(rng, invoice_date, paid):
    if not paid:
        return None
    return min(invoice_date + timedelta(days=rng.randint(0, 4)), today() - timedelta(days=1))


def client_name(index):
    rng = random.Random(index)
    return f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(GIVEN)} {index:05d}"


def client_email(index):
    return f"client{index:05d}@example.cn"


def instalment_amounts(spec):
    amount = spec["amount"]
    first = round(amount * INSTALMENTS[0][1] / 100, 2)
    midterm = round(amount * INSTALMENTS[1][1] / 100, 2)
    return {"first": first, "midterm": midterm, "final": round(amount - first - midterm, 2)}


# ----------------------------------------------------------------------
# standard rows (plain database, copied into ours)
# ----------------------------------------------------------------------
def build_standard(registry, count, realistic, progress):
    """Clients, confirmed orders, posted invoices, payments and projects, plus
    ``realistic`` standard orders confirmed, invoiced and paid through the wizards."""
    specs = project_specs(count)
    with registry.cursor() as cr:
        env = env_for(cr, FILLER_CONTEXT)
        products = env["product.product"].create(
            [
                {
                    "name": name,
                    "type": "service",
                    "invoice_policy": "order",
                    "sale_ok": True,
                    "purchase_ok": False,
                }
                for name in ("Renovation works (standard)", "Down payment")
            ]
        )
        product, deposit = products
        params = env["ir.config_parameter"]
        params.set_param("renovation_benchmark.product_id", product.id)
        # the down-payment wizard (and our instalments) use this product too
        params.set_param("sale.default_deposit_product_id", deposit.id)
        partners = _create_clients(env, count)
        cr.commit()
        progress(f"standard: {len(partners)} clients")
        orders, order_lines = _create_orders(env, specs, partners, product, deposit)
        cr.commit()
        progress(f"standard: {len(orders)} confirmed orders")
        invoices, payments = _create_money(
            env, specs, partners, orders, order_lines, (product, deposit), progress
        )
        progress(f"standard: {invoices} posted invoices, {payments} payments reconciled")
        projects = _create_projects(env, specs, partners, orders)
        cr.commit()
        progress(f"standard: {len(projects)} projects")
        _standard_realistic_flows(env_for(cr), partners, product, realistic)
        cr.commit()
        progress(f"standard: {realistic} orders confirmed, invoiced and paid through the wizards")


def _create_clients(env, count):
    partners = env["res.partner"]
    for batch in chunks(range(count)):
        partners |= env["res.partner"].create(
            [
                {
                    "name": client_name(index),
                    "email": client_email(index),
                    "phone": f"138{index:08d}",
                    "city": "上海",
                    "street": f"锦绣路 {index % 900 + 1} 弄 {index % 30 + 1} 号",
                }
                for index in batch
            ]
        )
    return partners


def _create_orders(env, specs, partners, product, deposit):
    """Orders shaped as Odoo leaves them once instalments are invoiced: two
    works lines, then a "Down Payments" section with one down-payment line per
    issued first/mid-term instalment (quantity 0, as the wizard makes them).
    Confirmed by writing their state (filler: no ``action_confirm``, whose
    renovation side is measured on the real subset).

    Returns the orders and {spec index: {line key: sale.order.line id}}."""
    orders = env["sale.order"]
    order_lines = {}
    keys = ("works_1", "works_2", "section", "first", "midterm")
    for batch in chunks(specs):
        vals_list = []
        for spec in batch:
            amounts = instalment_amounts(spec)
            lines = [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": "水电改造",
                        "product_uom_qty": 1,
                        "price_unit": spec["amount"] * 0.4,
                    }
                ),
                Command.create(
                    {
                        "product_id": product.id,
                        "name": "泥瓦、木工与油漆",
                        "product_uom_qty": 1,
                        "price_unit": spec["amount"] * 0.6,
                    }
                ),
                Command.create(
                    {
                        "display_type": "line_section",
                        "name": "Down Payments",
                        "is_downpayment": True,
                    }
                ),
            ]
            for kind, _invoice_date, _paid in spec["invoices"]:
                if kind != "final":
                    lines.append(
                        Command.create(
                            {
                                "product_id": deposit.id,
                                "name": f"Down payment ({kind} instalment)",
                                "product_uom_qty": 0.0,
                                "price_unit": amounts[kind],
                                "is_downpayment": True,
                            }
                        )
                    )
            vals_list.append(
                {
                    "partner_id": partners[spec["partner"]].id,
                    "client_order_ref": spec["ref"],
                    "date_order": datetime.combine(spec["contract_date"], dt_time(10)),
                    "order_line": lines,
                }
            )
        created = env["sale.order"].with_context(sale_no_log_for_new_lines=True).create(vals_list)
        created.write({"state": "sale"})
        for order, spec in zip(created, batch, strict=True):
            order_lines[spec["index"]] = dict(zip(keys, order.order_line.ids, strict=False))
        env.flush_all()
        orders |= created
    return orders, order_lines


def _invoice_lines(spec, kind, lines):
    """The invoice lines of an instalment, linked to the order lines as Odoo's
    down-payment and final invoices are (the payments report follows them)."""
    amounts = instalment_amounts(spec)
    if kind != "final":
        return [
            Command.create(
                {
                    "name": f"Down payment ({kind} instalment) of {spec['ref']}",
                    "quantity": 1,
                    "price_unit": amounts[kind],
                    "sale_line_ids": [Command.set([lines[kind]])],
                }
            )
        ]
    # the final invoice: every works line, minus the down payments
    return [
        Command.create(
            {
                "name": name,
                "quantity": quantity,
                "price_unit": price,
                "sale_line_ids": [Command.set([lines[key]])],
            }
        )
        for key, name, quantity, price in (
            ("works_1", "水电改造", 1, spec["amount"] * 0.4),
            ("works_2", "泥瓦、木工与油漆", 1, spec["amount"] * 0.6),
            ("first", "Down payment (first instalment)", -1, amounts["first"]),
            ("midterm", "Down payment (midterm instalment)", -1, amounts["midterm"]),
        )
    ]


def _create_invoices(env, specs, partners, order_lines, progress):
    """Posted customer invoices of the instalments, oldest first (the invoice
    numbers then follow the dates, as they would have)."""
    rows = sorted(
        (
            (invoice_date, spec["index"], kind)
            for spec in specs
            for kind, invoice_date, _paid in spec["invoices"]
        ),
    )
    by_index = {spec["index"]: spec for spec in specs}
    SaleLine = env["sale.order.line"]
    invoices = {}
    for done, batch in enumerate(chunks(rows), start=1):
        vals_list = []
        for invoice_date, index, kind in batch:
            spec = by_index[index]
            lines = order_lines[index]
            invoice_lines = _invoice_lines(spec, kind, lines)
            for command in invoice_lines:
                # product, taxes and accounts as the order line has them
                line = SaleLine.browse(command[2]["sale_line_ids"][0][2])
                command[2].update(
                    product_id=line.product_id.id,
                    tax_ids=[Command.set(line.tax_id.ids)],
                )
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partners[spec["partner"]].id,
                    "invoice_date": invoice_date,
                    "ref": f"{spec['ref']}-{kind}",
                    "invoice_origin": SaleLine.browse(lines["works_1"]).order_id.name,
                    "invoice_line_ids": invoice_lines,
                }
            )
        moves = env["account.move"].create(vals_list)
        for move, (invoice_date, index, kind) in zip(moves, batch, strict=True):
            move.invoice_date_due = invoice_date + timedelta(days=DUE_DAYS[kind])
            invoices[index, kind] = move.id
        moves.action_post()
        env.cr.commit()
        env.invalidate_all()
        if done % 10 == 0:
            progress(f"standard: {len(invoices)}/{len(rows)} invoices posted")
    return invoices


def _create_payments(env, specs, invoices, progress):
    """One posted payment per paid instalment, reconciled with its invoice
    (what the payment wizard does, batched)."""
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
    )
    paid = sorted(
        (paid_on, spec["index"], kind)
        for spec in specs
        for kind, _date, paid_on in spec["invoices"]
        if paid_on
    )
    Move = env["account.move"]
    for done, batch in enumerate(chunks(paid), start=1):
        moves = Move.browse([invoices[index, kind] for _d, index, kind in batch])
        payments = env["account.payment"].create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": move.partner_id.id,
                    "amount": move.amount_total,
                    "date": paid_on,
                    "journal_id": journal.id,
                    "memo": move.name,
                }
                for move, (paid_on, _i, _k) in zip(moves, batch, strict=True)
            ]
        )
        payments.action_post()
        plan = []
        for move, payment in zip(moves, payments, strict=True):
            lines = move.line_ids | payment.move_id.line_ids
            plan.append(
                lines.filtered(
                    lambda line: (
                        line.account_id.account_type == "asset_receivable" and not line.reconciled
                    )
                )
            )
        env["account.move.line"]._reconcile_plan(plan)
        env.cr.commit()
        env.invalidate_all()
        if done % 10 == 0:
            progress(f"standard: {done * CHUNK}/{len(paid)} payments")
    return len(paid)


# ----------------------------------------------------------------------
# bulk invoices and payments: SQL copies of ORM-made prototypes
# ----------------------------------------------------------------------
# what a posted (and paid) invoice is made of; these rows are copied
# (in the order of their foreign keys: each row's parents are copied first)
CLONED_MODELS = (
    "account.full.reconcile",
    "account.move",
    "account.payment",
    "account.move.line",
    "account.partial.reconcile",
)
PROTOTYPE_AMOUNT = 1000.0  # every instalment amount is this contract total times k


def _create_money(env, specs, partners, orders, order_lines, products, progress):
    """Posted instalment invoices and their reconciled payments.

    Six prototypes (first / mid-term / final instalment, open and paid) are
    made with the ORM exactly as the filler would be (invoice lines linked to
    the order lines, ``action_post``, an ``account.payment`` reconciled with
    the invoice). Every filler invoice is then an SQL copy of its prototype:
    the rows of account_move, account_move_line, account_payment and
    account_(partial|full)_reconcile, their many2many rows (taxes, tax tags,
    order lines) and followers, with the client, dates, numbers (each
    journal's sequence per year, in date order) and amounts (scaled: all
    amounts of a contract are multiples of a tenth of its total) replaced.
    Afterwards the order lines recompute what they invoiced."""
    cloner = _InvoiceCloner(env, _make_prototypes(env, *products))
    jobs = sorted(
        (invoice_date, spec["index"], kind, paid_on)
        for spec in specs
        for kind, invoice_date, paid_on in spec["invoices"]
    )
    cloner.number(jobs)
    by_index = {spec["index"]: spec for spec in specs}
    for done, batch in enumerate(chunks(jobs, 2 * CHUNK), start=1):
        cloner.clone(
            [
                {
                    "spec": by_index[index],
                    "kind": kind,
                    "invoice_date": invoice_date,
                    "paid_on": paid_on,
                    "partner": partners[by_index[index]["partner"]],
                    "order": orders[index],
                    "order_lines": order_lines[index],
                }
                for invoice_date, index, kind, paid_on in batch
            ]
        )
        env.cr.commit()
        if done % 5 == 0:
            progress(f"standard: {min(done * 2 * CHUNK, len(jobs))}/{len(jobs)} invoices copied")
    # what the ORM would have recomputed on each invoice: invoiced quantities
    # and amounts of the order lines, invoice status of the orders, ranks
    order_line_ids = sorted({i for lines in order_lines.values() for i in lines.values()})
    for batch in chunks(order_line_ids, 4 * CHUNK):
        lines = env["sale.order.line"].browse(batch)
        lines.modified(["invoice_lines"])
        env.flush_all()
        env.cr.commit()
        env.invalidate_all()
    env.cr.execute(
        "UPDATE res_partner SET customer_rank = 1 WHERE id IN %s AND customer_rank = 0",
        [tuple(partners.ids)],
    )
    env.cr.commit()
    return len(jobs), sum(1 for job in jobs if job[3])


def _make_prototypes(env, product, deposit):
    """{(kind, paid): {...}}: the six prototype invoices, made with the ORM."""
    partner = env["res.partner"].create({"name": "Prototype client (benchmark)"})
    day = today()
    prototypes = {}
    for paid in (False, True):
        spec = {
            "index": -1 - paid,
            "ref": f"PROTO-{'PAID' if paid else 'OPEN'}",
            "partner": 0,
            "amount": PROTOTYPE_AMOUNT,
            "contract_date": day,
            "invoices": [(kind, day, day if paid else None) for kind in DUE_DAYS],
        }
        orders, order_lines = _create_orders(env, [spec], partner, product, deposit)
        lines = {spec["index"]: order_lines[spec["index"]]}
        invoices = _create_invoices(env, [spec], partner, lines, lambda _m: None)
        if paid:
            _create_payments(env, [spec], invoices, lambda _m: None)
        for kind in DUE_DAYS:
            prototypes[kind, paid] = {
                "move_id": invoices[spec["index"], kind],
                "partner": partner,
                "order": orders,
                "ref": spec["ref"],
                "date": day,
                "line_keys": {line_id: key for key, line_id in lines[spec["index"]].items()},
            }
    return prototypes


class _InvoiceCloner:
    """Copies prototype invoices (and payments) row by row with SQL."""

    def __init__(self, env, prototypes):
        self.env = env
        self.cr = env.cr
        self.prototypes = prototypes
        self.rows = {}  # (kind, paid) -> {model: [row dicts]}
        self.rels = {}  # (kind, paid) -> [(relation, column1, column2, model, comodel, a, b)]
        self.followers = {}  # (kind, paid) -> [(res_model, res_id, partner_id, subtypes)]
        for key, prototype in prototypes.items():
            self._load(key, prototype)
        self.names = {}  # (move kind, job position) -> (prefix, number)

    # -- prototypes ---------------------------------------------------------
    def _fetch(self, table, column, ids):
        if not ids:
            return []
        self.cr.execute(
            SQL(
                "SELECT * FROM %s WHERE %s IN %s ORDER BY id",
                SQL.identifier(table),
                SQL.identifier(column),
                tuple(ids),
            )
        )
        return self.cr.dictfetchall()

    def _load(self, key, prototype):
        env = self.env
        env.flush_all()
        invoice = env["account.move"].browse(prototype["move_id"])
        lines = invoice.line_ids
        partials = lines.matched_debit_ids | lines.matched_credit_ids
        payment_lines = (partials.debit_move_id | partials.credit_move_id) - lines
        payment_moves = payment_lines.move_id
        payments = payment_moves.origin_payment_id
        ids = {
            "account.move": [invoice.id, *payment_moves.ids],
            "account.move.line": [*lines.ids, *payment_moves.line_ids.ids],
            "account.payment": payments.ids,
            "account.partial.reconcile": partials.ids,
            "account.full.reconcile": partials.full_reconcile_id.ids,
        }
        prototype["ids"] = ids
        prototype["invoice_id"] = invoice.id
        prototype["invoice_name"] = invoice.name
        prototype["payment_moves"] = set(payment_moves.ids)
        prototype["paid_on"] = payments[:1].date
        prototype["order_name"] = prototype["order"].name
        self.rows[key] = {
            model: self._fetch(env[model]._table, "id", ids[model]) for model in CLONED_MODELS
        }
        rels = []
        for model in CLONED_MODELS:
            for field in env[model]._fields.values():
                if field.type == "many2many" and field.store:
                    self.cr.execute(
                        SQL(
                            "SELECT %s, %s FROM %s WHERE %s IN %s",
                            SQL.identifier(field.column1),
                            SQL.identifier(field.column2),
                            SQL.identifier(field.relation),
                            SQL.identifier(field.column1),
                            tuple(ids[model]) or (0,),
                        )
                    )
                    for a, b in self.cr.fetchall():
                        rels.append((field, model, a, b))
        self.rels[key] = rels
        self.cr.execute(
            """SELECT f.id, f.res_model, f.res_id, f.partner_id,
                      ARRAY(SELECT rel.mail_message_subtype_id
                              FROM mail_followers_mail_message_subtype_rel rel
                             WHERE rel.mail_followers_id = f.id)
                 FROM mail_followers f
                WHERE (f.res_model = 'account.move' AND f.res_id IN %s)
                   OR (f.res_model = 'account.payment' AND f.res_id IN %s)""",
            [tuple(ids["account.move"]), tuple(ids["account.payment"]) or (0,)],
        )
        self.followers[key] = self.cr.fetchall()

    # -- numbering -------------------------------------------------------------
    def number(self, jobs):
        """Invoice and payment numbers in date order, after the journal's last."""
        counters = {}

        def next_name(proto_row, when):
            prefix = proto_row["sequence_prefix"].replace(
                str(proto_row["date"].year), str(when.year)
            )
            key = (proto_row["journal_id"], prefix)
            if key not in counters:
                self.cr.execute(
                    "SELECT COALESCE(MAX(sequence_number), 0) FROM account_move "
                    "WHERE journal_id = %s AND sequence_prefix = %s",
                    key,
                )
                counters[key] = self.cr.fetchone()[0]
            counters[key] += 1
            width = len(proto_row["name"]) - len(proto_row["sequence_prefix"])
            return prefix, counters[key], f"{prefix}{counters[key]:0{width}d}"

        for invoice_date, index, kind, _paid_on in jobs:
            rows = self.rows[kind, bool(_paid_on)]["account.move"]
            self.names["invoice", index, kind] = next_name(rows[0], invoice_date)
        for _invoice_date, index, kind, paid_on in sorted(jobs, key=lambda job: job[3] or date.min):
            if paid_on:
                rows = self.rows[kind, True]["account.move"]
                self.names["payment", index, kind] = next_name(rows[1], paid_on)

    # -- copies ----------------------------------------------------------------
    def _insert(self, table, rows):
        if not rows:
            return []
        columns = list(rows[0])
        ids = []
        for batch in chunks(rows, 1000):
            self.cr.execute(
                SQL(
                    "INSERT INTO %s (%s) VALUES %s RETURNING id",
                    SQL.identifier(table),
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                    SQL(", ").join(
                        SQL("%s", tuple(_adapt(row[column]) for column in columns)) for row in batch
                    ),
                )
            )
            ids += [row[0] for row in self.cr.fetchall()]
        return ids

    def clone(self, jobs):
        env = self.env
        now = self.cr.now()
        for job in jobs:
            key = job["kind"], bool(job["paid_on"])
            prototype = self.prototypes[key]
            job["key"] = key
            job["prototype"] = prototype
            job["map"] = {model: {} for model in CLONED_MODELS}
            job["scale"] = job["spec"]["amount"] / PROTOTYPE_AMOUNT
            index = job["spec"]["index"]
            invoice_name = self.names["invoice", index, job["kind"]]
            payment_name = self.names.get(("payment", index, job["kind"]))
            job["names"] = {prototype["invoice_id"]: invoice_name}
            for move_id in prototype["payment_moves"]:
                job["names"][move_id] = payment_name
            job["replace"] = [
                (prototype["invoice_name"], invoice_name[2]),
                (prototype["ref"], job["spec"]["ref"]),
                (prototype["order_name"], job["order"].name),
                (prototype["partner"].name, job["partner"].name),
            ]
            if payment_name:
                proto_payment = self.rows[key]["account.move"][1]["name"]
                job["replace"].insert(0, (proto_payment, payment_name[2]))
        # parents before children: the foreign keys are checked at each insert
        for model in CLONED_MODELS:
            table = env[model]._table
            rows, owners = [], []
            for job in jobs:
                for row in self.rows[job["key"]][model]:
                    rows.append(self._copy(model, row, job, now))
                    owners.append((job, row["id"]))
            new_ids = self._insert(table, rows)
            for (job, old_id), new_id in zip(owners, new_ids, strict=True):
                job["map"][model][old_id] = new_id
        # the payment <-> its journal entry cycle: the entry first, then its payment
        updates = [
            (
                job["map"]["account.payment"][row["origin_payment_id"]],
                job["map"]["account.move"][row["id"]],
            )
            for job in jobs
            for row in self.rows[job["key"]]["account.move"]
            if row["origin_payment_id"]
        ]
        if updates:
            self.cr.execute(
                SQL(
                    "UPDATE account_move m SET origin_payment_id = v.payment FROM (VALUES %s) "
                    "AS v(payment, id) WHERE m.id = v.id",
                    SQL(", ").join(SQL("%s", pair) for pair in updates),
                )
            )
        self._clone_relations(jobs)
        self._clone_followers(jobs)

    def _copy(self, model, row, job, now):
        fields_ = self.env[model]._fields
        prototype = job["prototype"]
        payment_side = (
            model == "account.payment"
            or (model == "account.move" and row["id"] in prototype["payment_moves"])
            or (model == "account.move.line" and row["move_id"] in prototype["payment_moves"])
        )
        if payment_side or model == "account.partial.reconcile":
            shift = (job["paid_on"] or prototype["date"]) - (
                prototype["paid_on"] or prototype["date"]
            )
        else:
            shift = job["invoice_date"] - prototype["date"]
        new = {}
        for column, value in row.items():
            if column == "id":
                continue
            field = fields_.get(column)
            if value is None or field is None:
                new[column] = value
            elif column in ("create_date", "write_date"):
                value = now
            elif field.type == "monetary" or column == "price_unit":
                # exact amounts have at most 3 decimals: round off the float error
                value = round(value * job["scale"], 6)
            elif field.type == "date":
                value = value + shift
            elif field.type == "many2one" and field.comodel_name in job["map"]:
                if model == "account.move" and column == "origin_payment_id":
                    value = None  # set once the payment exists (see clone)
                else:
                    value = job["map"][field.comodel_name].get(value, value)
            elif field.type == "many2one" and field.comodel_name == "res.partner":
                if value == prototype["partner"].id:
                    value = job["partner"].id
            elif isinstance(value, str):
                for old, replacement in job["replace"]:
                    value = value.replace(old, replacement)
            new[column] = value
        if model == "account.move":
            prefix, number, name = job["names"][row["id"]]
            new.update(sequence_prefix=prefix, sequence_number=number, name=name)
            if "access_token" in new:
                new["access_token"] = None
        if model == "account.move.line" and row.get("matching_number"):
            full = job["map"]["account.full.reconcile"].get(row["full_reconcile_id"])
            new["matching_number"] = str(full) if full else row["matching_number"]
        if model == "account.payment" and row.get("name"):
            new["name"] = job["names"][row["move_id"]][2]
        return new

    def _clone_relations(self, jobs):
        rows = defaultdict(list)
        for job in jobs:
            for field, model, a, b in self.rels[job["key"]]:
                if field.comodel_name in job["map"]:
                    b = job["map"][field.comodel_name].get(b, b)
                elif field.comodel_name == "sale.order.line":
                    b = job["order_lines"][job["prototype"]["line_keys"][b]]
                rows[field.relation, field.column1, field.column2].append((job["map"][model][a], b))
        for (relation, column1, column2), pairs in rows.items():
            for batch in chunks(pairs, 2000):
                self.cr.execute(
                    SQL(
                        "INSERT INTO %s (%s, %s) VALUES %s ON CONFLICT DO NOTHING",
                        SQL.identifier(relation),
                        SQL.identifier(column1),
                        SQL.identifier(column2),
                        SQL(", ").join(SQL("%s", pair) for pair in batch),
                    )
                )

    def _clone_followers(self, jobs):
        rows, subtypes = [], []
        for job in jobs:
            for _id, res_model, res_id, partner_id, subtype_ids in self.followers[job["key"]]:
                model = "account.payment" if res_model == "account.payment" else "account.move"
                if partner_id == job["prototype"]["partner"].id:
                    partner_id = job["partner"].id
                rows.append(
                    {
                        "res_model": res_model,
                        "res_id": job["map"][model][res_id],
                        "partner_id": partner_id,
                    }
                )
                subtypes.append(subtype_ids)
        new_ids = self._insert("mail_followers", rows)
        pairs = [(fid, st) for fid, ids in zip(new_ids, subtypes, strict=True) for st in ids]
        for batch in chunks(pairs, 2000):
            self.cr.execute(
                SQL(
                    "INSERT INTO mail_followers_mail_message_subtype_rel "
                    "(mail_followers_id, mail_message_subtype_id) VALUES %s",
                    SQL(", ").join(SQL("%s", pair) for pair in batch),
                )
            )


def _adapt(value):
    """Row values as psycopg2 takes them back (jsonb comes out as dicts)."""
    if isinstance(value, (dict, list)):
        return Json(value)
    return value


def _create_projects(env, specs, partners, orders):
    stages = {
        "todo": env.ref("project.project_project_stage_0"),
        "progress": env.ref("project.project_project_stage_1"),
        "done": env.ref("project.project_project_stage_2"),
    }
    projects = env["project.project"]
    for batch_specs, batch_orders in zip(chunks(specs), chunks(orders), strict=True):
        created = env["project.project"].create(
            [
                {
                    "name": f"{spec['ref']} {partners[spec['partner']].name}",
                    "partner_id": partners[spec["partner"]].id,
                    "company_id": env.company.id,
                    "privacy_visibility": "followers",
                    "allow_billable": True,
                    "date_start": spec["contract_date"],
                    "date": spec["contract_date"] + timedelta(days=110),
                    "stage_id": stages[
                        "todo"
                        if spec["level"] < STAGE_INDEX["site_start"]
                        else "progress"
                        if spec["level"] < STAGE_INDEX["delivered"]
                        else "done"
                    ].id,
                }
                for spec in batch_specs
            ]
        )
        for order, project in zip(batch_orders, created, strict=True):
            order.project_id = project
        env.flush_all()
        env.cr.commit()
        projects |= created
    return projects


def _standard_realistic_flows(env, partners, product, count):
    """Standard orders through Odoo's own flows: confirm, invoice a 30 %
    down payment with the wizard, post it, register the payment."""
    for index in range(count):
        order = env["sale.order"].create(
            {
                "partner_id": partners[index % len(partners)].id,
                "client_order_ref": f"REAL-STD-{index:04d}",
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": 1, "price_unit": 120000.0}
                    )
                ],
            }
        )
        order.action_confirm()
        wizard = env["sale.advance.payment.inv"].create(
            {
                "sale_order_ids": [Command.set(order.ids)],
                "advance_payment_method": "fixed",
                "fixed_amount": round(order.amount_total * 0.3, 2),
            }
        )
        invoice = wizard._create_invoices(order)
        invoice.action_post()
        _register_payment(env, invoice)


def _register_payment(env, invoices, user=None):
    wizard = (
        env["account.payment.register"]
        .with_user(user or env.user)
        .with_context(active_model="account.move", active_ids=invoices.ids)
        .create({})
    )
    return wizard._create_payments()


# ----------------------------------------------------------------------
# renovation rows (ours)
# ----------------------------------------------------------------------
def build_renovation(registry, count, realistic, progress):
    specs = project_specs(count)
    with registry.cursor() as cr:
        env = env_for(cr, FILLER_CONTEXT)
        team = _create_team(env)
        cr.commit()
        progress(f"renovation: {sum(len(users) for users in team.values())} staff, 3 studios")
        projects = _convert_contracts(env, specs, team, progress)
        progress(f"renovation: {len(projects)} contracts and projects")
        forms = _create_forms(env, specs, projects, progress)
        progress(f"renovation: {forms} forms with their signatures")
        inspections = _create_inspections(env, specs, projects, team, progress)
        progress(f"renovation: {inspections} inspections")
        cards = _create_warranty_cards(env, specs, projects)
        progress(f"renovation: {cards} warranty cards, one callback due each")
        _create_portal_user(env, projects)
        cr.commit()
        _renovation_realistic_flows(cr, team, realistic, progress)
        cr.commit()
        progress(f"renovation: {realistic} projects through the real flows")


def _create_team(env):
    """The company's staff with their groups, the company settings, three studios."""
    grp = "renovation_service.group_renovation_"
    roles = {
        "gm": (1, "manager", "总经理"),
        "manager": (1, "manager", "经理"),
        "statistician": (1, "user", "统计"),
        "collector": (1, "cash_collector", "财务"),
        "studio_manager": (3, "designer", "设计室经理"),
        "designer": (12, "designer", "设计师"),
        "advisor": (8, "user", "客户顾问"),
        "pm": (10, "project_manager", "项目经理"),
        "foreman": (20, "user", "工长"),
        "inspector": (6, "quality_inspector", "质检员"),
    }
    team = {}
    for role, (size, group, label) in roles.items():
        groups = env.ref(f"{grp}{group}")
        if role == "pm":
            groups |= env.ref("account.group_account_invoice")
        team[role] = env["res.users"].create(
            [
                {
                    "name": f"{label} {number + 1}",
                    "login": f"bench_{role}_{number + 1}",
                    "email": f"{role}{number + 1}@renovation.example.cn",
                    "groups_id": [Command.set(groups.ids)],
                }
                for number in range(size)
            ]
        )
    env.company.write(
        {
            "renovation_general_manager_id": team["gm"].id,
            "renovation_statistician_id": team["statistician"].id,
            # 财务 fills the 结算登记表 and issues the payment notices
            "renovation_finance_user_id": team["collector"].id,
        }
    )
    designers = team["designer"]
    team["studio"] = env["renovation.studio"].create(
        [
            {
                "name": f"Studio {code}",
                "code": code,
                "manager_id": team["studio_manager"][number].id,
                "assistant_ids": [Command.set(team["collector"].ids)],
                "designer_ids": [Command.set(designers[number::3].ids)],
            }
            for number, code in enumerate("ABC")
        ]
    )
    return team


def _team_of(team, spec):
    pick = spec["team"]
    studio = team["studio"][spec["studio"]]
    designers = team["designer"][spec["studio"] :: 3]
    return {
        "studio_id": studio.id,
        "designer_id": designers[pick % len(designers)].id,
        "advisor_id": team["advisor"][pick % len(team["advisor"])].id,
        "user_id": team["pm"][pick % len(team["pm"])].id,
        "foreman_id": team["foreman"][pick % len(team["foreman"])].id,
        "inspector_id": team["inspector"][pick % len(team["inspector"])].id,
        "statistician_id": team["statistician"].id,
    }


def _convert_contracts(env, specs, team, progress):
    """The standard orders become signed renovation contracts (numbers of the
    day per studio, payment plan, instalment invoices) and their projects
    renovation projects in the stage of their spec."""
    Order = env["sale.order"]
    orders = Order.search([("client_order_ref", "=like", "BENCH-%")], order="client_order_ref")
    assert len(orders) == len(specs), "the plain database does not hold the expected orders"
    invoices = {
        move.ref: move
        for move in env["account.move"].search(
            [("ref", "=like", "BENCH-%"), ("move_type", "=", "out_invoice")]
        )
    }
    stage_ids = {name: env.ref(f"renovation_service.stage_{name}").id for name, _s, _a in STAGES}
    standard = env["project.project"]._quality_current_standard(env.company)
    # contract numbers: studio letter + date + that studio's sequence of the day
    per_day = defaultdict(int)
    project_ids = []
    ids_by_stage = defaultdict(list)
    plan_rows = []
    for batch_specs, batch_orders in zip(chunks(specs), chunks(orders), strict=True):
        batch_orders.write({"ack_client_costs": True, "ack_no_structural_change": True, **ANNEXES})
        for spec, order in zip(batch_specs, batch_orders, strict=True):
            members = _team_of(team, spec)
            studio = team["studio"][spec["studio"]]
            per_day[studio.code, spec["contract_date"]] += 1
            number = "%s%s%02d" % (
                studio.code,
                spec["contract_date"].strftime("%y%m%d"),
                per_day[studio.code, spec["contract_date"]],
            )
            site = f"上海市{spec['district']}锦绣路 {spec['index'] % 900 + 1} 弄 {spec['index']} 室"
            order.write(
                {
                    "studio_id": members["studio_id"],
                    "designer_id": members["designer_id"],
                    "user_id": members["advisor_id"],
                    "site_address": site,
                    "house_type": spec["house_type"],
                    "house_area": spec["house_area"],
                    "contract_number": number,
                    "contract_date": spec["contract_date"],
                    "contract_amount": order.amount_untaxed,
                    "contract_total": order.amount_total,
                }
            )
            for sequence, (kind, percent, due_days) in enumerate(INSTALMENTS, start=1):
                invoice = invoices.get(f"{spec['ref']}-{kind}")
                plan_rows.append(
                    {
                        "order_id": order.id,
                        "sequence": sequence * 10,
                        "instalment_type": kind,
                        "percent": percent,
                        "due_days": due_days,
                        "invoice_id": invoice.id if invoice else False,
                        "trigger_date": invoice.invoice_date if invoice else False,
                    }
                )
            project = order.project_id
            project.write(
                {
                    **members,
                    "is_renovation": True,
                    "contract_id": order.id,
                    "site_address": site,
                    "house_type": spec["house_type"],
                    "house_area": spec["house_area"],
                    "quality_standard_id": standard.id,
                    "midterm_settlement_date": spec["midterm_date"],
                    "completion_acceptance_date": spec["completion_date"],
                    "name": f"{number} {order.partner_id.name}",
                }
            )
            order.renovation_project_id = project
            project_ids.append(project.id)
            ids_by_stage[spec["stage"]].append(project.id)
        env.flush_all()
        env.cr.commit()
        env.invalidate_all()
        progress(f"renovation: {len(project_ids)}/{len(specs)} contracts converted")
    for batch in chunks(plan_rows, 3 * CHUNK):
        lines = env["renovation.payment.plan.line"].create(batch)
        env.flush_all()
        # the invoice's link back to its instalment: a plain column, set with SQL
        # (an ORM write on each posted invoice costs 20 ms of account.move checks)
        pairs = [(line.id, line.invoice_id.id) for line in lines if line.invoice_id]
        if pairs:
            env.cr.execute(
                SQL(
                    "UPDATE account_move m SET renovation_instalment_id = v.line "
                    "FROM (VALUES %s) AS v(line, id) WHERE m.id = v.id",
                    SQL(", ").join(SQL("%s", pair) for pair in pairs),
                )
            )
        env.cr.commit()
        env.invalidate_all()
    # filler: the stage of the spec, without the gate checks of ``write``
    for name, stage_id in stage_ids.items():
        if ids := ids_by_stage[name]:
            env.cr.execute(
                SQL(
                    "UPDATE project_project SET stage_id = %s WHERE id IN %s",
                    stage_id,
                    tuple(ids),
                )
            )
    env.cr.commit()
    env.invalidate_all()
    return env["project.project"].browse(project_ids)


def _create_forms(env, specs, projects, progress):
    """The signed forms of every gate a project passed, and the forms of its
    next gate: signed for every other project, otherwise waiting for the
    client's signature (staff slots signed). The
    signature slots are filler rows inserted with SQL (no image, no mail)."""
    form_types = {t.code: t for t in env["renovation.form.type"].search([])}
    # the benchmark writes as superuser: the guarded fields (state, signed on) are its to set
    stage_names = [name for name, _s, _a in STAGES]
    yesterday = datetime.combine(today() - timedelta(days=1), dt_time(15))
    todo = []  # (spec, project, form type, state, signed on)
    for spec, project in zip(specs, projects, strict=True):
        start = datetime.combine(spec["contract_date"], dt_time(15))
        for stage, codes in FORMS_BY_STAGE.items():
            when = min(start + timedelta(days=FORM_DAYS[stage]), yesterday)
            state = "signed" if spec["level"] >= STAGE_INDEX[stage] else None
            if not state and stage in stage_names[spec["level"] + 1 : spec["level"] + 2]:
                # the next gate's forms: every other project has them signed already
                # (ready to move on), the others wait for the client
                state = "signed" if spec["index"] % 2 == 0 else "waiting"
            todo += [(spec, project, form_types[code], state, when) for code in codes if state]
    total = 0
    for batch in chunks(todo, 2 * CHUNK):
        forms = (
            env["renovation.form"]
            .sudo()
            .create([{"form_type_id": row[2].id, "project_id": row[1].id} for row in batch])
        )
        signature_rows = []
        for form, (_spec, project, form_type, state, when) in zip(forms, batch, strict=True):
            form.sudo().write({"state": state, "signed_on": when if state == "signed" else False})
            roles = form_type.role_ids
            # a waiting form waits for the client (or, without one, for its last signer)
            pending = roles.filtered("is_client")[:1] or roles[-1:]
            for sequence, role in enumerate(roles, start=1):
                signer = role._signer_of(project)
                signed = state == "signed" or role != pending
                signature_rows.append(
                    (
                        form.id,
                        sequence * 10,
                        role.id,
                        signer.id if role.is_client else signer.partner_id.id,
                        None if role.is_client else signer.id,
                        signer.name if signed else None,
                        when if signed else None,
                        signed,
                    )
                )
        env.flush_all()
        env.cr.execute(
            SQL(
                """INSERT INTO renovation_form_signature
                   (form_id, sequence, role_id, partner_id, user_id, signed_name, signed_on,
                    is_signed, create_uid, create_date, write_uid, write_date)
                   SELECT r.*, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
                   FROM (VALUES %s) AS r""",
                SUPERUSER_ID,
                SUPERUSER_ID,
                SQL(", ").join(SQL("%s", row) for row in signature_rows),
            )
        )
        env.cr.commit()
        env.invalidate_all()
        total += len(forms)
        if total // (10 * CHUNK) != (total - len(forms)) // (10 * CHUNK):
            progress(f"renovation: {total}/{len(todo)} forms")
    return total


def _create_inspections(env, specs, projects, team, progress):
    """Completed inspections (all checks passed): materials entry once the
    works started, hidden works once past the mid-term (linked to its signed
    hidden-works form)."""
    Inspection = env["renovation.quality.inspection"]
    standard = env["project.project"]._quality_current_standard(env.company)
    checklists = {c.node: c for c in standard.checklist_ids}
    hidden_forms = {
        form.project_id.id: form.id
        for form in env["renovation.form"].search(
            [("form_type_code", "=", "hidden_works"), ("state", "=", "signed")]
        )
    }
    todo = []
    for spec, project in zip(specs, projects, strict=True):
        if spec["level"] >= STAGE_INDEX["construction"]:
            todo.append((spec, project, "material_entry", 35))
        if spec["level"] >= STAGE_INDEX["midterm"]:
            todo.append((spec, project, "hidden_works", 45))
    total = 0
    for batch in chunks(todo):
        vals_list = []
        for spec, project, node, offset in batch:
            checklist = checklists[node]
            members = _team_of(team, spec)
            vals_list.append(
                {
                    "project_id": project.id,
                    "node": node,
                    "checklist_id": checklist.id,
                    "inspector_id": members["inspector_id"],
                    "foreman_id": members["foreman_id"],
                    "date": spec["contract_date"] + timedelta(days=offset),
                    "form_id": hidden_forms.get(project.id) if node == "hidden_works" else False,
                    "line_ids": [
                        Command.create({"clause_id": clause.id, "sequence": seq, "result": "pass"})
                        for seq, clause in enumerate(checklist.clause_ids, start=1)
                    ],
                }
            )
        inspections = Inspection.create(vals_list)
        inspections.write({"state": "done"})
        for inspection in inspections:
            inspection.done_on = datetime.combine(inspection.date, dt_time(16))
        env.flush_all()
        env.cr.commit()
        env.invalidate_all()
        total += len(inspections)
        if total % (10 * CHUNK) == 0:
            progress(f"renovation: {total}/{len(todo)} inspections")
    return total


def _create_warranty_cards(env, specs, projects):
    """A card per handed-over project, from its acceptance date. Each card's
    next callback is its latest plan date up to today: every running card has
    exactly one callback due (the cron's worst day: it had not run for a
    whole callback interval)."""
    Card = env["renovation.warranty.card"]
    scopes = env["renovation.warranty.scope"]._default_scopes_for(env.company)
    day = today()
    todo = [
        (spec, project)
        for spec, project in zip(specs, projects, strict=True)
        if spec["level"] >= STAGE_INDEX["delivered"]
    ]
    total = 0
    for batch in chunks(todo):
        cards = Card.create(
            [
                {
                    "project_id": project.id,
                    "start_date": spec["completion_date"],
                    "issue_date": spec["completion_date"] + timedelta(days=3),
                    "line_ids": [
                        Command.create({"scope_id": s.id, "warranty_months": s.warranty_months})
                        for s in scopes
                    ],
                }
                for spec, project in batch
            ]
        )
        arm_callbacks(cards, day)
        env.flush_all()
        env.cr.commit()
        env.invalidate_all()
        total += len(cards)
    return total


def arm_callbacks(cards, day):
    """Each running card's next callback: its latest plan date up to ``day``
    (one callback due per card)."""
    next_dates = {}
    for card in cards:
        last = False
        for when, _months in card._iter_callback_plan():
            if when > day:
                break
            last = when
        next_dates[card] = last if last and card.end_date >= day else False
    cards._write_callback_next_dates(next_dates)


def vacuum_analyze(odoo, db_name, tables=()):
    """What autovacuum does on a live database: after millions of rows
    written in an hour, the planner gets fresh statistics and the updated
    tables lose their dead rows (otherwise the copy with our addons, whose
    rows were rewritten, would be measured bloated). ``tables``: only these
    (all by default)."""
    with odoo.sql_db.db_connect(db_name).cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("VACUUM ANALYZE %s", SQL(", ").join(map(SQL.identifier, tables))))


def _create_portal_user(env, projects):
    """The measured client (owner of the first projects) gets a portal login."""
    partner = projects[:1].partner_id
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "name": partner.name,
            "login": PORTAL_LOGIN,
            "password": PORTAL_PASSWORD,
            "partner_id": partner.id,
            "groups_id": [Command.set(env.ref("base.group_portal").ids)],
        }
    )


# ----------------------------------------------------------------------
# realistic renovation flows
# ----------------------------------------------------------------------
def one_page_pdf():
    """A valid one-page PDF: what wkhtmltopdf is replaced by while building."""
    from io import BytesIO  # noqa: PLC0415

    from reportlab.pdfgen import canvas  # noqa: PLC0415

    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "renovation benchmark form")
    page.showPage()
    page.save()
    return buffer.getvalue()


def signature_png():
    import base64  # noqa: PLC0415
    from io import BytesIO  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    buffer = BytesIO()
    Image.new("RGB", (60, 20), "white").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def _renovation_realistic_flows(cr, team, count, progress):
    """``count`` contracts signed and run as the people who do it:
    70 % move into construction (hand-over forms signed, first payment in),
    50 % get their mid-term settlement, 30 % are accepted, paid in full and
    get their warranty card."""
    from odoo.addons.base.models.ir_actions_report import IrActionsReport  # noqa: PLC0415

    pdf = one_page_pdf()
    signature = signature_png()
    env = env_for(cr)
    construction = env.ref("renovation_service.stage_construction")
    works = env.ref("renovation_service.product_renovation_works")
    clients = env["res.partner"].create(
        [
            {"name": f"真实流程客户 {index:03d}", "email": f"real{index:03d}@example.cn"}
            for index in range(count)
        ]
    )
    with (
        mock.patch.object(IrActionsReport, "get_wkhtmltopdf_state", lambda self: "ok"),
        mock.patch.object(IrActionsReport, "_run_wkhtmltopdf", lambda *a, **k: pdf),
    ):
        for index, client in enumerate(clients):
            spec = {"studio": index % 3, "team": index * 7}
            members = _team_of(team, spec)
            advisor = env["res.users"].browse(members["advisor_id"])
            order = (
                env["sale.order"]
                .with_user(advisor)
                .create(
                    {
                        "partner_id": client.id,
                        "studio_id": members["studio_id"],
                        "designer_id": members["designer_id"],
                        "site_address": f"杭州市西湖区文三路 {index + 1} 号",
                        "house_type": "apartment",
                        "house_area": 89.0,
                        "ack_client_costs": True,
                        "ack_no_structural_change": True,
                        **ANNEXES,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": works.id,
                                    "name": "全包施工",
                                    "product_uom_qty": 1,
                                    "price_unit": 100000.0 + 1000 * index,
                                }
                            )
                        ],
                    }
                )
            )
            order.action_confirm()
            project = order.renovation_project_id
            project.write({key: members[key] for key in ("user_id", "foreman_id", "inspector_id")})
            collector = team["collector"]
            pm = project.user_id
            if index % 10 < 7:
                _pay_instalment(env, order, "first", collector)
                for code in (
                    "design_handover_1",
                    "foreman_commitment",
                    "onsite_handover",
                    "site_condition_handover",
                ):
                    _sign_form(env, project, code, signature)
                project.with_user(pm).write({"stage_id": construction.id})
                env["renovation.quality.inspection"].with_user(
                    env["res.users"].browse(members["inspector_id"])
                ).create({"project_id": project.id, "node": "hidden_works"})
            if index % 10 < 5:
                project.with_user(pm).action_midterm_settlement()
                _pay_instalment(env, order, "midterm", collector)
            if index % 10 < 3:
                project.with_user(pm).action_completion_acceptance()
                _pay_instalment(env, order, "final", collector)
                assert project.warranty_card_ids, "paying the final instalment issues the card"
            cr.commit()
            if (index + 1) % 10 == 0:
                progress(f"renovation: {index + 1}/{count} real flows")


def _pay_instalment(env, order, kind, collector):
    line = order.payment_plan_line_ids.filtered(lambda p: p.instalment_type == kind)
    _register_payment(env, line.invoice_id, user=collector)


def _sign_form(env, project, code, signature):
    form = (
        env["renovation.form"]
        .with_user(project.user_id)
        ._create_from_source(project, code, project)
    )
    form.action_request_signatures()
    for slot in form.signature_ids:
        if slot.is_client:
            form.sudo()._sign_as_client(signature, project.partner_id.name, "127.0.0.1")
        else:
            slot.with_user(slot.user_id).action_sign(signature, slot.user_id.name)
    assert form.state == "signed", f"{code} not signed"
    return form
