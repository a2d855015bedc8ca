"""Chinese patent application numbers and money amounts: pure functions."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_PATENT_SHAPE = re.compile(r"^(?:CN|ZL)?(\d{12})\.?([0-9X])$")
MAX_FEN = 10**15  # ten trillion yuan: far above any deal, far below BIGINT


def patent_check_digit(digits12: str) -> str:
    """CNIPA check character for a 12-digit application number (mod 11, 10 -> X)."""
    remainder = sum(int(d) * w for d, w in zip(digits12, PATENT_WEIGHTS, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def normalize_patent_number(value: str) -> str:
    """As typed -> ASCII without spaces, upper case: full-width 'ＣＮ２０２３…．６' (NFKC) and
    an ideographic full stop ('。', typed with a Chinese input method) are accepted."""
    folded = unicodedata.normalize("NFKC", value or "").replace("。", ".")
    return re.sub(r"\s+", "", folded).upper()


def parse_patent_number(value: str) -> tuple[str | None, str | None]:
    """(canonical 'CN202310123456.6', None) when valid, else (None, reason).

    Reasons: shape, year, kind, check.
    """
    match = _PATENT_SHAPE.match(normalize_patent_number(value))
    if not match:
        return None, "shape"
    digits, check = match.groups()
    if not 2003 <= int(digits[:4]) <= 2100:  # the 12-digit format began in October 2003
        return None, "year"
    if digits[4] not in "12389":
        return None, "kind"
    if patent_check_digit(digits) != check:
        return None, "check"
    return f"CN{digits}.{check}", None


def patent_kind_digit(canonical: str) -> str:
    return canonical[6]


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


def parse_yuan(value) -> int:
    """Yuan as typed ('12,500.5', '¥3000', 1200) -> integer fen. Raises ValueError
    (number|negative|precision|too_large); never a decimal signal, whatever the input."""
    if isinstance(value, int):
        amount = Decimal(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        text = text.removeprefix("¥").removeprefix("￥").removesuffix("元").strip()
        try:
            amount = Decimal(text)
        except (InvalidOperation, ValueError) as exc:
            raise ValueError("number") from exc
    if not amount.is_finite():
        raise ValueError("number")
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
