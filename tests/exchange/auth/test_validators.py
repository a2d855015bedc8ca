"""GB 32100 credit codes and password strength: pure functions, property-tested."""
from hypothesis import given
from hypothesis import strategies as st

from exchange.auth.validators import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_char,
    credit_code_error,
    password_problems,
)

alphabet_char = st.sampled_from(CREDIT_CODE_ALPHABET)
digit = st.sampled_from("0123456789")


@st.composite
def valid_credit_codes(draw):
    head = draw(alphabet_char) + draw(alphabet_char)
    region = "".join(draw(st.lists(digit, min_size=6, max_size=6)))
    organisation = "".join(draw(st.lists(alphabet_char, min_size=9, max_size=9)))
    body = head + region + organisation
    return body + credit_code_check_char(body)


def test_known_real_codes():
    # Published codes of well-known companies.
    assert credit_code_error("91350100M000100Y43") is None
    assert credit_code_error("91110108551385082Q") is None
    assert credit_code_error("91110108551385082A") == "check"


@given(valid_credit_codes())
def test_generated_codes_are_accepted(code):
    assert credit_code_error(code) is None
    assert credit_code_error(f"  {code.lower()} ") is None  # normalised like user input


@given(valid_credit_codes(), st.integers(min_value=0, max_value=17),
       st.characters(codec="utf-8"))
def test_any_single_character_change_is_rejected(code, position, replacement):
    if replacement.upper() == code[position] or replacement.isspace():
        replacement = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.index(code[position]) + 1) % 31]
    changed = code[:position] + replacement + code[position + 1:]
    assert credit_code_error(changed) is not None


@given(valid_credit_codes(), st.integers(min_value=0, max_value=17))
def test_dropping_a_character_is_rejected(code, position):
    assert credit_code_error(code[:position] + code[position + 1:]) == "length"


def test_reasons():
    assert credit_code_error("") == "length"
    assert credit_code_error("91350100M000100YI3") == "charset"  # I is not used
    assert credit_code_error("91A50100M000100Y43") == "region"


def test_password_rules():
    assert password_problems("Correct-horse-42") == []
    assert "short" in password_problems("abc123")
    assert "classes" in password_problems("onlyletterslong")
    assert "common" in password_problems("password123")
    assert "personal" in password_problems("zhangwei2026x", email="zhangwei@example.cn")
