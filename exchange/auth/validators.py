"""Identifier and password validators, pure functions usable outside Flask forms."""
from __future__ import annotations

# GB 32100-2015: 统一社会信用代码 alphabet (no I, O, Z, S, V) and position weights.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_credit_code(value: str) -> str:
    return "".join(value.split()).upper()


def credit_code_check_char(first17: str) -> str:
    """The 18th character for the first 17; raises ValueError on a foreign character."""
    total = 0
    for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True):
        index = CREDIT_CODE_ALPHABET.find(char)
        if index < 0:
            raise ValueError(char)
        total += index * weight
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_error(value: str) -> str | None:
    """None when valid, else a machine-readable reason: length, charset, region or check."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        return "length"
    if any(c not in CREDIT_CODE_ALPHABET for c in code):
        return "charset"
    if not code[2:8].isdigit():
        return "region"
    if credit_code_check_char(code[:17]) != code[17]:
        return "check"
    return None


# Chinese favourites that the English-centred lists below rank too low.
COMMON_PASSWORDS = frozenset(
    {
        "password", "password1", "password123", "12345678", "123456789", "1234567890",
        "qwerty123", "qwertyuiop", "iloveyou", "admin123", "abc123456", "a123456789",
        "woaini1314", "1qaz2wsx", "qazwsxedc", "zxcvbnm123", "11111111", "88888888",
    }
)
MIN_PASSWORD_LENGTH = 10
# zxcvbn (Dropbox's estimator; its package ships the 30,000 most common passwords of
# public leaks, word lists and keyboard patterns) scores 0-4; below 2 means fewer than
# a million guesses: a common password or a trivial variation of one (`password12`).
MIN_ZXCVBN_SCORE = 2
ZXCVBN_MAX_LENGTH = 72  # zxcvbn refuses longer input; a longer password is judged by its start
MIN_DISTINCT_CHARACTERS = 4


def is_guessable(password: str) -> bool:
    from zxcvbn import zxcvbn  # loads its dictionaries (~50 ms) on first use only

    return zxcvbn(password[:ZXCVBN_MAX_LENGTH])["score"] < MIN_ZXCVBN_SCORE


def is_repetitive(password: str) -> bool:
    """Few distinct characters, or one character filling half the password (`aaaaaaaaa1`)."""
    if not password:
        return False
    most = max(password.count(c) for c in set(password))
    return len(set(password)) < MIN_DISTINCT_CHARACTERS or most * 2 > len(password)


def password_problems(password: str, email: str = "", name: str = "") -> list[str]:
    """Reasons a password is weak, as codes; empty when acceptable."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append("short")
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        problems.append("classes")
    lowered = password.lower()
    # A password refused for its length or classes needs no further (noisy) reasons.
    if not problems and is_repetitive(lowered):
        problems.append("repeated")
    elif not problems and (lowered in COMMON_PASSWORDS or is_guessable(password)):
        problems.append("common")
    local_part = email.split("@")[0].lower()
    if (local_part and len(local_part) >= 4 and local_part in lowered) or (
        name and name.lower() in lowered
    ):
        problems.append("personal")
    return problems
