"""What anyone may read, as on the site: published achievements (every list filter and
sort), studios, open needs, search with facets, and the programme's public figures."""
from __future__ import annotations

import html
import re

from flask import request
from marshmallow import fields

from exchange.access import achievements as achievement_access
from exchange.access import get_visible
from exchange.access import needs as need_access
from exchange.achievements import services as achievements
from exchange.achievements.forms import FilterForm
from exchange.achievements.kinds import AchievementType, TransactionMode
from exchange.achievements.models import Achievement
from exchange.api import schemas
from exchange.api.boundary import validate
from exchange.api.doc import answers, api
from exchange.api.paging import PageArgs, keyset, next_link, offset_page
from exchange.auth.permissions import public
from exchange.db_types import local_today
from exchange.extensions import db
from exchange.needs import services as needs
from exchange.needs.forms import NeedFilterForm
from exchange.needs.models import Need
from exchange.programme.figures import public_figures
from exchange.search import services as search
from exchange.search.forms import SearchForm
from exchange.studios import services as studios
from exchange.studios.forms import StudioFilterForm
from exchange.studios.models import HonourLevel, Studio
from search_index.schema import FACETS, Query


def _values(enum) -> list[str]:
    return [member.value for member in enum]


class AchievementArgs(PageArgs):
    q = fields.String(metadata={"description": "words in the title"})
    text = fields.String(metadata={"description": "words in title, abstract or keywords"})
    type = fields.String(metadata={"enum": _values(AchievementType)})
    industry = fields.String(metadata={"description": "GB/T 4754 section letter or code"})
    district = fields.String(metadata={"description": "district code"})
    trl = fields.String(metadata={"enum": [str(i) for i in range(1, 10)]})
    mode = fields.String(metadata={"enum": _values(TransactionMode)})
    studio = fields.String(metadata={"description": "studio id"})
    legal_status = fields.String()
    year = fields.String(metadata={"description": "published in this year (Beijing time)"})
    sort = fields.String(metadata={"enum": ["newest", "oldest"]})


class NeedArgs(PageArgs):
    text = fields.String()
    industry = fields.String()
    district = fields.String()
    mode = fields.String(metadata={"enum": _values(TransactionMode)})


class StudioArgs(PageArgs):
    q = fields.String(metadata={"description": "words in the name"})
    district = fields.String()
    industry = fields.String()
    honour = fields.String(metadata={"enum": _values(HonourLevel)})


SearchArgs = PageArgs.from_dict({
    "q": fields.String(metadata={"description": "the query, as typed in the search box"}),
    "kind": fields.String(metadata={"enum": ["achievements", "needs"]}),
    "sort": fields.String(metadata={"enum": ["relevance", "date"]}),
    **{name: fields.String(metadata={"description": f"facet value ({name})"})
       for name in FACETS}}, name="SearchArgs")


@public
@answers(400)
@api.etag
@api.arguments(AchievementArgs, location="query", as_kwargs=True)
@api.response(200, schemas.AchievementSummary(many=True))
def achievement_list(**args):
    """Published achievements: the site's list filters; newest first unless sort=oldest."""
    filters = validate(FilterForm, request.args).values()
    filters.pop("state", None)
    return keyset(achievements.public_list(filters),
                  (Achievement.published_at, Achievement.id), args,
                  descending=filters.get("sort") != "oldest")


@public
@answers(404)
@api.etag
@api.response(200, schemas.Achievement)
def achievement_read(achievement_id: int):
    """One achievement as the caller may see it; attachments for signed-in callers."""
    return get_visible(Achievement, achievement_id, achievement_access.can_view)


@public
@answers(400)
@api.etag
@api.arguments(StudioArgs, location="query", as_kwargs=True)
@api.response(200, schemas.StudioSummary(many=True))
def studio_list(**args):
    """Studios in order of their id; filters as on the site."""
    form = validate(StudioFilterForm, request.args)
    filters = {k: (form[k].data or "") for k in ("q", "district", "industry", "honour")}
    return keyset(studios.list_studios(**filters), (Studio.id,), args, descending=False)


@public
@answers(404)
@api.etag
@api.response(200, schemas.Studio)
def studio_read(studio_id: int):
    return db.get_or_404(Studio, studio_id)


@public
@answers(400)
@api.etag
@api.arguments(NeedArgs, location="query", as_kwargs=True)
@api.response(200, schemas.NeedSummary(many=True))
def need_list(**args):
    """Open needs, newest first."""
    filters = validate(NeedFilterForm, request.args).values()
    return keyset(needs.public_list(filters), (Need.published_at, Need.id), args)


@public
@answers(404)
@api.etag
@api.response(200, schemas.Need)
def need_read(need_id: int):
    return get_visible(Need, need_id, need_access.can_view)


_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def spans(marked_html: str) -> dict:
    """The backend's escaped, <mark>ed text as plain text and [start, end) offsets."""
    text, marks, last = [], [], 0
    length = 0
    for found in _MARK.finditer(marked_html):
        before = html.unescape(marked_html[last:found.start()])
        inside = html.unescape(found.group(1))
        text += [before, inside]
        length += len(before)
        marks.append([length, length + len(inside)])
        length += len(inside)
        last = found.end()
    text.append(html.unescape(marked_html[last:]))
    return {"text": "".join(text), "highlights": marks}


@public
@answers(400)
@api.etag
@api.arguments(SearchArgs, location="query", as_kwargs=True)
@api.response(200, schemas.SearchResult)
def search_read(**args):
    """Full-text search as on the site: facets with counts, highlights as offsets."""
    form = validate(SearchForm, request.args)
    kind = "needs" if form.kind.data == "needs" else "achievements"
    what = f"search:{kind}"
    limit = args["limit"]
    start = offset_page(args, what)
    query = Query(text=(form.q.data or "").strip(), filters=form.filters(request.args),
                  sort=form.sort.data or "relevance", page=start // limit + 1,
                  per_page=limit)
    results, rows = search.run(kind, query)
    labels = search.facet_labels()
    body = {
        "total": results.total, "mode": results.mode, "suggestions": results.suggestions,
        "facets": {name: [{"value": v, "label": labels.get(name, {}).get(v, v), "count": n}
                          for v, n in values] for name, values in results.facets.items()},
        "hits": [{"id": row.id, "kind": kind[:-1], "score": hit.score,
                  "title": spans(hit.title_html), "snippet": spans(hit.snippet_html)}
                 for hit, row in rows if row is not None],
    }
    more = start + limit < results.total
    return body, (next_link(start + limit, what, limit) if more else {})


@public
@answers()
@api.etag
@api.response(200, schemas.Figures)
def figures_read():
    """The programme's public figures for this calendar year."""
    year = local_today().year
    return {"year": year, **vars(public_figures(year))}
