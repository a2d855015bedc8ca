"""Chinese text analysis for the full-text index: normalisation, segmentation, stop words.

Everything here depends only on the standard library, jieba and OpenCC (no Flask, no
`exchange`), so the index can be built and queried from any process.

* `normalize` folds width (NFKC), Traditional→Simplified (OpenCC ``t2s``) and case while
  keeping exactly one output character per input character, so offsets found in the
  normalised text are valid offsets into the original (for highlighting).
* `index_tokens` segments a document with jieba's search mode (whole words plus their
  dictionary sub-words); `query_tokens` segments a query with precise mode. Both use the
  same normalisation and the same dictionary (jieba's default plus ``data/domain_dict.txt``),
  so '數控機床' and '数控机床' give the same tokens.
* `phrases` / `strip_phrases` handle "quoted" parts of a query for exact-phrase search.

The jieba tokenizer and the OpenCC converter are created lazily, once per process.
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba
import opencc

__all__ = [
    "DOMAIN_DICT_PATH",
    "STOP_WORDS",
    "STOP_WORDS_PATH",
    "index_tokens",
    "normalize",
    "patent_key",
    "phrases",
    "query_tokens",
    "strip_phrases",
    "tokenizer",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
DOMAIN_DICT_PATH = DATA_DIR / "domain_dict.txt"
STOP_WORDS_PATH = DATA_DIR / "stopwords.txt"

_converter_lock = threading.Lock()
_tokenizer_lock = threading.Lock()
_converter: opencc.OpenCC | None = None
_tokenizer: jieba.Tokenizer | None = None


# --------------------------------------------------------------------------- normalisation


def _t2s_converter() -> opencc.OpenCC:
    global _converter
    if _converter is None:
        with _converter_lock:
            if _converter is None:
                _converter = opencc.OpenCC("t2s")
    return _converter


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """NFKC of one character, or the character itself when NFKC is not one character."""
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


@lru_cache(maxsize=65536)
def _t2s_char(ch: str) -> str:
    try:
        converted = _t2s_converter().convert(ch)
    except (UnicodeError, ValueError, RuntimeError):  # e.g. a lone surrogate
        return ch
    return converted if len(converted) == 1 else ch


@lru_cache(maxsize=65536)
def _lower_char(ch: str) -> str:
    lowered = ch.lower()
    return lowered if len(lowered) == 1 else ch  # 'İ'.lower() is two characters


def _t2s(text: str) -> str:
    try:
        converted = _t2s_converter().convert(text)
    except (UnicodeError, ValueError, RuntimeError):
        converted = None
    if converted is not None and len(converted) == len(text):
        return converted
    return "".join(map(_t2s_char, text))


def normalize(text: str) -> str:
    """Width/compatibility fold (NFKC), Traditional→Simplified and lower-case `text`.

    The result always has the same length as `text` and character *i* of the result comes
    from character *i* of `text`: characters whose NFKC form (or lower-case form, or
    Simplified form) is not exactly one character are kept as they are.
    """
    if not text:
        return ""
    folded = "".join(map(_fold_char, text))
    simplified = _t2s(folded)
    lowered = simplified.lower()
    if len(lowered) != len(simplified):
        lowered = "".join(map(_lower_char, simplified))
    return lowered


# --------------------------------------------------------------------------- dictionaries


def _load_stop_words(path: Path = STOP_WORDS_PATH) -> frozenset[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.add(normalize(word))
    return frozenset(words)


STOP_WORDS: frozenset[str] = _load_stop_words()


def domain_words() -> list[str]:
    """The shipped domain dictionary's words, normalised (what keyword suggestions may
    propose even before an achievement lists them)."""
    return [word for word, _freq, _tag in _domain_entries()]


def _domain_entries(path: Path = DOMAIN_DICT_PATH) -> list[tuple[str, int | None, str | None]]:
    """(word, freq, tag) triples of a jieba user dictionary, words normalised like text."""
    entries = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word, freq, tag = parts[0], None, None
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest:
            tag = rest[0]
        entries.append((normalize(word), freq, tag))
    return entries


def tokenizer() -> jieba.Tokenizer:
    """Our own jieba tokenizer: default dictionary plus the domain dictionary.

    Built once per process on first use (about a second: jieba loads its cached default
    dictionary); the global `jieba` tokenizer is left untouched.
    """
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                # Added word by word (not tk.load_userdict) so that entries go through the
                # same `normalize` as the text: 'PLC控制' must match the text 'plc控制'.
                for word, freq, tag in _domain_entries():
                    tk.add_word(word, freq, tag)
                _tokenizer = tk
    return _tokenizer


# --------------------------------------------------------------------------- tokens

_ASCII_RUN = re.compile(r"[a-z0-9]+")


def _is_word(token: str) -> bool:
    """False for tokens made only of whitespace, punctuation and symbols."""
    return any(ch.isalnum() for ch in token)


def _has_ascii_and_other(token: str) -> bool:
    return not token.isascii() and any(ch.isascii() and ch.isalnum() for ch in token)


def index_tokens(text: str) -> list[str]:
    """Tokens of a document for indexing (jieba search mode, duplicates kept).

    Long words come with their dictionary sub-words ('数控机床' → '数控', '机床',
    '数控机床'); ASCII runs inside mixed words are added too ('plc控制' → 'plc'), so a
    query for 'PLC' finds them. Stop words stay in the index: they are dropped from
    queries that have other words, but a query of only '系统' must still find something.
    """
    tokens: list[str] = []
    for token in tokenizer().cut_for_search(normalize(text), HMM=True):
        if not _is_word(token):
            continue
        if _has_ascii_and_other(token):
            tokens.extend(_ASCII_RUN.findall(token))
        tokens.append(token)
    return tokens


def query_tokens(text: str) -> list[str]:
    """Distinct tokens of a query, in order (jieba precise mode, stop words dropped).

    A query made only of stop words (say '系统') keeps them rather than matching nothing.
    """
    words: list[str] = []
    seen: set[str] = set()
    for token in tokenizer().cut(normalize(text), cut_all=False, HMM=True):
        if _is_word(token) and token not in seen:
            seen.add(token)
            words.append(token)
    kept = [w for w in words if w not in STOP_WORDS]
    return kept or words


# --------------------------------------------------------------------------- patents

# A Chinese patent application number as people type it: optional CN/ZL, the 12 digits,
# then the check character, with or without its dot. Matched after NFKC (full width
# 'ＣＮ２０２３…．６' folds to ASCII), without whitespace, upper-cased: the normalisation of
# exchange.achievements.validators.normalize_patent_number.
_PATENT = re.compile(r"(?:CN|ZL)?(\d{12})(?:\.?[0-9X])?")
_SPACE_CHARS = re.compile(r"\s+")


def patent_key(text: str) -> str | None:
    """The 12 digits when all of `text` is a patent application number, else None.

    The index keeps this key as an exact field, so 'CN202310123456.6', '202310123456',
    'cn2023 1012 3456 6' and 'ＣＮ２０２３１０１２３４５６．６' all find the same item.
    The check character is not compared: the 12 digits identify the application.
    """
    if not text or len(text) > 40:
        return None
    folded = _SPACE_CHARS.sub("", unicodedata.normalize("NFKC", text)).upper()
    match = _PATENT.fullmatch(folded.replace("。", "."))
    return match.group(1) if match else None


# --------------------------------------------------------------------------- phrases

# Matched on normalised text, where full-width '＂' has already become '"'.
_PHRASE = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')
_QUOTE_CHARS = re.compile(r'["“”「」]')
_SPACES = re.compile(r"\s+")


def phrases(text: str) -> list[str]:
    """Normalised contents of the quoted parts of a query ("…", “…” or 「…」), in order."""
    found = []
    for match in _PHRASE.finditer(normalize(text)):
        content = next(g for g in match.groups() if g is not None).strip()
        if content:
            found.append(content)
    return found


def strip_phrases(text: str) -> str:
    """`text` without the quotation marks (the quoted words stay, as separate words).

    Unpaired quotation marks are removed too; whitespace is collapsed.
    """
    normalized = normalize(text)  # same length, so its match offsets index `text`
    pieces, pos = [], 0
    for match in _PHRASE.finditer(normalized):
        start, end = match.span()
        pieces.append(text[pos:start])
        pieces.append(f" {text[start + 1:end - 1]} ")
        pos = end
    pieces.append(text[pos:])
    joined = "".join(pieces)
    # Remove stray quotation marks (judged on the normalised form, e.g. '＂').
    joined_norm = normalize(joined)
    cleaned = "".join(
        " " if _QUOTE_CHARS.fullmatch(n) else c for c, n in zip(joined, joined_norm, strict=True)
    )
    return _SPACES.sub(" ", cleaned).strip()
