"""Database rows -> search documents. Only published achievements are documents."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from exchange.achievements.kinds import State
from exchange.achievements.models import Achievement
from exchange.studios.models import Studio
from search_index.schema import Document

PREFIX = "achievement:"
LOAD = (
    selectinload(Achievement.mode_rows),
    selectinload(Achievement.industry),
    selectinload(Achievement.studio).selectinload(Studio.district),
)


def doc_id(achievement_id: int) -> str:
    return f"{PREFIX}{achievement_id}"


def document(item: Achievement) -> Document:
    studio = item.studio
    doc = Document(
        id=doc_id(item.id), version="", title=item.title, abstract=item.abstract,
        keywords=tuple(item.keywords or ()), studio=studio.name,
        facets={
            "type": (item.type.value,), "section": (item.industry.section,),
            "division": (item.industry_code,), "district": (studio.district.code,),
            "trl": (str(item.trl),), "mode": tuple(m.value for m in item.transaction_modes),
            "honour": (studio.honour_level.value,),
        },
        published_at=item.published_at.timestamp() if item.published_at else 0.0,
    )
    # The version is a digest of everything indexed: any change makes the copy stale.
    digest = hashlib.sha1(json.dumps(asdict(doc), ensure_ascii=False, sort_keys=True,
                                     default=list).encode()).hexdigest()[:16]
    return replace(doc, version=digest)


def published(session: Session, ids: list[int] | None = None):
    stmt = (select(Achievement).options(*LOAD)
            .where(Achievement.state == State.PUBLISHED).order_by(Achievement.id))
    if ids is not None:
        stmt = stmt.where(Achievement.id.in_(ids))
    return session.execute(stmt.execution_options(yield_per=500)).scalars()


def all_documents(session: Session):
    for item in published(session):
        yield document(item)


def expected_versions(session: Session) -> dict[str, str]:
    return {doc.id: doc.version for doc in all_documents(session)}
