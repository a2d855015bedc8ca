"""Links inside the site: paths built from endpoint names (never by hand), and redirect
targets taken from user input, which must stay on this site."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for


def path_for(endpoint: str, **values) -> str:
    """The site-relative path of an endpoint, as `url_for` gives it inside a request, and
    the same path outside one (a CLI command, a background job), where `url_for` would
    need SERVER_NAME. Stored links (notifications) are built with it."""
    if has_request_context():
        return url_for(endpoint, **values)
    adapter = current_app.url_map.bind(
        "localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build(endpoint, values)


def safe_next(default_endpoint: str = "main.index") -> str:
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc \
            and not parts.scheme and "\\" not in target:
        return target
    return url_for(default_endpoint)
