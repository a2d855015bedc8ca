from __future__ import annotations

from flask import render_template, request
from markupsafe import Markup

from exchange.access import achievements as achievement_access
from exchange.access import get_visible
from exchange.access import needs as need_access
from exchange.achievements.models import Achievement
from exchange.auth.permissions import public
from exchange.extensions import db
from exchange.matching import services
from exchange.needs.models import Need
from exchange.pagination import keep_in_range, requested_page
from search_index.highlight import highlight

PER_PAGE = 10
LIMIT = 50  # matches shown over all pages: beyond these the reasons get thin


def _page(matches: list, model) -> dict:
    """The requested page of `matches`: only the strong ones unless ?all=1 asks for every
    match (services.is_strong); how many weaker ones there are, for the link to them."""
    show_all = request.args.get("all") == "1"
    shown = matches if show_all else services.strong(matches)
    number = requested_page()
    pages = max(1, -(-len(shown) // PER_PAGE))
    keep_in_range(number, pages)
    on_page = shown[(number - 1) * PER_PAGE:number * PER_PAGE]
    rows = {r.id: r for r in db.session.execute(db.select(model).where(
        model.id.in_(services.row_ids(on_page)))).scalars()}
    return {"rows": [(m, rows.get(int(m.id.split(":", 1)[1]))) for m in on_page],
            "page": number, "pages": pages, "show_all": show_all,
            "weaker": len(matches) - len(services.strong(matches))}


def _marked(text: str, terms) -> Markup:
    return Markup(highlight(text, list(terms)))


@public
def need_matches(need_id: int):
    need = get_visible(Need, need_id, need_access.can_view)
    return render_template("matching/matches.html", subject=need, kind="need",
                           marked=_marked, **_page(services.for_need(need, LIMIT), Achievement))


@public
def achievement_matches(achievement_id: int):
    item = get_visible(Achievement, achievement_id, achievement_access.can_view)
    return render_template("matching/matches.html", subject=item, kind="achievement",
                           marked=_marked, **_page(services.for_achievement(item, LIMIT), Need))
