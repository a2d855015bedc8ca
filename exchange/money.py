"""Money as the application handles it: integer fen in, integer fen out.

Amounts typed in yuan ('12,500.5', '¥3000') become fen, fen are shown as yuan, shares
typed as percentages become basis points; each parser raises ValueError with a code
whose message (in the user's language) is in MONEY_MESSAGES / PERCENT_MESSAGES. No float
is ever on the way. Every domain that takes or shows money uses this module.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

MAX_FEN = 10**15  # ten trillion yuan: far above any deal, far below BIGINT

MONEY_MESSAGES = {
    "number": _l("Enter an amount in yuan, e.g. 150000 or 1,250.50."),
    "negative": _l("The amount cannot be negative."),
    "precision": _l("Use at most two decimals (fen)."),
    "too_large": _l("The amount is too large."),
}

PERCENT_MESSAGES = {
    "number": _l("Enter a percentage, e.g. 50 or 12.5."),
    "range": _l("A percentage lies between 0 and 100."),
    "precision": _l("Use at most two decimals (steps of 0.01 percentage points)."),
}


def scaled_int(amount: Decimal, places: int) -> int:
    """amount * 10**places as an exact int, with no context rounding or overflow (a
    Decimal such as 1e999999 overflows any arithmetic). Raises ValueError('precision')
    when amount has more than `places` decimals. Bound the magnitude first."""
    sign, digits, exponent = amount.as_tuple()
    shift = exponent + places
    if shift >= 0:
        value = int("".join(map(str, digits)) or "0") * 10**shift
    else:
        if any(digits[shift:]):
            raise ValueError("precision")
        value = int("".join(map(str, digits[:shift])) or "0")
    return -value if sign else value


def _finite(text: str) -> Decimal:
    """A finite Decimal from typed text, else ValueError('number') (never a decimal
    signal, NaN or infinity)."""
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("number") from exc
    if not amount.is_finite():
        raise ValueError("number")
    return amount


def parse_yuan(value) -> int:
    """Yuan as typed ('12,500.5', '¥3000', 1200) -> integer fen. Raises ValueError
    (number|negative|precision|too_large); never a decimal signal, whatever the input."""
    if isinstance(value, int):
        amount = Decimal(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        text = text.removeprefix("¥").removeprefix("￥").removesuffix("元").strip()
        amount = _finite(text)
    if amount.is_zero():
        return 0
    if amount < 0:
        raise ValueError("negative")
    # Compare magnitudes before any arithmetic: 1e999999 * 100 raises decimal.Overflow.
    if amount.adjusted() >= len(str(MAX_FEN // 100)) - 1:
        raise ValueError("too_large")
    fen = scaled_int(amount, 2)
    if fen >= MAX_FEN:
        raise ValueError("too_large")
    return fen


def format_yuan(fen: int) -> str:
    """Integer fen -> '12,500.50' (no floats on the way)."""
    yuan, cents = divmod(int(fen), 100)
    return f"{yuan:,}.{cents:02d}" if cents else f"{yuan:,}"


def format_money(fen: int) -> str:
    """Integer fen -> '¥1,234.56', always with fen: the form money takes in statements."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}¥{yuan:,}.{cents:02d}"


def fen_to_input(fen: int | None) -> str:
    if fen is None:
        return ""
    yuan, cents = divmod(fen, 100)
    return f"{yuan}.{cents:02d}" if cents else str(yuan)


def parse_percent_bp(value: str) -> int:
    """'12.5' / '12.5%' -> 1250 basis points. Raises ValueError(number|range|precision)."""
    amount = _finite((value or "").strip().removesuffix("%").removesuffix("％").strip())
    if not 0 <= amount <= 100:
        raise ValueError("range")
    return scaled_int(amount, 2)  # exact: no rounding at the context's 28 digits


def bp_to_input(bp: int | None) -> str:
    if bp is None:
        return ""
    return f"{Decimal(bp) / 100:f}".rstrip("0").rstrip(".") if bp % 100 else str(bp // 100)
