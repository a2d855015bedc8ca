"""Database rows -> search documents, one index per kind (achievements, needs).

Only published items are documents: drafts, items under review and closed needs never
reach an index.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from exchange.achievements.kinds import State
from exchange.achievements.models import Achievement
from exchange.needs.kinds import NeedState
from exchange.needs.models import Need
from exchange.studios.models import Studio
from search_index.analysis import patent_key
from search_index.schema import Document

PREFIX = "achievement:"
NEED_PREFIX = "need:"
LOAD = (
    selectinload(Achievement.mode_rows),
    selectinload(Achievement.industry),
    selectinload(Achievement.studio).selectinload(Studio.district),
)
NEED_LOAD = (selectinload(Need.mode_rows), selectinload(Need.industry),
             selectinload(Need.enterprise))


def doc_id(achievement_id: int) -> str:
    return f"{PREFIX}{achievement_id}"


def need_doc_id(need_id: int) -> str:
    return f"{NEED_PREFIX}{need_id}"


def _versioned(doc: Document) -> Document:
    # The version is a digest of everything indexed: any change makes the copy stale.
    digest = hashlib.sha1(json.dumps(asdict(doc), ensure_ascii=False, sort_keys=True,
                                     default=list).encode()).hexdigest()[:16]
    return replace(doc, version=digest)


def document(item: Achievement) -> Document:
    studio = item.studio
    patent = patent_key(item.patent_number or "")
    return _versioned(Document(
        id=doc_id(item.id), version="", title=item.title, abstract=item.abstract,
        keywords=tuple(item.keywords or ()), studio=studio.name,
        facets={
            "type": (item.type.value,), "section": (item.industry.section,),
            "division": (item.industry_code,), "district": (studio.district.code,),
            "trl": (str(item.trl),), "mode": tuple(m.value for m in item.transaction_modes),
            "honour": (studio.honour_level.value,),
            # exact field: a search for the application number finds the item
            "patent": (patent,) if patent else (),
            **licence_facets(item.open_licence),
        },
        published_at=item.published_at.timestamp() if item.published_at else 0.0,
    ))


# Upfront fee bands of an open licence, in fen: [from, to) -> facet value.
FEE_BANDS = ((0, 1, "none"), (1, 1_000_000, "lt10k"), (1_000_000, 5_000_000, "10k_50k"),
             (5_000_000, 20_000_000, "50k_200k"), (20_000_000, None, "ge200k"))


def fee_band(upfront_fen: int) -> str:
    return next(name for low, high, name in FEE_BANDS
                if upfront_fen >= low and (high is None or upfront_fen < high))


def licence_facets(open_licence: dict | None) -> dict:
    if not open_licence:
        return {}
    return {"licence": ("open", open_licence["method"]),
            "fee": (fee_band(int(open_licence.get("upfront_fen") or 0)),)}


def need_document(need: Need) -> Document:
    """A need as its index holds it: the enterprise's name stands where a studio's would."""
    return _versioned(Document(
        id=need_doc_id(need.id), version="", title=need.title, abstract=need.description,
        keywords=tuple(need.keywords or ()), studio=need.enterprise.name,
        facets={"section": (need.industry.section,), "division": (need.industry_code,),
                "district": (need.district_code,),
                "mode": tuple(m.value for m in need.transaction_modes)},
        published_at=need.published_at.timestamp() if need.published_at else 0.0,
    ))


def published(session: Session, ids: list[int] | None = None):
    stmt = (select(Achievement).options(*LOAD)
            .where(Achievement.state == State.PUBLISHED).order_by(Achievement.id))
    if ids is not None:
        stmt = stmt.where(Achievement.id.in_(ids))
    return session.execute(stmt.execution_options(yield_per=500)).scalars()


def published_needs(session: Session, ids: list[int] | None = None):
    stmt = (select(Need).options(*NEED_LOAD)
            .where(Need.state == NeedState.PUBLISHED).order_by(Need.id))
    if ids is not None:
        stmt = stmt.where(Need.id.in_(ids))
    return session.execute(stmt.execution_options(yield_per=500)).scalars()


@dataclass(frozen=True)
class IndexKind:
    """One index: the prefix of its document ids and how to read its documents."""

    name: str
    prefix: str
    rows: Callable[[Session, list[int] | None], Iterable]
    to_document: Callable[[object], Document]

    def documents(self, session: Session, ids: list[int] | None = None):
        for row in self.rows(session, ids):
            yield self.to_document(row)


KINDS = {
    "achievements": IndexKind("achievements", PREFIX, published, document),
    "needs": IndexKind("needs", NEED_PREFIX, published_needs, need_document),
}


def all_documents(session: Session, kind: str = "achievements"):
    return KINDS[kind].documents(session)


def expected_versions(session: Session, kind: str = "achievements") -> dict[str, str]:
    return {doc.id: doc.version for doc in all_documents(session, kind)}
