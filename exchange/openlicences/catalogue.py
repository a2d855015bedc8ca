"""The open-licence catalogue (/open-licences/): every declaration in force, found and
faceted through the achievements' search index, which carries each patent's open licence
(`licence`: "open" and the fee method; `fee`: the band of the upfront fee)."""
from __future__ import annotations

from exchange.extensions import db
from exchange.openlicences.kinds import IN_FORCE
from exchange.openlicences.models import Declaration
from exchange.search import services as search
from search_index.schema import Query

FACETS = ("licence", "fee", "section", "district")
CHOSEN = ("fee", "section", "district")


def query(text: str, args, page: int, per_page: int) -> Query:
    """The catalogue's search: only items under an open licence, with the chosen method
    (`licence`), fee band, industry section and district."""
    filters = {name: args[name] for name in CHOSEN if args.get(name)}
    method = args.get("licence", "")
    filters["licence"] = method if method in search.LICENCE_LABELS else "open"
    return Query(text=text, filters=filters, facets=FACETS, sort="relevance" if text else
                 "date", page=page, per_page=per_page)


def run(found: Query):
    """(results, [(hit, achievement, declaration)]) of one page."""
    results, rows = search.run("achievements", found)
    ids = [item.id for _hit, item in rows if item is not None]
    declarations = {d.achievement_id: d for d in db.session.execute(
        db.select(Declaration).where(Declaration.achievement_id.in_(ids),
                                     Declaration.state.in_(IN_FORCE))).scalars()} if ids else {}
    return results, [(hit, item, declarations.get(item.id)) for hit, item in rows
                     if item is not None and item.id in declarations]
