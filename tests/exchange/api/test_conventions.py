"""The API's conventions: ETags and lost updates, cursor pages, problem documents in the
caller's language with the forms' messages, idempotent creation, rate limits."""
from __future__ import annotations

import io
import threading

import pytest

from exchange.extensions import db as _db
from exchange.needs.models import Need
from tests.exchange.api.conftest import need_body
from tests.support import factories


def test_a_stale_if_match_is_a_lost_update_refused_with_412(api, world):
    alice, bob = api("enterprise"), api("enterprise")
    url = f"/api/v1/needs/{world['need_draft']}"
    etag = alice.get(url).headers["ETag"]
    assert bob.patch(url, json={"title": "乙先改了这个需求标题"},
                     headers={"If-Match": etag}).status_code == 200
    lost = alice.patch(url, json={"title": "甲的改动不应覆盖"}, headers={"If-Match": etag})
    assert lost.status_code == 412
    assert lost.mimetype == "application/problem+json"
    assert _db.session.get(Need, world["need_draft"]).title == "乙先改了这个需求标题"
    assert alice.patch(url, json={"title": "甲的改动"}).status_code == 428


def test_an_unchanged_resource_answers_304(api, world):
    client = api()
    url = f"/api/v1/achievements/{world['published']}"
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_cursor_pages_walk_every_item_once_and_a_new_item_shifts_nothing(api, users, db):
    made = [factories.make_achievement(users["studio_member"], "published").id
            for _ in range(5)]
    client, seen, url = api(), [], "/api/v1/achievements?limit=2"
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen += [item["id"] for item in page.get_json()]
        if len(seen) == 2:  # published meanwhile: newer than the cursor, not in later pages
            factories.make_achievement(users["studio_member"], "published")
        link = page.headers.get("Link")
        url = link[1:link.index(">")].removeprefix("http://localhost") if link else None
    assert seen == sorted(made, reverse=True)


def test_a_tampered_cursor_is_a_clear_422(api):
    response = api().get("/api/v1/achievements?cursor=abc")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "cursor"


@pytest.mark.parametrize(("language", "expected"), [
    ("en-US,en;q=0.9", "Enter between 5 and 200 characters."),
    ("zh-CN,zh;q=0.9", "请输入5至200个字符。"),
])
def test_errors_carry_the_forms_message_per_field_in_the_callers_language(
        api, world, language, expected):
    response = api("enterprise").post("/api/v1/needs", json=need_body(title="短"),
                                      headers={"Accept-Language": language})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert {"field": "title", "detail": expected} in body["errors"]
    assert body["status"] == 422 and body["type"] == "about:blank"


def test_money_errors_name_the_api_field(api, world):
    response = api("enterprise").post("/api/v1/needs", json=need_body(
        budget_min_fen=500_000, budget_max_fen=100_000), headers={"Accept-Language": "en"})
    assert {"field": "budget_max_fen", "detail": "The upper end is below the lower end."} \
        in response.get_json()["errors"]


def test_money_is_fen_and_timestamps_carry_their_offset(api, world):
    item = api().get(f"/api/v1/achievements/{world['published']}").get_json()
    assert item["price_fen"] == 15_000_000 and item["currency"] == "CNY"
    assert item["published_at"].endswith("+00:00")


def test_an_idempotent_post_replayed_gives_the_same_answer_and_one_row(api, world, db):
    client = api("enterprise")
    headers = {"Idempotency-Key": "f7c1a0d2-need-1"}
    first = client.post("/api/v1/needs", json=need_body(), headers=headers)
    again = client.post("/api/v1/needs", json=need_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    other = client.post("/api/v1/needs", json=need_body(title="换了内容的需求标题"),
                        headers=headers)
    assert other.status_code == 422
    assert other.get_json()["errors"][0]["field"] == "Idempotency-Key"
    count = _db.session.execute(_db.select(_db.func.count()).select_from(Need)).scalar_one()
    assert count == 1 + 3  # the world's three needs, and this one


def test_a_refused_creation_leaves_its_key_free(api, world, db):
    client = api("enterprise")
    headers = {"Idempotency-Key": "retry-after-fix"}
    assert client.post("/api/v1/needs", json=need_body(title="短"),
                       headers=headers).status_code == 422
    assert client.post("/api/v1/needs", json=need_body(), headers=headers).status_code == 201


def test_twenty_concurrent_replays_create_one_row(app, api, world, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    clients = [api("enterprise") for _ in range(20)]
    barrier, answers = threading.Barrier(20), []

    def post(client):
        barrier.wait()
        response = client.post("/api/v1/needs", json=need_body(title="并发重放只建一条需求"),
                               headers={"Idempotency-Key": "race-1"})
        answers.append((response.status_code, response.get_json()["id"]))

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 20
    assert {status for status, _id in answers} == {201}
    assert len({need_id for _status, need_id in answers}) == 1
    with app.app_context():
        titles = _db.session.execute(_db.select(Need.title)).scalars().all()
    assert titles.count("并发重放只建一条需求") == 1


def test_unknown_urls_and_methods_answer_problem_documents(api):
    missing = api().get("/api/v1/nothing-here", headers={"Accept-Language": "en"})
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert missing.get_json()["title"] == "Not found"
    wrong = api().delete("/api/v1/achievements")
    assert wrong.status_code == 405 and wrong.mimetype == "application/problem+json"
    assert set(wrong.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_a_creation_refused_by_a_service_rule_leaves_its_key_free(api, world):
    """The key is taken in the creation's own transaction: a rule refusing the change
    (here the attachment's content, checked by the service) takes the key back too."""
    client = api("studio_member")
    url = f"/api/v1/achievements/{world['draft']}/attachments"
    headers = {"Idempotency-Key": "upload-1"}
    for _ in range(2):
        refused = client.post(url, headers=headers, data={
            "file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "x.pdf")})
        assert refused.status_code == 422, refused.get_json()
