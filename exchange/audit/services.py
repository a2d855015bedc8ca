"""Write and read the audit trail.

`record` adds the row to the caller's session and flushes: it commits with the change it
describes, or rolls back with it. Never commits. Each committed row is also written to the
Python logger 'exchange.audit' once its transaction commits (a rolled-back change logs
nothing).
"""
from __future__ import annotations

import json
import logging
from datetime import date, datetime, timedelta
from enum import Enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from exchange.audit.models import AuditEntry
from exchange.db_types import LOCAL_ZONE
from exchange.extensions import db

logger = logging.getLogger("exchange.audit")
_PENDING = "audit_pending"

# Action code -> label. Codes are stable (they are stored); labels are for people.
ACTIONS = {
    "account.role_changed": _l("Role changed"),
    "account.deactivated": _l("Account deactivated"),
    "account.reactivated": _l("Account reactivated"),
    "account.password_reset": _l("Password reset by e-mail link"),
    "job.retried": _l("Failed job sent again"),
    "job.discarded": _l("Failed job discarded"),
    "achievement.published": _l("Achievement published"),
    "achievement.returned": _l("Achievement returned"),
    "achievement.withdrawn": _l("Achievement withdrawn"),
    "achievement.traded": _l("Achievement marked as traded"),
    "need.published": _l("Need published"),
    "need.returned": _l("Need returned"),
    "need.closed": _l("Need closed as solved"),
    "inquiry.agreed": _l("Inquiry marked as agreed"),
    "agreement.warnings_acknowledged": _l("Legal warnings acknowledged"),
    "agreement.accepted": _l("Terms accepted"),
    "agreement.approved": _l("Agreement approved"),
    "agreement.refused": _l("Agreement approval refused"),
    "agreement.completed": _l("Agreement completed"),
    "agreement.terminated": _l("Agreement terminated"),
    "agreement.registered": _l("Technology-contract registration recorded"),
    "declaration.submitted": _l("Open-licence declaration submitted"),
    "declaration.consent": _l("Employer unit's consent recorded"),
    "declaration.approved": _l("Open-licence declaration approved"),
    "declaration.returned": _l("Open-licence declaration returned"),
    "declaration.announced": _l("CNIPA announcement of the declaration recorded"),
    "declaration.withdrawal_requested": _l("Withdrawal of the declaration requested"),
    "declaration.withdrawal_approved": _l("Withdrawal of the declaration approved"),
    "declaration.withdrawn": _l("CNIPA announcement of the withdrawal recorded"),
    "licence.taken": _l("Open licence taken"),
    "money.receipt": _l("Receipt recorded"),
    "money.payout": _l("Payout recorded"),
    "money.reversal": _l("Entry reversed"),
    "money.royalty_reported": _l("Royalty report recorded"),
    "studio.created": _l("Studio created"),
    "studio.titles_changed": _l("Studio titles changed"),
}
KINDS = {
    "user": _l("Account"), "achievement": _l("Achievement"), "need": _l("Technical need"),
    "inquiry": _l("Inquiry"), "agreement": _l("Agreement"), "studio": _l("Studio"),
    "job": _l("Background job"), "declaration": _l("Open-licence declaration"),
}
# The export is one file; a filter narrows anything larger.
EXPORT_LIMIT = 100_000


CONTROL_MESSAGE = _l("Remove the control characters (invisible characters) from this text.")


def has_control_characters(text: str) -> bool:
    """C0 controls other than tab and line breaks: PostgreSQL refuses NUL, and no one
    types the others (issue 15, A.5)."""
    return any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text or "")


def plain(value):
    """A JSON-ready copy: enums as their values, dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def record(actor, action: str, kind: str, target_id: int, *, before: dict | None = None,
           after: dict | None = None, reason: str = "") -> AuditEntry:
    """Add one audit row for a change made in this transaction (flush, no commit).
    `actor` is a User, or None for the system's own actions."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if kind not in KINDS:
        raise ValueError(f"unknown audit object kind {kind!r}")
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None), actor_name=getattr(actor, "name", "") or "",
        action=action, target_kind=kind, target_id=target_id,
        before=plain(before) if before is not None else None,
        after=plain(after) if after is not None else None, reason=(reason or "").strip())
    db.session.add(entry)
    db.session.flush()
    # Logged at commit (see _log_committed): no SQL can run then, so keep the values.
    db.session.info.setdefault(_PENDING, []).append(
        (entry.id, entry.actor_id, entry.actor_name, action, kind, target_id,
         _dump(entry.before), _dump(entry.after), json.dumps(entry.reason, ensure_ascii=False)))
    return entry


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else ""


@event.listens_for(Session, "after_commit")
def _log_committed(session: Session) -> None:
    for values in session.info.pop(_PENDING, ()):
        logger.info("audit #%s actor=%s(%s) action=%s target=%s:%s before=%s after=%s "
                    "reason=%s", *values)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _local_day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_ZONE)


def search(actor: str = "", action: str = "", kind: str = "", since: date | None = None,
           until: date | None = None):
    """A select of entries, newest first. `actor` matches the name or the account id;
    `since`/`until` are local (Asia/Shanghai) dates, both included."""
    stmt = db.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    actor = actor.strip()
    if actor.isdigit():
        stmt = stmt.where(AuditEntry.actor_id == int(actor))
    elif actor:
        stmt = stmt.where(AuditEntry.actor_name.contains(actor))
    if action in ACTIONS:
        stmt = stmt.where(AuditEntry.action == action)
    if kind in KINDS:
        stmt = stmt.where(AuditEntry.target_kind == kind)
    if since is not None:
        stmt = stmt.where(AuditEntry.created_at >= _local_day_start(since))
    if until is not None:
        stmt = stmt.where(AuditEntry.created_at < _local_day_start(until + timedelta(days=1)))
    return stmt


def history(kind: str, target_id: int, actions: tuple[str, ...] = ()) -> list[AuditEntry]:
    """One object's entries, newest first (e.g. a studio's title changes)."""
    stmt = db.select(AuditEntry).where(AuditEntry.target_kind == kind,
                                       AuditEntry.target_id == target_id)
    if actions:
        stmt = stmt.where(AuditEntry.action.in_(actions))
    return list(db.session.execute(
        stmt.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())).scalars())


def label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def kind_label(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def changes(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """(field, before, after) for every field named on either side."""
    before, after = entry.before or {}, entry.after or {}
    names = list(dict.fromkeys([*before, *after]))
    return [(name, before.get(name), after.get(name)) for name in names]


def rows_for_export(stmt) -> list[list]:
    rows = []
    for entry in db.session.execute(stmt.limit(EXPORT_LIMIT)).scalars():
        rows.append([entry.created_at.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M:%S"),
                     entry.actor_id or "", entry.actor_name, entry.action, label(entry.action),
                     entry.target_kind, entry.target_id, _dump(entry.before),
                     _dump(entry.after), entry.reason])
    return rows
