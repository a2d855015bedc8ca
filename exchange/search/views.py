from __future__ import annotations

from flask import current_app, render_template, request
from markupsafe import Markup

from exchange.achievements.kinds import AchievementType, TransactionMode
from exchange.achievements.models import Achievement
from exchange.auth.permissions import public
from exchange.extensions import db
from exchange.needs.models import Need
from exchange.pagination import keep_in_range, requested_page
from exchange.reference.models import District, Industry
from exchange.search import documents
from exchange.search.backend import get_backend
from exchange.search.forms import SearchForm
from exchange.studios.models import HonourLevel
from search_index.schema import Query

PER_PAGE = 10
NEED_FACETS = ("section", "division", "district", "mode")


def facet_labels() -> dict[str, dict[str, str]]:
    """Facet values (codes) -> what a person reads, in the current language."""
    industries = {i.code: i.name for i in db.session.execute(db.select(Industry)).scalars()}
    return {
        "type": {t.value: t.label for t in AchievementType},
        "section": industries, "division": industries,
        "district": {d.code: d.name for d in db.session.execute(db.select(District)).scalars()},
        "trl": {str(i): f"TRL {i}" for i in range(1, 10)},
        "mode": {m.value: m.label for m in TransactionMode},
        "honour": {h.value: h.label for h in HonourLevel},
    }


@public
def index():
    form = SearchForm(request.args)
    valid = form.validate()
    text = (form.q.data or "").strip() if valid else ""
    kind = form.kind.data if valid and form.kind.data == "needs" else "achievements"
    filters = form.filters(request.args)
    query = Query(text=text, filters=filters, sort=form.sort.data or "relevance",
                  page=requested_page(), per_page=PER_PAGE)
    if kind == "needs":
        query.facets = NEED_FACETS
    results = get_backend(kind).search(query)
    keep_in_range(query.page, -(-results.total // PER_PAGE))
    model, prefix = ((Need, documents.NEED_PREFIX) if kind == "needs"
                     else (Achievement, documents.PREFIX))
    ids = [int(h.id.removeprefix(prefix)) for h in results.hits]
    items = {a.id: a for a in db.session.execute(
        db.select(model).where(model.id.in_(ids))).scalars()} if ids else {}
    rows = [(hit, items.get(int(hit.id.removeprefix(prefix)))) for hit in results.hits]
    pages = max(1, -(-results.total // PER_PAGE))
    current_app.logger.debug("search %r %s -> %d", text, filters, results.total)
    return render_template(
        "search/index.html", form=form, results=results, rows=rows, query=query, kind=kind,
        labels=facet_labels(), pages=pages, markup=Markup,
    )
