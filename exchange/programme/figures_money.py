"""The dashboard's agreement and money figures, the money read from the ledger's tables
with SQLAlchemy Core. Agreements and beneficiaries are tied to their ledger accounts by
ref ('A0012', 'B0042'), the refs built in SQL from the ids.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from exchange.achievements.models import Achievement
from exchange.agreements.kinds import AgreementState, DealType
from exchange.agreements.models import (
    Agreement,
    AgreementVersion,
    Beneficiary,
    ContractRegistration,
)
from exchange.extensions import db
from exchange.programme import figures
from exchange.reference.models import District, Industry
from exchange.studios.models import Studio
from ledger import core, schema
from ledger.core import DEFAULT_CURRENCY, AccountKind

ACCOUNTS, TRANSACTIONS, POSTINGS = schema.accounts, schema.transactions, schema.postings
CASH_KINDS = ("receipt", "payout")
# An agreement activated in the year still counts after it was completed or terminated.
ACTIVATED_STATES = (AgreementState.ACTIVE, AgreementState.COMPLETED, AgreementState.TERMINATED)


def agreement_terms(f: figures.Filters) -> list:
    """Agreements whose achievement is in the industry and whose studio is in the district.
    The achievement's industry is looked up per agreement (a scalar subquery, which no
    planner turns into a scan of every achievement): few agreements, many achievements."""
    terms = []
    if f.industry:
        industry = (select(Achievement.industry_code)
                    .where(Achievement.id == Agreement.achievement_id).scalar_subquery())
        terms.append(figures.industry_match(industry, f.industry))
    if f.district:
        terms.append(Agreement.studio_id.in_(figures.studio_ids(f, industry=False)))
    return terms


def agreements_by_deal_type(f: figures.Filters) -> dict[str, int]:
    """Deal type value -> agreements activated in the year, by the deal type of their
    latest approved version (an amendment may change it)."""
    latest = (select(AgreementVersion.agreement_id,
                     func.max(AgreementVersion.number).label("number"))
              .where(AgreementVersion.approved_at.is_not(None))
              .group_by(AgreementVersion.agreement_id).subquery())
    rows = db.session.execute(
        select(AgreementVersion.deal_type, func.count())
        .select_from(Agreement)
        .join(latest, latest.c.agreement_id == Agreement.id)
        .join(AgreementVersion, and_(AgreementVersion.agreement_id == Agreement.id,
                                     AgreementVersion.number == latest.c.number))
        .where(Agreement.state.in_(ACTIVATED_STATES), *agreement_terms(f),
               *figures.in_period(Agreement.activated_at, figures.year_bounds(f.year)))
        .group_by(AgreementVersion.deal_type))
    result = dict.fromkeys((d.value for d in DealType), 0)
    for deal_type, n in rows:
        result[DealType(deal_type).value] = int(n)
    return result


@dataclass(frozen=True)
class Contracts:
    """技术合同: agreements in force in the year and their price (成交额), and the
    registrations recorded in the year with their technology-transaction amount."""

    count: int
    turnover: int  # fen: the price of the first terms in force; royalty-only deals add 0
    registered: int
    registered_amount: int  # fen


def _first_terms():
    """Each agreement's first approved version number: the price it was made at."""
    return (select(AgreementVersion.agreement_id,
                   func.min(AgreementVersion.number).label("number"))
            .where(AgreementVersion.approved_at.is_not(None))
            .group_by(AgreementVersion.agreement_id).subquery())


def _contract_cells(f: figures.Filters) -> dict[tuple[str, str], list[int]]:
    """{(district code, industry section): [contracts, turnover, registered, amount]} for
    the year, the filters' district and industry: two grouped queries, summed by area in
    Python (an agreement has one studio and one achievement, so no cell counts twice)."""
    area = (District.code, Industry.section)
    # Aliased: agreement_terms' industry filter correlates its own Achievement subquery.
    subject = aliased(Achievement)

    def joined(query):
        return (query.join(Studio, Studio.id == Agreement.studio_id)
                .join(District, District.id == Studio.district_id)
                .join(subject, subject.id == Agreement.achievement_id)
                .join(Industry, Industry.code == subject.industry_code)
                .group_by(*area))

    first = _first_terms()
    made = joined(
        select(*area, func.count(), func.coalesce(func.sum(AgreementVersion.consideration_fen), 0))
        .select_from(Agreement)
        .join(first, first.c.agreement_id == Agreement.id)
        .join(AgreementVersion, and_(AgreementVersion.agreement_id == Agreement.id,
                                     AgreementVersion.number == first.c.number))
        .where(Agreement.state.in_(ACTIVATED_STATES), *agreement_terms(f),
               *figures.in_period(Agreement.activated_at, figures.year_bounds(f.year))))
    registered = joined(
        select(*area, func.count(), func.coalesce(func.sum(
            ContractRegistration.transaction_amount_fen), 0))
        .select_from(ContractRegistration)
        .join(Agreement, Agreement.id == ContractRegistration.agreement_id)
        .where(*agreement_terms(f), ContractRegistration.registered_on >= date(f.year, 1, 1),
               ContractRegistration.registered_on < date(f.year + 1, 1, 1)))
    cells: dict[tuple[str, str], list[int]] = {}
    for district, section, count, amount in db.session.execute(made):
        cells[(district, section)] = [int(count), int(amount), 0, 0]
    for district, section, count, amount in db.session.execute(registered):
        cells.setdefault((district, section), [0, 0, 0, 0])[2:] = [int(count), int(amount)]
    return cells


@dataclass(frozen=True)
class ContractFigures:
    total: Contracts
    by_district: list[tuple[str, Contracts]]  # district code, largest turnover first
    by_section: list[tuple[str, Contracts]]  # industry section letter


def contract_figures(f: figures.Filters) -> ContractFigures:
    cells = _contract_cells(f)

    def summed(index: int | None) -> dict:
        totals: dict = {}
        for key, values in cells.items():
            group = totals.setdefault(None if index is None else key[index], [0, 0, 0, 0])
            for i, value in enumerate(values):
                group[i] += value
        return {k: Contracts(*v) for k, v in totals.items()}

    def ranked(index: int) -> list[tuple[str, Contracts]]:
        return sorted(summed(index).items(),
                      key=lambda item: (-item[1].turnover, -item[1].registered_amount, item[0]))

    return ContractFigures(summed(None).get(None, Contracts(0, 0, 0, 0)), ranked(0), ranked(1))


@dataclass(frozen=True)
class MoneyMonth:
    month: int  # 1..12
    received: int  # fen received in the month, reversed receipts left out
    allocated: int  # fen allocated to beneficiaries by those receipts
    paid: int  # fen paid out in the month, reversed payouts left out
    payable: int  # fen payable at the end of the month


def ref_of(prefix: str, id_column):
    """SQL for f"{prefix}{id:04d}", the ref a ledger account carries for that id."""
    pad = case((id_column < 10, "000"), (id_column < 100, "00"), (id_column < 1000, "0"),
               else_="")
    return literal(prefix, String) + pad + cast(id_column, String)


def account_terms(f: figures.Filters) -> tuple[list, list]:
    """WHERE terms on ledger accounts for (the CNY revenue accounts of the matching
    agreements, the CNY payable accounts of their beneficiaries of every approved
    version): every receipt posts to the first, every payout to the second. One kind
    each, so that the planners estimate each set on its own. The matching agreements
    are a CTE: worked out once where both sets are read."""
    agreements = select(Agreement.id).where(*agreement_terms(f)).cte("matching")
    people = (select(ref_of("B", Beneficiary.id))
              .join(AgreementVersion, AgreementVersion.id == Beneficiary.version_id)
              .where(AgreementVersion.agreement_id.in_(select(agreements.c.id))))
    cny = ACCOUNTS.c.currency == DEFAULT_CURRENCY
    return ([ACCOUNTS.c.kind == AccountKind.REVENUE.value, cny,
             ACCOUNTS.c.ref.in_(select(ref_of("A", agreements.c.id)))],
            [ACCOUNTS.c.kind == AccountKind.PAYABLE.value, cny, ACCOUNTS.c.ref.in_(people)])


def _cash_legs(clearing: int, first: int, accounts: tuple[list, list] | None) -> list:
    """Selects of (transaction_id, amount): the one leg per receipt or payout that carries
    its cash, read from the postings' indexes by account. Unfiltered (no `accounts`): the
    clearing account's legs (debited by receipts, credited by payouts). Filtered, with
    account_terms: the matching agreements' revenue legs (credited by their receipts) and
    their beneficiaries' payable debits (made by payouts; receipts credit payables), which
    the partial index of debit legs holds on their own."""
    p = POSTINGS
    legs = select(p.c.transaction_id, p.c.amount).where(p.c.transaction_id >= first)
    if accounts is None:
        return [legs.where(p.c.account_id == clearing)]
    revenue, payables = accounts
    # A literal, so that SQLite sees the partial index's predicate.
    debit = p.c.amount > literal_column("0")
    return [legs.where(p.c.account_id.in_(select(ACCOUNTS.c.id).where(*revenue))),
            legs.where(p.c.account_id.in_(select(ACCOUNTS.c.id).where(*payables)), debit)]


def _month_of(day, days: list):
    """SQL: 1..12 for a day in the year of `days` (figures.month_days), 13 after it."""
    return case(*((day < days[m], m) for m in range(1, 13)), else_=13)


def money_by_month(f: figures.Filters) -> list[MoneyMonth]:
    """12 rows for the year, in CNY fen. With district/industry filters only the receipts
    of the matching agreements and the payouts to their beneficiaries count.

    Each receipt and payout is read by its one cash leg (`_cash_legs`). A receipt
    allocates all it receives among the beneficiaries (ledger.builders.receipt; `ledger
    check` reports a receipt that does not: receipt_unallocated), so "allocated" is the
    money received, and the payables grow by it. A reversed transaction and its reversal
    are left out altogether, as if neither had happened."""
    t = TRANSACTIONS
    days = figures.month_days(f.year)
    dated = [t.c.kind.in_(CASH_KINDS), t.c.occurred_on >= days[0]]
    # Ids follow the order entries were made, so the legs from the first of these
    # transactions on are about all a planner has to read (correct in any order). Per
    # kind, then the least: a bare min(id) would walk the primary key from the start.
    firsts = select(func.min(t.c.id).label("id")).where(*dated).group_by(t.c.kind).subquery()
    clearing, first = db.session.execute(select(
        select(ACCOUNTS.c.id).where(ACCOUNTS.c.name == core.clearing().name).scalar_subquery(),
        select(func.min(firsts.c.id)).scalar_subquery())).one()
    accounts = account_terms(f) if f.district or f.industry else None
    payables = accounts[1] if accounts else []
    # Today's payable is the accounts' cached balance (net of reversals, which cancel);
    # walking back from it needs only what was dated after each month. In the statement
    # that sums the months, so that the matching agreements are worked out once.
    parts = [select(literal("now").label("kind"), literal(0).label("month"),
                    func.coalesce(func.sum(ACCOUNTS.c.balance), 0).label("fen"))
             .where(ACCOUNTS.c.kind == AccountKind.PAYABLE.value,
                    ACCOUNTS.c.currency == DEFAULT_CURRENCY, *payables)]
    if clearing is not None and first is not None:
        selects = _cash_legs(clearing, first, accounts)
        legs = (union_all(*selects) if len(selects) > 1 else selects[0]).subquery()
        reversed_ = select(t.c.reverses_id).where(t.c.kind == "reversal",
                                                  t.c.reverses_id >= first)
        month = _month_of(t.c.occurred_on, days)
        parts.append(select(t.c.kind, month, func.sum(func.abs(legs.c.amount)))
                     .select_from(legs).join(t, t.c.id == legs.c.transaction_id)
                     .where(*dated, t.c.id.not_in(reversed_)).group_by(t.c.kind, month))
    sums = {(kind, int(m)): int(fen) for kind, m, fen in db.session.execute(union_all(*parts))}
    payable = sums.pop(("now", 0))
    received = [sums.get(("receipt", m), 0) for m in range(14)]
    paid = [sums.get(("payout", m), 0) for m in range(14)]
    payable += paid[13] - received[13]
    rows = []
    for m in range(12, 0, -1):
        rows.append(MoneyMonth(m, received[m], received[m], paid[m], payable))
        payable -= received[m] - paid[m]
    return rows[::-1]
