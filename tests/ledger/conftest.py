"""Ledger fixtures: plain SQLAlchemy engines on the session's migrated databases (no
Flask app), with the ledger emptied after each test."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from tests.support.ledger_reset import reset_ledger


@pytest.fixture(scope="session")
def _ledger_engines():
    made = {}
    yield made
    for engine in made.values():
        engine.dispose()


@pytest.fixture
def engine(database_url, _ledger_engines):
    """An engine on each engine's migrated test database; the ledger is emptied after."""
    if database_url not in _ledger_engines:
        _ledger_engines[database_url] = create_engine(database_url)
    eng = _ledger_engines[database_url]
    yield eng
    with eng.begin() as conn:
        reset_ledger(conn)
