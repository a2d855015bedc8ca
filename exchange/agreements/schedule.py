"""The payment schedule: lines generated from the payment terms, and the money received
held against them in due-date order."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from exchange.agreements.kinds import InstallmentKind, PaymentKind

# A royalty report and payment are due a calendar month after the period closes.
ROYALTY_GRACE = relativedelta(months=1)
MAX_ROYALTY_PERIODS = 40


@dataclass(frozen=True)
class Line:
    kind: InstallmentKind
    due_on: date
    amount_fen: int | None
    period_start: date | None = None
    period_end: date | None = None


def one_year_from(start: date) -> date:
    """The last day of a one-year term starting on `start` (a term's end is inclusive)."""
    return start + relativedelta(years=1) - timedelta(days=1)


def royalty_periods(start: date, end: date, months: int) -> list[tuple[date, date]]:
    """Periods tiling the term [start, end] (both days included), each `months` calendar
    months counted from the start, so a month-end start does not drift (30 Nov, 28 Feb,
    30 May, ...). A tail shorter than a month joins the period before it rather than make
    a period of a few days. Raises ValueError above MAX_ROYALTY_PERIODS."""
    if end < start:
        raise ValueError("term ends before it starts")
    bounds = [start]
    while bounds[-1] <= end:
        if len(bounds) > MAX_ROYALTY_PERIODS:
            raise ValueError("too many periods")
        bounds.append(start + relativedelta(months=months * len(bounds)))
    bounds[-1] = end + timedelta(days=1)
    if len(bounds) > 2 and bounds[-2] + relativedelta(months=1) > bounds[-1]:
        del bounds[-2]
    return [(begin, after - timedelta(days=1))
            for begin, after in zip(bounds, bounds[1:], strict=False)]


def too_many_periods(start: date, end: date, months: int) -> bool:
    try:
        royalty_periods(start, end, months)
    except ValueError:
        return True
    return False


def build_lines(kind: PaymentKind, *, consideration_fen, first_due_on, instalments,
                entry_fee_fen, term_start, term_end, period_months) -> list[Line]:
    """Schedule lines for the payment terms; inputs are already validated."""
    lines: list[Line] = []
    if kind == PaymentKind.LUMP_SUM:
        lines.append(Line(InstallmentKind.LUMP_SUM, first_due_on, consideration_fen))
    elif kind == PaymentKind.INSTALLMENTS:
        lines.extend(Line(InstallmentKind.INSTALLMENT, due, amount)
                     for due, amount in sorted(instalments))
    if kind == PaymentKind.ENTRY_FEE_ROYALTY:
        lines.append(Line(InstallmentKind.ENTRY_FEE, first_due_on, entry_fee_fen))
    if kind.has_royalty:
        lines.extend(Line(InstallmentKind.ROYALTY, stop + ROYALTY_GRACE, None, begin, stop)
                     for begin, stop in royalty_periods(term_start, term_end, period_months))
    return lines


def royalty_due(base_fen: int, rate_bp: int) -> int:
    """Rate × reported base, rounded half up to the fen."""
    return (base_fen * rate_bp + 5000) // 10000


@dataclass(frozen=True)
class LineStatus:
    installment: object
    received_fen: int
    status: str  # paid | part_paid | due | overdue | awaiting_report

    @property
    def outstanding_fen(self) -> int:
        amount = self.installment.amount_fen
        return 0 if amount is None else amount - self.received_fen


def hold_against(installments, received_fen: int, today: date) -> list[LineStatus]:
    """Apply the net amount received to the lines in due-date order (oldest first).

    Receipts are not tied to lines: a payer's money settles what fell due first, the way
    a statement of account reads.
    """
    remaining = max(received_fen, 0)
    statuses = []
    for line in sorted(installments, key=lambda i: (i.due_on, i.position)):
        if line.amount_fen is None:
            status = "overdue" if line.due_on < today else "awaiting_report"
            statuses.append(LineStatus(line, 0, status))
            continue
        applied = min(remaining, line.amount_fen)
        remaining -= applied
        if applied >= line.amount_fen:
            status = "paid"
        elif line.due_on < today:
            status = "overdue"
        else:
            status = "part_paid" if applied else "due"
        statuses.append(LineStatus(line, applied, status))
    return statuses
