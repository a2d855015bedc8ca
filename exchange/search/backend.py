"""The configured search backend of the current app (one per app and process).

SEARCH_BACKEND=whoosh (default) keeps files under SEARCH_INDEX_DIR; SEARCH_BACKEND=postgres
keeps the index in the application's PostgreSQL database, for deployments with several
web processes or hosts.
"""
from __future__ import annotations

from flask import current_app

from exchange.extensions import db


def get_backend():
    backend = current_app.extensions.get("search_backend")
    if backend is None:
        backend = _create(current_app.config["SEARCH_BACKEND"])
        current_app.extensions["search_backend"] = backend
    return backend


def _create(name: str):
    if name == "postgres":
        if db.engine.dialect.name != "postgresql":
            raise RuntimeError("SEARCH_BACKEND=postgres needs DATABASE_URL on PostgreSQL")
        from search_index.postgres_backend import PostgresBackend

        return PostgresBackend(db.engine)
    if name != "whoosh":
        raise RuntimeError(f"unknown SEARCH_BACKEND {name!r}: use whoosh or postgres")
    from search_index.whoosh_backend import WhooshBackend

    return WhooshBackend(current_app.config["SEARCH_INDEX_DIR"])
