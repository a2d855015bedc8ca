from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from markupsafe import Markup

from exchange.achievements import services as achievement_services
from exchange.achievements.models import Achievement
from exchange.auth.permissions import public
from exchange.extensions import db
from exchange.inputs import db_int
from exchange.matching import services
from exchange.needs import services as need_services
from exchange.needs.models import Need
from search_index.highlight import highlight

bp = Blueprint("matching", __name__)
PER_PAGE = 10
LIMIT = 50  # matches shown over all pages: beyond these the reasons get thin


def _page(matches: list, model):
    number = max(1, request.args.get("page", 1, type=db_int) or 1)
    pages = max(1, -(-len(matches) // PER_PAGE))
    shown = matches[(number - 1) * PER_PAGE:number * PER_PAGE]
    rows = {r.id: r for r in db.session.execute(db.select(model).where(
        model.id.in_(services.row_ids(shown)))).scalars()}
    return [(m, rows.get(int(m.id.split(":", 1)[1]))) for m in shown], number, pages


def _marked(text: str, terms) -> Markup:
    return Markup(highlight(text, list(terms)))


@bp.route("/needs/<int:need_id>/matches")
@public
def need_matches(need_id: int):
    need = db.get_or_404(Need, need_id)
    if not need_services.can_view(current_user, need):
        abort(404)
    rows, number, pages = _page(services.for_need(need, LIMIT), Achievement)
    return render_template("matching/matches.html", subject=need, kind="need", rows=rows,
                           page=number, pages=pages, marked=_marked)


@bp.route("/achievements/<int:achievement_id>/matches")
@public
def achievement_matches(achievement_id: int):
    item = db.get_or_404(Achievement, achievement_id)
    if not achievement_services.can_view(current_user, item):
        abort(404)
    rows, number, pages = _page(services.for_achievement(item, LIMIT), Need)
    return render_template("matching/matches.html", subject=item, kind="achievement",
                           rows=rows, page=number, pages=pages, marked=_marked)
