"""An API world: one object of each kind the operations read or change, a token per role,
and a client that speaks as a role (`api("enterprise").get(...)`)."""
from __future__ import annotations

import io

import pytest

from exchange.extensions import db as _db
from tests.support import factories


def json_values(values: dict) -> dict:
    """Factory values as a JSON body: dates as ISO strings, enumerations as their codes."""
    def plain(value):
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        return str(value) if hasattr(value, "value") else value
    return {k: plain(v) for k, v in values.items()}


def need_body(**overrides) -> dict:
    return json_values(factories.need_values(**overrides))


def achievement_body(**overrides) -> dict:
    values = json_values(factories.achievement_values(**overrides))
    return values


@pytest.fixture
def world(db, users, studio):
    from exchange.achievements import attachments

    author, enterprise, staff = users["studio_member"], users["enterprise"], users["union_staff"]
    published = factories.make_achievement(author, "published")
    attachments.store(author, published, io.BytesIO(b"%PDF-1.4 api world"), "spec.pdf")
    objects = {
        "published": published,
        "draft": factories.make_achievement(author),
        "draft_to_submit": factories.make_achievement(author),
        "submitted": factories.make_achievement(author, "submitted"),
        "need": factories.make_need(enterprise, "published"),
        "need_draft": factories.make_need(enterprise),
        "need_to_submit": factories.make_need(enterprise),
        "inquiry": factories.make_inquiry(enterprise, published),
        "agreement": factories.make_agreement(
            enterprise, factories.make_achievement(author, "published"), staff, "active"),
    }
    _db.session.commit()
    return {name: obj.id for name, obj in objects.items()}


@pytest.fixture
def tokens(db, users):
    made = {}

    def token(role: str, scope: str = "write") -> str:
        if (role, scope) not in made:
            made[role, scope] = factories.make_token(users[role], scope)
        return made[role, scope]

    return token


@pytest.fixture
def api(app, tokens):
    """api(role[, scope]) -> a test client sending that role's token; 'visitor' sends none."""
    def make(role: str = "visitor", scope: str = "write"):
        client = app.test_client()
        if role != "visitor":
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens(role, scope)}"
        return client

    return make
