from __future__ import annotations

from flask import current_app, render_template, request
from markupsafe import Markup

from exchange.auth.permissions import public
from exchange.pagination import keep_in_range, requested_page
from exchange.search import services
from exchange.search.forms import SearchForm
from search_index.schema import Query

PER_PAGE = 10


@public
def index():
    form = SearchForm(request.args)
    valid = form.validate()
    text = (form.q.data or "").strip() if valid else ""
    kind = form.kind.data if valid and form.kind.data == "needs" else "achievements"
    filters = form.filters(request.args)
    query = Query(text=text, filters=filters, sort=form.sort.data or "relevance",
                  page=requested_page(), per_page=PER_PAGE)
    results, rows = services.run(kind, query)
    keep_in_range(query.page, -(-results.total // PER_PAGE))
    pages = max(1, -(-results.total // PER_PAGE))
    current_app.logger.debug("search %r %s -> %d", text, filters, results.total)
    return render_template(
        "search/index.html", form=form, results=results, rows=rows, query=query, kind=kind,
        labels=services.facet_labels(), pages=pages, markup=Markup,
    )
