from __future__ import annotations

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    send_from_directory,
    session,
)
from sqlalchemy import text

from exchange.auth.permissions import public
from exchange.extensions import db
from exchange.i18n import LANGUAGE_SESSION_KEY
from exchange.navigation import safe_next
from exchange.studios import services as studio_services
from exchange.studios.models import Studio


@public
def index():
    latest = db.session.execute(
        db.select(Studio).order_by(Studio.is_demonstration.desc(), *Studio.rank_order())
        .limit(9)
    ).scalars().all()
    return render_template("main/index.html", studios=latest, counts=studio_services.counts())


@public
def set_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session[LANGUAGE_SESSION_KEY] = code
    return redirect(safe_next())


@public
def favicon():
    """Browsers ask for /favicon.ico whatever the page links: served from our own files."""
    return send_from_directory(current_app.static_folder, "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=7 * 24 * 3600)


@public
def healthz():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
