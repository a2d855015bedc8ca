"""The vocabulary of the published achievements, as matching and keyword suggestions use it.

Built from the database (every published achievement's keywords and industry section, one
query) and the shipped domain dictionary, and kept per process. Every process builds the
same vocabulary from the same rows, so several hosts agree without sharing a file. Whether
the published achievements changed is asked at most every MATCH_VOCABULARY_CHECK seconds
(one aggregate query); only then is it rebuilt (0.15 s for 6,700 achievements, about 2 s
for 100,000: bench/matching.py).
"""
from __future__ import annotations

import threading
import time

from flask import current_app
from sqlalchemy import func

from exchange.achievements.kinds import State
from exchange.achievements.models import Achievement
from exchange.extensions import db
from exchange.matching.terms import BOILERPLATE
from exchange.reference.models import Industry
from search_index.analysis import domain_words
from search_index.vocabulary import Vocabulary, build

_lock = threading.Lock()


def _stamp() -> tuple:
    """What changes whenever a published achievement's keywords or section can change."""
    return tuple(db.session.execute(db.select(
        func.count(Achievement.id), func.max(Achievement.published_at),
        func.max(Achievement.updated_at)).where(Achievement.state == State.PUBLISHED)).one())


def _build() -> Vocabulary:
    rows = db.session.execute(db.select(Achievement.keywords, Industry.section)
                              .join(Industry, Industry.code == Achievement.industry_code)
                              .where(Achievement.state == State.PUBLISHED))
    return build(((keywords or (), section) for keywords, section in rows), BOILERPLATE,
                 domain_words())


def current() -> Vocabulary:
    """The vocabulary of the achievements published now (as of the last check)."""
    cache = current_app.extensions.setdefault("matching_vocabulary", {})
    every = current_app.config["MATCH_VOCABULARY_CHECK"]
    now = time.monotonic()
    if "vocabulary" in cache and now - cache["checked"] < every:
        return cache["vocabulary"]
    stamp = _stamp()
    with _lock:
        if cache.get("stamp") != stamp:
            cache["vocabulary"], cache["stamp"] = _build(), stamp
        cache["checked"] = now
        return cache["vocabulary"]
