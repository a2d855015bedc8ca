"""Admin pages: list, search, deactivate and change roles."""
from exchange.auth.models import User
from exchange.auth.roles import Role
from tests.support import factories


def test_list_and_search(admin_client, users):
    html = admin_client.get("/admin/users").get_data(as_text=True)
    for user in users.values():
        assert user.email in html
    html = admin_client.get("/admin/users?q=企业丙").get_data(as_text=True)
    assert users["enterprise"].email in html and users["union_staff"].email not in html
    html = admin_client.get("/admin/users?role=union_staff").get_data(as_text=True)
    assert users["union_staff"].email in html and users["enterprise"].email not in html
    assert "没有" in admin_client.get("/admin/users?q=nobody-here").get_data(as_text=True)


def test_pagination(admin_client, db, users):
    for i in range(25):
        factories.make_user(Role.ENTERPRISE, name=f"分页企业{i:02d}")
    first = admin_client.get("/admin/users").get_data(as_text=True)
    second = admin_client.get("/admin/users?page=2").get_data(as_text=True)
    assert "page=2" in first
    assert first.count("/admin/users/") - 2 <= 20  # 20 rows per page, plus nav links
    assert "分页企业" in second
    # Past the end: the last page (issue 15), not a count over an empty list.
    past = admin_client.get("/admin/users?page=99")
    assert past.status_code == 302 and past.headers["Location"] == "/admin/users?page=2"
    assert admin_client.get(past.headers["Location"]).status_code == 200


def test_deactivate_and_reactivate(admin_client, db, users):
    target = users["enterprise"]
    assert admin_client.post(f"/admin/users/{target.id}/active").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, target.id).active is False
    admin_client.post(f"/admin/users/{target.id}/active")
    db.session.expire_all()
    assert db.session.get(User, target.id).active is True


def test_deactivated_user_is_logged_out(app, admin_client, db, users):
    target = users["union_staff"]
    staff = factories.login(app.test_client(), target)
    assert staff.get("/studios/new").status_code == 200
    admin_client.post(f"/admin/users/{target.id}/active")
    assert staff.get("/studios/new").status_code == 302


def test_change_role(admin_client, db, users):
    target = users["studio_member"]
    admin_client.post(f"/admin/users/{target.id}/role", data={"role": "studio_leader"})
    db.session.expire_all()
    assert db.session.get(User, target.id).role == Role.STUDIO_LEADER


def test_studio_role_needs_a_studio(admin_client, db, users):
    target = users["union_staff"]
    response = admin_client.post(f"/admin/users/{target.id}/role", data={"role": "studio_member"},
                                 follow_redirects=True)
    assert "工作室" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, target.id).role == Role.UNION_STAFF


def test_admin_cannot_demote_or_deactivate_self(admin_client, db, users):
    me = users["admin"]
    admin_client.post(f"/admin/users/{me.id}/role", data={"role": "enterprise"})
    admin_client.post(f"/admin/users/{me.id}/active")
    db.session.expire_all()
    again = db.session.get(User, me.id)
    assert again.role == Role.ADMIN and again.active
