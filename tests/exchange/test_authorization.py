"""The authorization matrix: every route x every role -> allow, login redirect, or 403.

Later issues add rows for their routes; `test_every_route_is_in_the_matrix` fails until
they do, and `test_every_view_declares_its_access_rule` until each view has a decorator.
"""
import pytest

from exchange.auth import services as auth_services
from exchange.auth.permissions import ACCESS_ATTR
from exchange.auth.roles import Role
from exchange.extensions import db as _db
from tests.support import factories

ROLES = ("visitor", "studio_member", "studio_leader", "enterprise", "union_staff", "admin")
ALLOW, LOGIN, DENY = "allow", "login", "deny"
EVERYONE = dict.fromkeys(ROLES, ALLOW)


def only(*roles: str) -> dict:
    return {r: ALLOW if r in roles else LOGIN if r == "visitor" else DENY for r in ROLES}


SIGNED_IN = only(*ROLES[1:])
STAFF = only("union_staff", "admin")
OWN_STUDIO_MANAGERS = only("studio_leader", "union_staff", "admin")

# (endpoint, method, path with {placeholders}, expected per role)
MATRIX = [
    ("main.index", "GET", "/", EVERYONE),
    ("main.set_language", "GET", "/language/en", EVERYONE),
    ("main.healthz", "GET", "/healthz", EVERYONE),
    ("auth.login", "GET", "/auth/login", EVERYONE),
    ("auth.logout", "POST", "/auth/logout", SIGNED_IN),
    ("auth.register", "GET", "/auth/register", EVERYONE),
    ("auth.change_password", "GET", "/auth/password", SIGNED_IN),
    ("auth.accept_invitation", "GET", "/auth/invitations/{token}", EVERYONE),
    ("admin.users", "GET", "/admin/users", only("admin")),
    ("admin.user_detail", "GET", "/admin/users/{target}", only("admin")),
    ("admin.change_role", "POST", "/admin/users/{target}/role", only("admin")),
    ("admin.toggle_active", "POST", "/admin/users/{target}/active", only("admin")),
    ("studios.index", "GET", "/studios/", EVERYONE),
    ("studios.detail", "GET", "/studios/{studio}", EVERYONE),
    ("studios.mine", "GET", "/studios/mine", only("studio_member", "studio_leader")),
    ("studios.create", "GET", "/studios/new", STAFF),
    ("studios.edit", "GET", "/studios/{studio}/edit", OWN_STUDIO_MANAGERS),
    ("studios.edit", "GET", "/studios/{other_studio}/edit", STAFF),
    ("studios.members", "GET", "/studios/{studio}/members", OWN_STUDIO_MANAGERS),
    ("studios.members", "GET", "/studios/{other_studio}/members", STAFF),
    ("studios.remove_member", "POST", "/studios/{studio}/members/{member}/remove",
     OWN_STUDIO_MANAGERS),
    ("studios.remove_member", "POST", "/studios/{other_studio}/members/{other_member}/remove",
     STAFF),
    ("studios.revoke_invitation", "POST", "/studios/{studio}/invitations/{invitation}/revoke",
     OWN_STUDIO_MANAGERS),
    ("studios.revoke_invitation", "POST",
     "/studios/{other_studio}/invitations/{other_invitation}/revoke", STAFF),
]
IGNORED_ENDPOINTS = {"static", "bootstrap.static"}


@pytest.fixture
def ids(db, studio, other_studio, users):
    staff = users["union_staff"]
    invitation, token = auth_services.invite(staff, studio, "a@invite.example.cn",
                                             Role.STUDIO_MEMBER)
    other_invitation, _ = auth_services.invite(staff, other_studio, "b@invite.example.cn",
                                               Role.STUDIO_MEMBER)
    _db.session.commit()
    other_member = factories.make_user(Role.STUDIO_MEMBER, studio=other_studio)
    return {
        "studio": studio.id, "other_studio": other_studio.id,
        "member": users["studio_member"].id, "other_member": other_member.id,
        "target": users["enterprise"].id, "invitation": invitation.id,
        "other_invitation": other_invitation.id, "token": token,
    }


def classify(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and "/auth/login" in location:
        return LOGIN
    if response.status_code == 403:
        return DENY
    if response.status_code < 400:
        return ALLOW
    return f"HTTP {response.status_code}"


CASES = [
    pytest.param(endpoint, method, path, role, expected[role],
                 id=f"{endpoint}:{path.split('/')[2] if path.count('/') > 1 else ''}:{role}")
    for endpoint, method, path, expected in MATRIX
    for role in ROLES
]


@pytest.mark.parametrize(("endpoint", "method", "path", "role", "expected"), CASES)
def test_matrix(client_for, ids, endpoint, method, path, role, expected):
    client = client_for(role)
    response = client.open(path.format(**ids), method=method)
    assert classify(response) == expected, f"{method} {path} as {role}"


def test_every_route_is_in_the_matrix(app):
    covered = {row[0] for row in MATRIX}
    registered = {rule.endpoint for rule in app.url_map.iter_rules()} - IGNORED_ENDPOINTS
    assert registered - covered == set(), "add these routes to MATRIX"
    assert covered - registered == set(), "MATRIX names routes that do not exist"


def test_every_view_declares_its_access_rule(app):
    undeclared = [
        endpoint for endpoint, view in app.view_functions.items()
        if endpoint not in IGNORED_ENDPOINTS and not hasattr(view, ACCESS_ATTR)
    ]
    assert undeclared == []
