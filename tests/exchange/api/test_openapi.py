"""The OpenAPI document: it validates, Schemathesis finds no 5xx and no answer outside
the document as a visitor, an enterprise and a studio member, and every status the
document names for an operation is reached by a scripted request."""
from __future__ import annotations

import io
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.exchange.api.conftest import achievement_body, need_body

# Schemathesis's checks on every answer. Left out: "schema-valid data is accepted" —
# the document types each field, the site's forms then judge the values (a district code
# that is a string but no district is refused with the form's message, 422).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
EXAMPLES = 6


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "100000 per minute",
            "MAX_CONTENT_LENGTH": 256 * 1024}


def _spec(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_is_valid_openapi_3_1(api):
    spec = _spec(api())
    validate(spec)
    assert spec["openapi"] == "3.1.0"
    assert len(_operations(spec)) == 28
    # Errors are problem documents; no operation leaves a status to "default".
    for operation in _operations(spec).values():
        if True:
            assert "default" not in operation["responses"]
            for code, answer in operation["responses"].items():
                if int(code) >= 400:
                    assert answer == {"$ref": f"#/components/responses/"
                                              f"{_name(int(code))}"}
    problem = spec["components"]["responses"]["NOT_FOUND"]["content"]
    assert list(problem) == ["application/problem+json"]


def _operations(spec: dict) -> dict:
    return {(method.upper(), path): operation for path, item in spec["paths"].items()
            for method, operation in item.items() if method != "parameters"}


def _name(code: int) -> str:
    from http import HTTPStatus

    return HTTPStatus(code).name


@pytest.mark.parametrize("role", ["visitor", "enterprise", "studio_member"])
def test_schemathesis_finds_no_server_error_and_nothing_undocumented(app, world, tokens,
                                                                    role):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {} if role == "visitor" else {"Authorization": f"Bearer {tokens(role)}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 28
    for operation in operations:
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        check()


# The request that succeeds, per operation: (role, path values, body). Bodies are JSON;
# "file" is a multipart upload. Errors are derived from it below.
HAPPY = {
    ("GET", "/api/v1/achievements"): ("visitor", {}, None),
    ("GET", "/api/v1/achievements/{achievement_id}"): ("visitor",
                                                       {"achievement_id": "published"}, None),
    ("GET", "/api/v1/studios"): ("visitor", {}, None),
    ("GET", "/api/v1/studios/{studio_id}"): ("visitor", {"studio_id": "studio"}, None),
    ("GET", "/api/v1/needs"): ("visitor", {}, None),
    ("GET", "/api/v1/needs/{need_id}"): ("visitor", {"need_id": "need"}, None),
    ("GET", "/api/v1/needs/{need_id}/matches"): ("visitor", {"need_id": "need"}, None),
    ("GET", "/api/v1/search"): ("visitor", {}, None),
    ("GET", "/api/v1/figures"): ("visitor", {}, None),
    ("GET", "/api/v1/me"): ("enterprise", {}, None),
    ("GET", "/api/v1/me/needs"): ("enterprise", {}, None),
    ("GET", "/api/v1/me/achievements"): ("studio_member", {}, None),
    ("GET", "/api/v1/me/statement"): ("enterprise", {}, None),
    ("POST", "/api/v1/needs"): ("enterprise", {}, need_body),
    ("PATCH", "/api/v1/needs/{need_id}"): ("enterprise", {"need_id": "need_draft"},
                                           lambda: {"title": "主轴异响在线诊断需求"}),
    ("POST", "/api/v1/needs/{need_id}/actions"): ("enterprise", {"need_id": "need_to_submit"},
                                                  lambda: {"action": "submit"}),
    ("POST", "/api/v1/achievements"): ("studio_member", {}, achievement_body),
    ("PATCH", "/api/v1/achievements/{achievement_id}"): (
        "studio_member", {"achievement_id": "draft"}, lambda: {"title": "主轴诊断装置改"}),
    ("POST", "/api/v1/achievements/{achievement_id}/actions"): (
        "studio_member", {"achievement_id": "draft_to_submit"}, lambda: {"action": "submit"}),
    ("POST", "/api/v1/achievements/{achievement_id}/attachments"): (
        "studio_member", {"achievement_id": "draft"}, "file"),
    ("POST", "/api/v1/keyword-suggestions"): (
        "enterprise", {}, lambda: {"title": "数控机床主轴异响", "text": "主轴轴承磨损。"}),
    ("GET", "/api/v1/inquiries"): ("enterprise", {}, None),
    ("GET", "/api/v1/inquiries/{inquiry_id}"): ("enterprise", {"inquiry_id": "inquiry"}, None),
    ("POST", "/api/v1/inquiries/{inquiry_id}/messages"): (
        "enterprise", {"inquiry_id": "inquiry"}, lambda: {"body": "请问能否现场演示？"}),
    ("GET", "/api/v1/agreements"): ("enterprise", {}, None),
    ("GET", "/api/v1/agreements/{agreement_id}"): ("enterprise",
                                                   {"agreement_id": "agreement"}, None),
    ("GET", "/api/v1/review/achievements"): ("union_staff", {}, None),
    ("GET", "/api/v1/review/needs"): ("union_staff", {}, None),
}
# Who is refused (403) where the role or the token's scope does not fit.
REFUSED = {("GET", "/api/v1/me/needs"): "studio_member",
           ("GET", "/api/v1/me/achievements"): "enterprise",
           ("GET", "/api/v1/review/achievements"): "enterprise",
           ("GET", "/api/v1/review/needs"): "studio_member"}


class Caller:
    def __init__(self, api, tokens, world, studio, method, path):
        self.api, self.tokens, self.method = api, tokens, method
        self.role, values, self.body = HAPPY[method, path]
        ids = {**world, "studio": studio.id}
        self.url = re.sub(r"\{(\w+)\}", lambda m: str(ids[values[m.group(1)]]), path)

    def send(self, role=None, scope="write", url=None, body=None, headers=None, raw=None):
        client = self.api(role or self.role, scope)
        body = self.body if body is None else body
        kwargs = {"headers": headers or {}}
        if raw is not None:
            kwargs.update(data=raw, content_type="application/json")
        elif body == "file":
            kwargs["data"] = {"file": (io.BytesIO(b"%PDF-1.4 reach"), "reach.pdf")}
        elif callable(body):
            kwargs["json"] = body()
        elif body is not None:
            kwargs["json"] = body
        if self.method == "PATCH" and "If-Match" not in kwargs["headers"]:
            kwargs["headers"]["If-Match"] = client.get(url or self.url).headers.get(
                "ETag", "\"none\"")
        return client.open(url or self.url, method=self.method, **kwargs)


def _reach(caller: Caller, status: int, app) -> int:
    """Send the request that should give `status`; returns what it gave."""
    if status in (200, 201):
        return caller.send().status_code
    if status == 304:
        etag = caller.send().headers["ETag"]
        return caller.send(headers={"If-None-Match": etag}).status_code
    if status == 400:
        if caller.method == "GET":
            return caller.send(url=caller.url + "?q=%01").status_code
        return caller.send(raw="{not json").status_code
    if status == 401:
        return caller.send(headers={"Authorization": "Bearer iex_not-a-token"}).status_code
    if status == 403:
        key = (caller.method, caller.url)
        role = next((r for (m, p), r in REFUSED.items() if m == caller.method
                     and p == key[1]), None)
        if role:
            return caller.send(role=role).status_code
        return caller.send(scope="read").status_code
    if status == 404:
        missing = re.sub(r"/\d+", "/999999", caller.url, count=1)
        return caller.send(url=missing, headers={"If-Match": '"x"'}).status_code
    if status == 412:
        return caller.send(headers={"If-Match": '"stale"'}).status_code
    if status == 413:
        big = b"%PDF-1.4 " + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1)
        client = caller.api(caller.role)
        return client.post(caller.url, data={"file": (io.BytesIO(big), "big.pdf")}).status_code
    if status == 422:
        if caller.method == "GET":
            return caller.send(url=caller.url + "?limit=0").status_code
        if caller.body == "file":
            return caller.api(caller.role).post(caller.url, data={}).status_code
        return caller.send(body={"no_such_field": 1}).status_code
    if status == 428:
        client = caller.api(caller.role)
        return client.patch(caller.url, json=caller.body()).status_code
    if status == 429:  # one budget across the API: a read spends it, this one is refused
        app.config["API_RATE_LIMIT"] = "1 per hour"
        try:
            role = caller.role
            headers = ({} if role == "visitor"
                       else {"Authorization": f"Bearer {caller.tokens(role, 'write')}"})
            app.test_client().get("/api/v1/figures", headers=headers)
            return caller.send(headers=dict(headers)).status_code
        finally:
            app.config["API_RATE_LIMIT"] = "100000 per minute"
    raise AssertionError(f"no recipe for {status}")


def test_every_documented_status_is_reached(app, api, tokens, world, studio):
    spec = _spec(api())
    operations = _operations(spec)
    assert set(operations) == set(HAPPY)
    missed = []
    for (method, path), operation in sorted(operations.items()):
        documented = sorted(int(code) for code in operation["responses"])
        caller = Caller(api, tokens, world, studio, method, path)
        # The successful request last: it may change what the others need (a submit).
        for status in sorted(documented, key=lambda code: code < 300):
            got = _reach(caller, status, app)
            if got != status:
                missed.append(f"{method} {path}: wanted {status}, got {got}")
    assert missed == [], "\n".join(missed)
