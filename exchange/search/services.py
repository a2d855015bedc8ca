"""Search as the site and the API run it: the query on the backend of its kind, the rows
of the hits (one query), and the facet values' labels in the current language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.achievements.kinds import AchievementType, TransactionMode
from exchange.achievements.models import Achievement
from exchange.extensions import db
from exchange.needs.models import Need
from exchange.reference.models import District, Industry
from exchange.search import documents
from exchange.search.backend import get_backend
from exchange.studios.models import HonourLevel
from search_index.schema import Query, Results

NEED_FACETS = ("section", "division", "district", "mode")
# The open-licence facets (documents.licence_facets): "open", then the fee method the law
# names (Patent Law art. 50), and the band of the upfront fee.
LICENCE_LABELS = {
    "open": _l("Open licence (开放许可)"),
    "lump_sum": _l("One-off fee (一次性支付)"),
    "royalty": _l("Royalty on sales or profit (提成)"),
    "entry_fee_royalty": _l("Entry fee plus royalty (入门费+提成)"),
}
FEE_LABELS = {
    "none": _l("No upfront fee"), "lt10k": _l("Under ¥10,000"),
    "10k_50k": _l("¥10,000–50,000"), "50k_200k": _l("¥50,000–200,000"),
    "ge200k": _l("¥200,000 and more"),
}


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
        "licence": {key: str(label) for key, label in LICENCE_LABELS.items()},
        "fee": {key: str(label) for key, label in FEE_LABELS.items()},
    }


def run(kind: str, query: Query) -> tuple[Results, list[tuple[object, object]]]:
    """The results and, for each hit, (hit, row) with the row None if it just left."""
    if kind == "needs":
        query.facets = NEED_FACETS
    results = get_backend(kind).search(query)
    model, prefix = ((Need, documents.NEED_PREFIX) if kind == "needs"
                     else (Achievement, documents.PREFIX))
    ids = [int(h.id.removeprefix(prefix)) for h in results.hits]
    items = {a.id: a for a in db.session.execute(
        db.select(model).where(model.id.in_(ids))).scalars()} if ids else {}
    return results, [(hit, items.get(int(hit.id.removeprefix(prefix))))
                     for hit in results.hits]
