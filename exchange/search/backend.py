"""The configured search backends of the current app: one per index kind, app and process.

SEARCH_BACKEND=whoosh (default) keeps files under SEARCH_INDEX_DIR (needs in its `needs`
folder); SEARCH_BACKEND=postgres keeps the indexes in the application's PostgreSQL
database (tables search_documents and search_needs), for deployments with several web
processes or hosts.
"""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from exchange.extensions import db

TABLES = {"achievements": "search_documents", "needs": "search_needs"}


def get_backend(kind: str = "achievements"):
    backends = current_app.extensions.get("search_backends")
    if backends is None:
        backends = current_app.extensions["search_backends"] = {}
    if kind not in backends:
        backends[kind] = _create(current_app.config["SEARCH_BACKEND"], kind)
    return backends[kind]


def _create(name: str, kind: str):
    if name == "postgres":
        if db.engine.dialect.name != "postgresql":
            raise RuntimeError("SEARCH_BACKEND=postgres needs DATABASE_URL on PostgreSQL")
        from search_index.postgres_backend import PostgresBackend

        return PostgresBackend(db.engine, table=TABLES[kind])
    if name != "whoosh":
        raise RuntimeError(f"unknown SEARCH_BACKEND {name!r}: use whoosh or postgres")
    from search_index.whoosh_backend import WhooshBackend

    folder = Path(current_app.config["SEARCH_INDEX_DIR"])
    return WhooshBackend(folder if kind == "achievements" else folder / kind)
