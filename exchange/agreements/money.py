"""Money under an agreement: receipts, payouts, reversals and royalty reports.

The ledger (`ledger/`) holds the money; this module turns a staff member's form into
ledger transactions. Every write carries the form's idempotency key, so a double click
or a retried request posts once. Flush only; the request commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from exchange.access.agreements import can_record_money
from exchange.agreements import statements
from exchange.agreements.events import record, tell
from exchange.agreements.kinds import AgreementState, InstallmentKind
from exchange.agreements.models import Agreement, Beneficiary, Installment
from exchange.agreements.schedule import royalty_due
from exchange.audit import services as audit
from exchange.db_types import local_today, utcnow
from exchange.extensions import db
from exchange.money import format_yuan
from exchange.services_base import DomainError, Refused
from ledger import core, schema, store
from ledger.errors import (
    AlreadyReversed,
    IdempotencyConflict,
    InsufficientBalance,
    LedgerError,
    UnknownTransaction,
)


@dataclass(frozen=True)
class Posted:
    transaction_id: int
    replayed: bool


def connection():
    return db.session.connection()


def open_accounts(agreement: Agreement, version) -> None:
    """At approval: the version's people keep the accounts an earlier version opened for
    them; newcomers get their own."""
    link_holders(agreement, version)
    conn = connection()
    store.open_account(conn, core.clearing())
    store.open_account(conn, core.revenue_account(agreement.id))
    for person in version.beneficiaries:
        store.open_account(conn, core.share_account(person.ledger_id))
        store.open_account(conn, core.payable_account(person.ledger_id))


def _same_person(earlier: Beneficiary, row: Beneficiary) -> bool:
    if earlier.kind != row.kind:
        return False
    if earlier.user_id and row.user_id:
        return earlier.user_id == row.user_id
    return earlier.name.strip() == row.name.strip()


def link_holders(agreement: Agreement, version) -> None:
    """Point each row of `version` at the same person's row in an earlier approved version
    (same kind, and the same account or else the same name), each at most once."""
    earlier = [b for v in sorted(agreement.versions, key=lambda v: v.number)
               if v.approved_at is not None and v.id != version.id for b in v.beneficiaries]
    taken: set[int] = set()
    for row in version.beneficiaries:
        match = next((b for b in reversed(earlier)
                      if b.ledger_id not in taken and _same_person(b, row)), None)
        if match is not None:
            row.holder_id = match.ledger_id
            taken.add(match.ledger_id)
    db.session.flush()


def _money_rules(agreement: Agreement, actor) -> None:
    if not can_record_money(actor):
        raise Refused("union staff record money")
    if agreement.state != AgreementState.ACTIVE:
        raise DomainError(_l("Money is recorded only on an active agreement."))


def _post(txn, short=None) -> Posted:
    try:
        result = store.post(connection(), txn)
    except IdempotencyConflict as exc:
        raise DomainError(_l("This form was already submitted with other values. Reload "
                             "the page and enter it again.")) from exc
    except InsufficientBalance as exc:
        raise DomainError(short or _l("That is more than is payable."), field="amount") \
            from exc
    except AlreadyReversed as exc:
        raise DomainError(_l("This entry has already been reversed.")) from exc
    except UnknownTransaction as exc:
        raise DomainError(_l("There is no such entry.")) from exc
    except LedgerError as exc:
        raise DomainError(_l("The ledger refused the entry: %(error)s", error=str(exc))) \
            from exc
    return Posted(result.id, result.replayed)


def record_receipt(agreement: Agreement, actor, *, key: str, amount_fen: int, on: date,
                   reference: str) -> Posted:
    """One balanced transaction: cash in, revenue of the agreement, and each
    beneficiary's share of this receipt (largest remainder, in agreement order)."""
    _money_rules(agreement, actor)
    version = agreement.in_force
    shares = [(b.ledger_id, b.share_bp) for b in version.beneficiaries]
    txn = core.receipt(key, on, amount_fen, agreement.id, shares, reference=reference,
                       narration=f"{agreement.code} 收款")
    posted = _post(txn)
    if not posted.replayed:
        record(agreement, actor, "receipt", f"¥{format_yuan(amount_fen)} {reference}")
        audit.record(actor, "money.receipt", "agreement", agreement.id, after={
            "transaction_id": posted.transaction_id, "key": key, "amount_fen": amount_fen,
            "on": on, "reference": reference})
        parts = dict(zip((b.ledger_id for b in version.beneficiaries),
                         core.allocate(amount_fen, [s for _, s in shares]), strict=True))
        for person in version.beneficiaries:
            if person.user_id and parts[person.ledger_id]:
                tell(agreement, actor, "share_allocated", user_ids={person.user_id},
                     amount=format_yuan(parts[person.ledger_id]))
    db.session.flush()
    return posted


def beneficiaries_of(agreement: Agreement) -> list[Beneficiary]:
    """Everyone named in an approved version, once each: someone an amendment left out
    may still have a payable to be paid."""
    return statements.approved_beneficiaries(agreement)


def record_payout(agreement: Agreement, actor, *, key: str, beneficiary_id: int,
                  amount_fen: int, on: date, reference: str) -> Posted:
    _money_rules(agreement, actor)
    # Any approved version's row names the person (their accounts are keyed by ledger_id).
    named = (b for v in agreement.versions if v.approved_at is not None
             for b in v.beneficiaries)
    person = next((b for b in named if b.id == beneficiary_id), None)
    if person is None:
        raise DomainError(_l("Choose a beneficiary of this agreement."),
                          field="beneficiary_id")
    # Checked here for a clear message; the database's CHECK is what holds under
    # concurrency (two payouts racing for the same payable).
    payable = store.balance(connection(), core.payable_account(person.ledger_id).name)
    if amount_fen > payable:
        raise DomainError(_l("That is more than is payable to %(name)s (¥%(payable)s).",
                             name=person.name, payable=format_yuan(payable)), field="amount")
    txn = core.payout(key, on, amount_fen, person.ledger_id, reference=reference,
                      narration=f"{agreement.code} 付款 {person.name}")
    posted = _post(txn)
    if not posted.replayed:
        record(agreement, actor, "payout",
               f"¥{format_yuan(amount_fen)} → {person.name} {reference}")
        audit.record(actor, "money.payout", "agreement", agreement.id, after={
            "transaction_id": posted.transaction_id, "key": key, "amount_fen": amount_fen,
            "on": on, "beneficiary_id": person.id, "beneficiary": person.name,
            "reference": reference})
        if person.user_id:
            tell(agreement, actor, "share_paid", user_ids={person.user_id},
                 amount=format_yuan(amount_fen))
    db.session.flush()
    return posted


def reverse(agreement: Agreement, actor, *, key: str, original_key: str, reason: str,
            on: date | None = None) -> Posted:
    _money_rules(agreement, actor)
    original = store.load_transaction(connection(), original_key)
    if original is None or not belongs_to(agreement, original_key):
        raise DomainError(_l("There is no such entry under this agreement."))
    if original.kind == "reversal":
        raise DomainError(_l("A reversal cannot itself be reversed; record the entry again."))
    txn = core.reversal(original, key, on or local_today(), f"冲销 {original.narration}：{reason}")
    posted = _post(txn, short=_l(
        "Reversing it would leave a beneficiary owing money back: part of it was already "
        "paid out. Reverse those payouts first."))
    if not posted.replayed:
        record(agreement, actor, "reversal", f"{original.narration}: {reason}")
        audit.record(actor, "money.reversal", "agreement", agreement.id,
                     before={"key": original_key, "kind": original.kind,
                             "narration": original.narration},
                     after={"transaction_id": posted.transaction_id, "key": key},
                     reason=reason)
    db.session.flush()
    return posted


def belongs_to(agreement: Agreement, key: str) -> bool:
    query = statements.agreement_transactions(agreement).where(
        schema.transactions.c.idempotency_key == key)
    return db.session.execute(query).first() is not None


def report_royalty(agreement: Agreement, installment: Installment, actor,
                   base_fen: int) -> None:
    """The licensee's sales (or profit) for a period: the line's amount becomes due."""
    _money_rules(agreement, actor)
    version = agreement.in_force
    if installment.version_id != version.id or installment.kind != InstallmentKind.ROYALTY:
        raise DomainError(_l("Choose a royalty line of the terms in force."))
    if installment.period_end and installment.period_end > local_today():
        raise DomainError(_l("The period has not ended yet."), field="base")
    before = {"installment_id": installment.id, "base_fen": installment.reported_base_fen,
              "amount_fen": installment.amount_fen}
    installment.reported_base_fen = base_fen
    installment.amount_fen = royalty_due(base_fen, version.royalty_rate_bp)
    installment.reported_at, installment.reported_by_id = utcnow(), actor.id
    record(agreement, actor, "royalty_reported",
           f"{installment.period_start}–{installment.period_end}: ¥{format_yuan(base_fen)}")
    audit.record(actor, "money.royalty_reported", "agreement", agreement.id, before=before,
                 after={"installment_id": installment.id, "base_fen": base_fen,
                        "amount_fen": installment.amount_fen})
    db.session.flush()
