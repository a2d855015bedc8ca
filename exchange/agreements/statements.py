"""What the ledger says about agreements, beneficiaries and studios, read with SQL
aggregates over the ledger's tables (balances are cached per account by its triggers).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination

from exchange.agreements.kinds import AgreementState
from exchange.agreements.models import Agreement, AgreementVersion, Beneficiary
from exchange.extensions import db
from exchange.pagination import checked
from ledger import schema
from ledger.core import AccountKind

ACCOUNTS, TRANSACTIONS, POSTINGS = schema.accounts, schema.transactions, schema.postings


class RowPagination(SelectPagination):
    """Flask-SQLAlchemy's pagination over a Core select that yields rows, not entities."""

    def _query_items(self) -> list:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(select))


def paginate_rows(select, page: int, per_page: int) -> RowPagination:
    return checked(RowPagination(select=select, session=db.session, page=page,
                                 per_page=per_page, error_out=False, count=True))


@dataclass(frozen=True)
class Share:
    beneficiary: Beneficiary
    allocated: int
    paid: int
    payable: int


def balances(kind: AccountKind, refs) -> dict[str, int]:
    refs = list(refs)
    if not refs:
        return {}
    rows = db.session.execute(sa.select(ACCOUNTS.c.ref, ACCOUNTS.c.balance).where(
        ACCOUNTS.c.kind == kind.value, ACCOUNTS.c.ref.in_(refs)))
    return dict(rows.all())


def shares(beneficiaries) -> list[Share]:
    """Allocated, paid and payable per beneficiary: paid is allocated less payable."""
    people = list(beneficiaries)
    codes = [b.code for b in people]
    allocated = balances(AccountKind.SHARE, codes)
    payable = balances(AccountKind.PAYABLE, codes)
    return [Share(b, allocated.get(b.code, 0), allocated.get(b.code, 0) - payable.get(b.code, 0),
                  payable.get(b.code, 0)) for b in people]


def revenue(agreement: Agreement) -> int:
    """Received under the agreement, net of reversed receipts."""
    return balances(AccountKind.REVENUE, [agreement.code]).get(agreement.code, 0)


def latest_rows(rows) -> list[Beneficiary]:
    """One row per person (per ledger account): the row of the latest version that named
    them, in the order they were first named."""
    found: dict[str, Beneficiary] = {}
    for row in sorted(rows, key=lambda b: (b.version.number, b.position)):
        found[row.code] = row
    return list(found.values())


def approved_beneficiaries(agreement: Agreement) -> list[Beneficiary]:
    """Everyone named in an approved version, once each (an amendment keeps a person's
    accounts, so their money is on one row)."""
    return latest_rows(b for v in agreement.versions if v.approved_at is not None
                       for b in v.beneficiaries)


def agreement_refs(agreement: Agreement) -> list[str]:
    return [agreement.code] + [b.code for b in approved_beneficiaries(agreement)]


def agreement_transactions(agreement: Agreement):
    """Every ledger transaction touching the agreement's accounts, newest first, with
    the cash it moved (the clearing posting) and whether it was reversed."""
    touched = (sa.select(POSTINGS.c.transaction_id)
               .join(ACCOUNTS, ACCOUNTS.c.id == POSTINGS.c.account_id)
               .where(ACCOUNTS.c.ref.in_(agreement_refs(agreement))))
    clearing = (sa.select(sa.func.coalesce(sa.func.sum(POSTINGS.c.amount), 0))
                .join(ACCOUNTS, ACCOUNTS.c.id == POSTINGS.c.account_id)
                .where(POSTINGS.c.transaction_id == TRANSACTIONS.c.id,
                       ACCOUNTS.c.kind == AccountKind.CLEARING.value)
                .scalar_subquery())
    reversal = TRANSACTIONS.alias("reversal")
    reversed_by = (sa.select(reversal.c.id).where(reversal.c.reverses_id == TRANSACTIONS.c.id)
                   .scalar_subquery())
    return (sa.select(TRANSACTIONS.c.id, TRANSACTIONS.c.idempotency_key.label("key"),
                      TRANSACTIONS.c.kind, TRANSACTIONS.c.occurred_on,
                      TRANSACTIONS.c.narration, TRANSACTIONS.c.reference,
                      TRANSACTIONS.c.reverses_id, TRANSACTIONS.c.created_at,
                      clearing.label("cash"), reversed_by.label("reversed_by"))
            .where(TRANSACTIONS.c.id.in_(touched))
            .order_by(TRANSACTIONS.c.id.desc()))


@dataclass(frozen=True)
class Totals:
    revenue: int = 0
    allocated: int = 0
    paid: int = 0
    payable: int = 0


def totals(rows: list[Share], revenue_fen: int = 0) -> Totals:
    return Totals(revenue_fen, sum(r.allocated for r in rows), sum(r.paid for r in rows),
                  sum(r.payable for r in rows))


def for_user(user_id: int) -> list[tuple[Agreement, list[Share]]]:
    """A person's statement: their shares, per agreement, one row per share however many
    versions named them."""
    people = db.session.execute(
        db.select(Beneficiary).join(AgreementVersion)
        .where(Beneficiary.user_id == user_id, AgreementVersion.approved_at.is_not(None))
        .order_by(AgreementVersion.agreement_id, AgreementVersion.number, Beneficiary.position)
    ).scalars().all()
    grouped: dict[int, list[Share]] = defaultdict(list)
    agreements: dict[int, Agreement] = {}
    for share in shares(latest_rows(people)):
        agreement = share.beneficiary.version.agreement
        agreements[agreement.id] = agreement
        grouped[agreement.id].append(share)
    return [(agreements[i], grouped[i]) for i in sorted(grouped, reverse=True)]


@dataclass(frozen=True)
class StudioLine:
    agreement: Agreement
    totals: Totals


def for_studio(studio_id: int) -> list[StudioLine]:
    agreements = db.session.execute(
        db.select(Agreement).where(Agreement.studio_id == studio_id,
                                   Agreement.state != AgreementState.NEGOTIATING)
        .order_by(Agreement.id.desc())).scalars().all()
    lines = []
    for agreement in agreements:
        rows = shares(approved_beneficiaries(agreement))
        lines.append(StudioLine(agreement, totals(rows, revenue(agreement))))
    return lines


def trial_balance_select():
    """Every account with its raw balance (positive: debit, negative: credit)."""
    raw = (ACCOUNTS.c.balance * ACCOUNTS.c.normal).label("raw")
    return (sa.select(ACCOUNTS.c.name, ACCOUNTS.c.kind, ACCOUNTS.c.ref, ACCOUNTS.c.currency, raw)
            .order_by(ACCOUNTS.c.kind, ACCOUNTS.c.name))


def trial_balance() -> list:
    return db.session.execute(trial_balance_select()).all()


def trial_balance_totals() -> list:
    """Debits and credits per account kind and currency; over all kinds they are equal."""
    raw = ACCOUNTS.c.balance * ACCOUNTS.c.normal
    return db.session.execute(
        sa.select(ACCOUNTS.c.kind, ACCOUNTS.c.currency,
                  sa.func.count().label("accounts"),
                  sa.func.sum(sa.case((raw > 0, raw), else_=0)).label("debit"),
                  sa.func.sum(sa.case((raw < 0, -raw), else_=0)).label("credit"))
        .group_by(ACCOUNTS.c.kind, ACCOUNTS.c.currency)
        .order_by(ACCOUNTS.c.currency, ACCOUNTS.c.kind)).all()


def holders(refs) -> dict[str, str]:
    """Who an account belongs to, for the refs shown on a page: 'A0012' -> the agreement's
    achievement and code, 'B0042' -> the beneficiary and their agreement."""
    ids = {"A": set(), "B": set()}
    for ref in refs:
        if ref and ref[0] in ids and ref[1:].isdigit():
            ids[ref[0]].add(int(ref[1:]))
    names = {}
    if ids["A"]:
        for agreement in db.session.execute(
                db.select(Agreement).where(Agreement.id.in_(ids["A"]))).scalars():
            names[agreement.code] = f"{agreement.achievement.title} · {agreement.code}"
    if ids["B"]:
        people = db.session.execute(db.select(Beneficiary).where(sa.or_(
            Beneficiary.id.in_(ids["B"]), Beneficiary.holder_id.in_(ids["B"])))).scalars()
        for person in latest_rows(people):  # the name the latest version gives
            names[person.code] = f"{person.name} · {person.version.agreement.code}"
    return names
