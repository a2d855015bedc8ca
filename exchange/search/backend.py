"""The configured search backend of the current app (one per app and process)."""
from __future__ import annotations

from flask import current_app

from search_index.whoosh_backend import WhooshBackend


def get_backend():
    backend = current_app.extensions.get("search_backend")
    if backend is None:
        backend = WhooshBackend(current_app.config["SEARCH_INDEX_DIR"])
        current_app.extensions["search_backend"] = backend
    return backend
