"""search_index.analysis: normalisation, segmentation, stop words, phrases (no Flask)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search_index import analysis
from search_index.analysis import (
    STOP_WORDS,
    index_tokens,
    normalize,
    phrases,
    query_tokens,
    strip_phrases,
    tokenizer,
)

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "search_index"


# --------------------------------------------------------------------------- normalize


def test_traditional_becomes_simplified():
    assert normalize("數控機床") == "数控机床"
    assert query_tokens("數控機床") == query_tokens("数控机床") == ["数控机床"]
    assert index_tokens("數控機床") == index_tokens("数控机床")


def test_full_width_becomes_half_width():
    assert normalize("ＰＬＣ") == "plc"
    assert normalize("ＰＬＣ控制，５Ｇ") == "plc控制,5g"
    assert query_tokens("ＰＬＣ控制") == query_tokens("PLC控制")
    assert index_tokens("ＰＬＣ控制") == index_tokens("PLC控制")


def test_lower_case():
    assert normalize("CNC Machine") == "cnc machine"
    assert query_tokens("CNC") == query_tokens("cnc") == ["cnc"]


def test_multi_character_compatibility_forms_are_kept():
    # NFKC would expand these to two characters, which would shift highlight offsets.
    assert normalize("5㎏") == "5㎏"
    assert normalize("ﬁ") == "ﬁ"
    assert len(normalize("İ")) == 1


@given(st.text())
def test_normalize_preserves_length(text):
    assert len(normalize(text)) == len(text)


@given(st.text(alphabet=st.sampled_from("數控機床開關櫃ＰＬＣabcABC，。 ㎏ﬁ")))
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


# --------------------------------------------------------------------------- tokens


def test_tokenizer_is_our_own_singleton():
    import jieba

    assert tokenizer() is tokenizer()
    assert tokenizer() is not jieba.dt


def test_domain_terms_are_single_query_tokens():
    for term in ["局部放电", "开关柜", "数控机床", "巡检机器人", "伺服电机", "脱硫脱硝"]:
        assert query_tokens(term) == [term]
    assert query_tokens("开关柜局部放电检测") == ["开关柜", "局部放电", "检测"]


def test_every_domain_dictionary_word_segments_whole():
    for word, _freq, _tag in analysis._domain_entries():
        assert list(tokenizer().cut(word)) == [word]


def test_index_tokens_include_sub_words():
    tokens = index_tokens("数控机床主轴故障诊断")
    assert {"数控机床", "数控", "机床", "主轴", "故障诊断"} <= set(tokens)


def test_ascii_words_and_numbers_are_tokens():
    assert {"plc", "cnc", "5g"} <= set(index_tokens("PLC控制的CNC设备与5G通信"))
    assert "plc" in query_tokens("PLC")
    assert "5g" in query_tokens("5G")


def test_punctuation_and_whitespace_are_dropped():
    assert query_tokens("  ，。！？、 ") == []
    assert index_tokens("——……") == []
    assert all(any(ch.isalnum() for ch in t) for t in index_tokens("输送带、托辊，纠偏！"))


def test_stop_words_are_removed_from_query_tokens():
    assert query_tokens("基于机器视觉的输送带纠偏研究") == ["机器视觉", "输送带", "纠偏"]
    assert not set(query_tokens("数控机床的故障诊断方法研究")) & STOP_WORDS


def test_stop_word_only_query_falls_back():
    assert query_tokens("系统") == ["系统"]
    assert query_tokens("技术研究") == ["技术", "研究"]
    assert query_tokens("") == []


def test_query_tokens_are_distinct_and_ordered():
    assert query_tokens("主轴 轴承 主轴") == ["主轴", "轴承"]


def test_stop_words_file():
    assert 100 <= len(STOP_WORDS) <= 250
    assert {"的", "基于", "研究", "系统", "the", "of"} <= STOP_WORDS
    domain = {word for word, _freq, _tag in analysis._domain_entries()}
    assert not domain & STOP_WORDS


def test_domain_dictionary_format():
    lines = [
        line
        for line in analysis.DOMAIN_DICT_PATH.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert 150 <= len(lines) <= 300
    words = [line.split()[0] for line in lines]
    assert len(words) == len(set(words))
    for line in lines:
        word, freq, tag = line.split()
        assert int(freq) > 0 and tag in {"n", "nz"}


# --------------------------------------------------------------------------- phrases


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"局部放电" 检测', ["局部放电"]),
        ("“開關櫃”与「ＰＬＣ控制」", ["开关柜", "plc控制"]),
        ('"Servo Motor" and ＂伺服＂', ["servo motor", "伺服"]),
        ('没有引号', []),
        ('"" 空的', []),
        ('"未闭合', []),
    ],
)
def test_phrases(query, expected):
    assert phrases(query) == expected


def test_strip_phrases():
    assert strip_phrases('"局部放电" 检测') == "局部放电 检测"
    assert strip_phrases("开关柜“局部放电”「在线监测」") == "开关柜 局部放电 在线监测"
    assert strip_phrases('"未闭合 查询') == "未闭合 查询"
    assert strip_phrases("没有引号") == "没有引号"
    assert query_tokens(strip_phrases('“數控機床”主轴')) == ["数控机床", "主轴"]


# --------------------------------------------------------------------------- independence

_FORBIDDEN = re.compile(r"^\s*(?:import|from)\s+(?:flask|exchange)\b", re.MULTILINE)


def test_package_source_never_imports_flask_or_exchange():
    sources = sorted(PACKAGE.rglob("*.py"))
    assert sources
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not _FORBIDDEN.search(text), path
        assert "import flask" not in text and "from flask" not in text, path


def test_importing_the_package_loads_neither_flask_nor_exchange():
    code = (
        "import sys, search_index.analysis as a; a.query_tokens('数控机床'); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'exchange')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("text", "key"), [
    ("CN202310123456.6", "202310123456"), ("202310123456", "202310123456"),
    (" ｃｎ２０２３１０１２３４５６．６ ", "202310123456"), ("ZL2023101234566", "202310123456"),
    ("CN20231012345X.X", None), ("2023101234", None), ("数控机床 202310123456", None),
    ("", None)])
def test_patent_key(text, key):
    assert analysis.patent_key(text) == key
