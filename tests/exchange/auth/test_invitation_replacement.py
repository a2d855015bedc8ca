"""Inviting the same e-mail again replaces the pending invitation (issue 15, item 10).

Trust rule: "Exactly once" — one pending invitation per studio and e-mail, held unique
by the database; the old link stops working.
"""
import re

import pytest
from sqlalchemy.exc import IntegrityError

from exchange.auth import services
from exchange.auth.models import Invitation, User
from exchange.auth.roles import Role
from exchange.db_types import utcnow
from exchange.services_base import DomainError

LINK = re.compile(r'value="http://localhost(/auth/invitations/[^"]+)"')
EMAIL = "again@test.example.cn"
JOIN = {"name": "新成员", "password": "Joined-2026-ok", "confirm": "Joined-2026-ok"}


def _invite(client, studio, email=EMAIL):
    response = client.post(f"/studios/{studio.id}/members",
                           data={"email": email, "role": "studio_member"})
    return LINK.search(response.get_data(as_text=True)).group(1)


def test_a_second_invitation_replaces_the_first(app, db, studio, leader_client):
    first = _invite(leader_client, studio)
    second = _invite(leader_client, studio, EMAIL.upper())  # the same address
    assert first != second
    pending = db.session.scalars(db.select(Invitation).where(
        Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))).all()
    assert len(pending) == 1 and pending[0].token_hash == Invitation.hash_token(
        second.rsplit("/", 1)[1])
    page = leader_client.get(f"/studios/{studio.id}/members").get_data(as_text=True)
    assert page.count(f"{EMAIL} · ") == 1  # one line in the pending list
    # The old link no longer works…
    old = app.test_client().post(first, data=JOIN)
    assert old.status_code == 200 and ("已失效" in old.get_data(as_text=True)
                                       or "已过期" in old.get_data(as_text=True))
    assert db.session.scalars(db.select(User).filter_by(email=EMAIL)).first() is None
    # …the new one does.
    assert app.test_client().post(second, data=JOIN).status_code == 302
    assert db.session.scalars(db.select(User).filter_by(email=EMAIL)).one().studio_id == studio.id


def test_the_database_holds_one_pending_invitation_per_studio_and_email(
        db, studio, users):
    def row(token):
        return Invitation(token_hash=Invitation.hash_token(token), email=EMAIL,
                          role=Role.STUDIO_MEMBER, studio_id=studio.id,
                          invited_by_id=users["studio_leader"].id, expires_at=utcnow())

    db.session.add(row("one"))
    db.session.commit()
    db.session.add(row("two"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # An accepted or revoked one does not count.
    db.session.execute(db.update(Invitation).values(revoked_at=utcnow()))
    db.session.add(row("three"))
    db.session.commit()


def test_the_same_email_may_be_invited_by_two_studios(db, studio, other_studio, users):
    leader = users["studio_leader"]
    staff = users["union_staff"]
    services.invite(leader, studio, EMAIL, Role.STUDIO_MEMBER)
    services.invite(staff, other_studio, EMAIL, Role.STUDIO_MEMBER)
    db.session.commit()
    assert len(db.session.scalars(db.select(Invitation)).all()) == 2


def test_a_link_replaced_while_its_form_was_open_is_refused(db, studio, users):
    """The acceptance is checked by the database, not by the row its request read."""
    leader = users["studio_leader"]
    invitation, _token = services.invite(leader, studio, EMAIL, Role.STUDIO_MEMBER)
    db.session.commit()
    # What a request that read the link a moment earlier holds: a pending invitation.
    stale = db.session.get(Invitation, invitation.id)
    assert stale.studio is not None and stale.revoked_at is None
    db.session.expunge(stale)
    services.invite(leader, studio, EMAIL, Role.STUDIO_MEMBER)  # replaces it meanwhile
    db.session.commit()
    with pytest.raises(DomainError):
        services.accept_invitation(stale, "新成员", "Joined-2026-ok")
    db.session.rollback()
    assert db.session.scalars(db.select(User).filter_by(email=EMAIL)).first() is None
