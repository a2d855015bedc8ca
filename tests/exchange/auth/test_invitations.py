"""Studio members join only by invitation from their leader or union staff."""
import re
from datetime import timedelta

from exchange.auth.models import Invitation, User
from exchange.auth.roles import Role
from exchange.db_types import utcnow

LINK = re.compile(r'value="http://localhost(/auth/invitations/[^"]+)"')


def _invite(client, studio, email="new.member@test.example.cn", role="studio_member"):
    response = client.post(f"/studios/{studio.id}/members", data={"email": email, "role": role})
    assert response.status_code == 200
    match = LINK.search(response.get_data(as_text=True))
    assert match, "invitation link not shown"
    return match.group(1)


def test_leader_invites_member_who_joins(app, db, studio, leader_client):
    path = _invite(leader_client, studio)
    newcomer = app.test_client()
    page = newcomer.get(path).get_data(as_text=True)
    assert studio.name in page and "new.member@test.example.cn" in page
    response = newcomer.post(path, data={"name": "新成员", "password": "Joined-2026-ok",
                                         "confirm": "Joined-2026-ok"})
    assert response.status_code == 302
    user = db.session.execute(db.select(User).filter_by(name="新成员")).scalar_one()
    assert user.role == Role.STUDIO_MEMBER and user.studio_id == studio.id
    # A used link cannot be used again.
    again = app.test_client().post(path, data={"name": "x", "password": "Joined-2026-ok",
                                               "confirm": "Joined-2026-ok"})
    assert "已失效" in again.get_data(as_text=True) or "已过期" in again.get_data(as_text=True)
    assert db.session.execute(db.select(User).filter_by(name="x")).first() is None


def test_only_the_token_hash_is_stored(db, studio, leader_client):
    path = _invite(leader_client, studio)
    token = path.rsplit("/", 1)[1]
    stored = db.session.execute(db.select(Invitation)).scalar_one()
    assert stored.token_hash != token and stored.token_hash == Invitation.hash_token(token)


def test_leader_cannot_invite_a_leader(db, studio, leader_client):
    leader_client.post(f"/studios/{studio.id}/members",
                       data={"email": "boss@test.example.cn", "role": "studio_leader"})
    assert db.session.execute(db.select(Invitation)).first() is None


def test_staff_can_invite_a_leader(app, db, studio, staff_client):
    path = _invite(staff_client, studio, "leader2@test.example.cn", "studio_leader")
    app.test_client().post(path, data={"name": "新领衔人", "password": "Leader-2026-ok",
                                       "confirm": "Leader-2026-ok"})
    user = db.session.execute(db.select(User).filter_by(name="新领衔人")).scalar_one()
    assert user.role == Role.STUDIO_LEADER


def test_invitation_for_registered_email_is_refused(db, studio, leader_client, users):
    html = leader_client.post(f"/studios/{studio.id}/members",
                              data={"email": users["admin"].email, "role": "studio_member"}
                              ).get_data(as_text=True)
    assert "已注册" in html


def test_expired_and_revoked_invitations(app, db, studio, leader_client):
    path = _invite(leader_client, studio)
    invitation = db.session.execute(db.select(Invitation)).scalar_one()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert "已失效" in app.test_client().get(path).get_data(as_text=True) or \
        "已过期" in app.test_client().get(path).get_data(as_text=True)
    path2 = _invite(leader_client, studio, "second@test.example.cn")
    second = db.session.execute(db.select(Invitation).filter_by(email="second@test.example.cn")
                                ).scalar_one()
    leader_client.post(f"/studios/{studio.id}/invitations/{second.id}/revoke")
    response = app.test_client().post(path2, data={"name": "迟到者", "password": "Late-2026-ok",
                                                   "confirm": "Late-2026-ok"})
    assert response.status_code == 200
    assert db.session.execute(db.select(User).filter_by(name="迟到者")).first() is None


def test_unknown_token_is_404(client, db):
    assert client.get("/auth/invitations/not-a-token").status_code == 404


def test_leader_removes_member(db, studio, leader_client, users):
    member = users["studio_member"]
    response = leader_client.post(f"/studios/{studio.id}/members/{member.id}/remove")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, member.id).active is False


def test_leader_cannot_remove_member_of_another_studio(db, other_studio, leader_client, users):
    member = users["studio_member"]
    response = leader_client.post(f"/studios/{other_studio.id}/members/{member.id}/remove")
    assert response.status_code == 403
