"""What domain services share: the errors a change raises (a refusal to this user, a rule
refusing the values), a life-cycle action, and adding a row a unique constraint may
refuse."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from exchange.extensions import db
from ledger.store import begin_write


class Refused(Exception):
    """This user may not do this (an access rule said no; `exchange.access` asks the
    rules). The request boundary answers 403. Deliberately not `PermissionError`: that is
    an `OSError`, and a real EACCES from the file system must stay a server error."""


class DomainError(Exception):
    """A rule refused the change; `field` names the form field it belongs to, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def attach_error(form, error: DomainError) -> bool:
    """Show a DomainError on its form field (or as a form-level error). Returns False."""
    field = getattr(form, error.field, None) if error.field else None
    message = str(error.message)  # lazy text rendered now, in the request's language
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)
    return False


@dataclass(frozen=True)
class Action:
    """One life-cycle action: the states it starts from, where it leads, who may take it
    (each workflow names its own actor kinds), and how its button looks."""

    name: str
    label: object
    sources: frozenset
    target: object
    actor: str
    needs_reason: bool = False
    style: str = "primary"


def insert_ignoring(model, rows: list[dict], key: list[str]) -> None:
    """INSERT the rows, leaving out any whose `key` columns are taken (an earlier or a
    concurrent twin): one statement, ON CONFLICT DO NOTHING on both engines."""
    if not rows:
        return
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(model).values(rows).on_conflict_do_nothing(index_elements=key))


def insert_once(row) -> IntegrityError | None:
    """Add and flush `row` in a savepoint. Returns None when it is in, or the
    IntegrityError a constraint refused it with (an earlier or a concurrent twin: the
    second waits on the unique index for the first to commit); the transaction goes on
    either way. On SQLite the write transaction is opened first: a SAVEPOINT that opened
    it would commit on its own when released."""
    begin_write(db.session.connection())
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError as refused:
        return refused
    return None
