"""Save, list and delete subscriptions; deliver newly published items to them.

Publication (exchange.signals) enqueues one delivery job per item, after the commit; the
job matches the item against every subscription of its kind in one query, records each
hit (unique per subscription and item: a job run twice delivers once) and notifies the
owner with the reason, in the owner's language. The notification's channel (at once or
in the daily digest) is the owner's choice for "subscriptions". Flush only.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from exchange import signals
from exchange.access import require
from exchange.access import subscriptions as access
from exchange.achievements.models import Achievement
from exchange.auth.models import User
from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.jobs import services as jobs
from exchange.jobs.registry import handler
from exchange.navigation import path_for
from exchange.needs.models import Need
from exchange.notifications import services as notifications
from exchange.reference.models import Industry
from exchange.search import documents
from exchange.services_base import DomainError, insert_once
from exchange.subscriptions.matching import Reason, document_tokens, match
from exchange.subscriptions.models import Subscription, SubscriptionHit
from search_index.schema import FACETS

KINDS = ("achievements", "needs")
MAX_PER_USER = 50
MAX_KEYWORDS = 10


def for_user(user: User) -> list[Subscription]:
    return list(db.session.execute(db.select(Subscription).where(
        Subscription.user_id == user.id).order_by(Subscription.created_at.desc(),
                                                  Subscription.id.desc())).scalars())


def _clean_filters(filters: dict) -> dict[str, list[str]]:
    clean: dict[str, list[str]] = {}
    for name, values in (filters or {}).items():
        values = [values] if isinstance(values, str) else list(values)
        values = [str(v)[:20] for v in values if str(v).strip()][:20]
        if name in FACETS and values:
            clean[name] = values
    return clean


def subscribe(user: User, kind: str, *, name: str, query: str = "",
              keywords: list[str] | None = None, filters: dict | None = None) -> Subscription:
    """A new subscription of this user. Refused when it would watch everything (no
    query, keyword or filter) or the user has MAX_PER_USER already."""
    require(access.can_subscribe(user), "visitors cannot subscribe")
    if kind not in KINDS:
        raise DomainError(_l("Choose achievements or technical needs."))
    keywords = [k.strip()[:20] for k in (keywords or []) if k.strip()][:MAX_KEYWORDS]
    filters = _clean_filters(filters or {})
    query = (query or "").strip()[:200]
    if not (query or keywords or filters):
        raise DomainError(_l("Give a search text, keywords or an industry: a subscription "
                             "to everything would bring you every new item."), "keywords")
    mine = for_user(user)
    if any((s.kind, s.query, s.keywords or [], s.filters or {}) == (kind, query, keywords,
                                                                   filters) for s in mine):
        raise DomainError(_l("You already have this subscription."))
    count = len(mine)
    if count >= MAX_PER_USER:
        raise DomainError(_l("You have %(count)d subscriptions, the most one account can "
                             "keep: delete one first.", count=MAX_PER_USER))
    subscription = Subscription(user_id=user.id, kind=kind, query=query, keywords=keywords,
                                filters=filters, name=(name or query or "、".join(keywords)
                                                       or _("Subscription")).strip()[:100])
    db.session.add(subscription)
    db.session.flush()
    return subscription


def subscribe_to_studio_needs(user: User) -> Subscription:
    """A studio member watches the needs of the studio's industry section."""
    require(access.can_watch_studio_needs(user), "only studio members")
    industry = db.session.get(Industry, user.studio.industry_code)
    return subscribe(user, "needs", name=_("Needs in %(industry)s", industry=industry.name),
                     filters={"section": [industry.section]})


def delete(user: User, subscription: Subscription) -> None:
    require(access.can_manage(user, subscription), "not the owner")
    db.session.execute(db.delete(SubscriptionHit).where(
        SubscriptionHit.subscription_id == subscription.id))
    db.session.delete(subscription)
    db.session.flush()


# --- delivery --------------------------------------------------------------------------

def _reason_text(reason: Reason, labels: dict) -> str:
    parts = []
    if reason.terms:
        parts.append(_("words %(terms)s", terms="、".join(reason.terms)))
    if reason.keywords:
        parts.append(_("keywords %(keywords)s", keywords="、".join(reason.keywords)))
    for _facet, code in reason.facets:
        parts.append(labels.get(code, code))
    return _("; ").join(parts)


def deliver(kind: str, item_id: int) -> int:
    """Match one published item against the subscriptions of its kind; returns how
    many were told. Safe to run again: each (subscription, item) is delivered once."""
    index = documents.KINDS[kind]
    doc = next(iter(index.documents(db.session, [item_id])), None)
    if doc is None:  # no longer published
        return 0
    owner_ids = _owners(kind, item_id)
    candidates = db.session.execute(db.select(Subscription, User).join(
        User, User.id == Subscription.user_id).where(
        Subscription.kind == kind, User.active.is_(True),
        Subscription.user_id.not_in(owner_ids or [0]))).all()
    tokens = document_tokens(doc)
    industries = db.session.execute(db.select(Industry)).scalars().all()
    told = 0
    for subscription, user in candidates:
        reason = match(subscription.query, subscription.keywords or [],
                       subscription.filters or {}, doc, tokens)
        if reason is None or not _record_hit(subscription, doc.id):
            continue
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            text = _reason_text(reason, {i.code: i.name for i in industries})
        endpoint, key = (("needs.detail", "need_id") if kind == "needs"
                         else ("achievements.detail", "achievement_id"))
        notifications.notify(user.id, "subscription_match",
                             link=path_for(endpoint, **{key: item_id}), title=doc.title,
                             name=subscription.name, reason=text)
        subscription.last_matched_at = utcnow()
        told += 1
    db.session.flush()
    return told


def _owners(kind: str, item_id: int) -> list[int]:
    """Who published the item (its enterprise's or studio's accounts): never told about
    their own."""
    if kind == "needs":
        stmt = db.select(User.id).join(Need, Need.enterprise_id == User.enterprise_id) \
            .where(Need.id == item_id)
    else:
        stmt = db.select(User.id).join(Achievement, Achievement.studio_id == User.studio_id) \
            .where(Achievement.id == item_id)
    return list(db.session.execute(stmt).scalars())


def _record_hit(subscription: Subscription, doc_id: str) -> bool:
    return insert_once(SubscriptionHit(subscription_id=subscription.id,
                                       doc_id=doc_id)) is None


@handler("subscriptions.deliver")
def deliver_job(kind: str, item_id: int) -> None:
    deliver(kind, item_id)


def _on_achievement_published(achievement, **_extra) -> None:
    jobs.enqueue("subscriptions.deliver",
                 key=f"subs:a{achievement.id}@{achievement.published_at.timestamp():.0f}",
                 kind="achievements", item_id=achievement.id)


def _on_need_published(need, **_extra) -> None:
    jobs.enqueue("subscriptions.deliver",
                 key=f"subs:n{need.id}@{need.published_at.timestamp():.0f}",
                 kind="needs", item_id=need.id)


def init_app(app) -> None:
    signals.achievement_published.connect(_on_achievement_published)
    signals.need_published.connect(_on_need_published)
