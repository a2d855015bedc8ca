"""Rate limits per token, told in RateLimit-* headers, and Retry-After when refused."""
from __future__ import annotations

import pytest


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}


def test_each_token_has_its_budget_told_in_ratelimit_headers(api, world):
    client = api("enterprise", "read")
    answers = [client.get("/api/v1/figures") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["RateLimit-Limit"] == "3"
    assert [a.headers["RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    assert 0 < int(answers[0].headers["RateLimit-Reset"]) <= 60
    refused = answers[3]
    assert refused.mimetype == "application/problem+json"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # Another token's budget is its own.
    assert api("studio_member", "read").get("/api/v1/figures").status_code == 200
