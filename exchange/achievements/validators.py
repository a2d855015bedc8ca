"""Chinese patent application numbers: pure functions (money is in exchange.money)."""
from __future__ import annotations

import re
import unicodedata

PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_PATENT_SHAPE = re.compile(r"^(?:CN|ZL)?(\d{12})\.?([0-9X])$")
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


