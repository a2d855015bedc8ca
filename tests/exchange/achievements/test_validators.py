"""Patent application numbers and yuan amounts: property-tested pure functions."""
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from exchange.achievements.validators import parse_patent_number, patent_check_digit
from exchange.money import format_yuan, parse_yuan

years = st.integers(min_value=2003, max_value=2099)
kinds = st.sampled_from("12389")
serials = st.integers(min_value=0, max_value=9_999_999)


@st.composite
def valid_numbers(draw):
    digits = f"{draw(years)}{draw(kinds)}{draw(serials):07d}"
    return digits, patent_check_digit(digits)


@given(valid_numbers(), st.booleans(), st.booleans())
def test_numbers_with_the_right_check_digit_pass(number, prefix, dot):
    digits, check = number
    text = ("CN" if prefix else "") + digits + ("." if dot else "") + check
    assert parse_patent_number(text) == (f"CN{digits}.{check}", None)
    assert parse_patent_number(" " + text.lower() + " ")[1] is None


@given(valid_numbers(), st.integers(min_value=0, max_value=12), st.data())
def test_any_altered_digit_fails(number, position, data):
    digits, check = number
    full = digits + check
    replacement = data.draw(st.sampled_from("0123456789X" if position == 12 else "0123456789"))
    assume(replacement != full[position])
    altered = full[:position] + replacement + full[position + 1:]
    canonical, reason = parse_patent_number(f"CN{altered[:12]}.{altered[12]}")
    assert canonical is None and reason in {"check", "year", "kind"}


def test_known_reasons():
    assert parse_patent_number("CN20231012345.6")[1] == "shape"
    assert parse_patent_number("abc")[1] == "shape"
    digits = "199910123456"
    assert parse_patent_number(f"{digits}.{patent_check_digit(digits)}")[1] == "year"
    digits = "202350123456"
    assert parse_patent_number(f"{digits}.{patent_check_digit(digits)}")[1] == "kind"


def test_check_digit_ten_is_x():
    # 2003 1 0000001 -> weighted sum 2*2+0+0+3*5+1*6+...: found by search, pinned here.
    for serial in range(10_000):
        digits = f"20031{serial:07d}"
        if patent_check_digit(digits) == "X":
            assert parse_patent_number(f"CN{digits}.X")[1] is None
            assert parse_patent_number(f"CN{digits}.0")[1] == "check"
            break
    else:
        raise AssertionError("no X check digit found")


@given(st.integers(min_value=0, max_value=10**14))
def test_yuan_round_trip(fen):
    assert parse_yuan(format_yuan(fen)) == fen


def test_yuan_parsing():
    assert parse_yuan("1,250.5") == 125050
    assert parse_yuan("¥3000元") == 300000
    assert parse_yuan(1200) == 120000
    for bad, reason in (("1.234", "precision"), ("-5", "negative"), ("abc", "number"),
                        ("NaN", "number"), ("1e20", "too_large")):
        try:
            parse_yuan(bad)
        except ValueError as error:
            assert str(error) == reason
        else:
            raise AssertionError(bad)


def test_full_width_and_chinese_full_stop_are_accepted():
    """Typed with a Chinese input method: full-width letters, digits and dot, or 。."""
    assert parse_patent_number("ＣＮ２０２３１０１２３４５６．６") == ("CN202310123456.6", None)
    assert parse_patent_number("ｃｎ２０２３ １０１２ ３４５６。６") == ("CN202310123456.6", None)


@pytest.mark.parametrize(("text", "reason"), [
    ("1e999999", "too_large"), ("9E+999999", "too_large"), ("1e9999999", "too_large"),
    ("1" * 5000, "too_large"), ("10000000000000", "too_large"),
    ("1e-999999", "precision"), ("0." + "0" * 40 + "1", "precision"),
    ("1.0000000000000000000000000000001", "precision"),  # past the context's 28 digits
    ("-1e999999", "negative"), ("sNaN", "number"), ("-Infinity", "number"), ("1e", "number"),
])
def test_yuan_never_raises_a_decimal_signal(text, reason):
    """Trust rule: no input gives a 500 — any money field refuses with a reason (1e999999
    used to raise decimal.Overflow), and no amount is rounded silently."""
    with pytest.raises(ValueError) as caught:
        parse_yuan(text)
    assert str(caught.value) == reason


def test_yuan_edges_that_stay_valid():
    assert parse_yuan("0e999999") == 0
    assert parse_yuan("9999999999999.99") == 10**15 - 1
    assert parse_yuan("1.10000000000000000000000000000000") == 110
    assert parse_yuan("1E+2") == 10000


@given(st.one_of(st.text(), st.decimals(allow_nan=True, allow_infinity=True).map(str),
                 st.integers(min_value=-10**30, max_value=10**30)))
def test_yuan_only_ever_raises_value_error(value):
    try:
        fen = parse_yuan(value)
    except ValueError:
        return
    assert 0 <= fen < 10**15
