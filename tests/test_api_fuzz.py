"""Schemathesis generates requests from our OpenAPI description: no input may cause a server error,
and every answer must match what the schema promises (status codes, bodies, content types)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from kyky.accounts.tokens import token_create
from kyky.wsgi import application
from tests.factories import NeedFactory, ProposalFactory

# Whether an odd but schema-valid input (a NUL character, say) "should" be accepted is a judgement call;
# these are not: never a 500, only documented status codes, and bodies and content types as described.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def api_schema(db):
    # Like Django's test client: keep the test's database connection open between requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in_headers(db, representative, teacher, school, company):
    ProposalFactory(organisation=company)
    NeedFactory(organisation=school)
    _token, key = token_create(user=representative)
    return {"Authorization": f"Token {key}", "Accept-Language": "en"}


def test_api_answers_as_its_schema_says(api_schema, signed_in_headers):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:
        if (operation.method.upper(), operation.path) == ("DELETE", "/api/v1/me/"):
            continue  # it would delete the account whose token signs every later request (tests/privacy)
        if (operation.method.upper(), operation.path) in {
            ("POST", "/api/v1/auth/logout/"),
            ("DELETE", "/api/v1/auth/token/revoke/"),
        }:
            continue  # they revoke the token that signs every later request (tests/accounts/test_tokens.py)

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(headers=signed_in_headers, checks=CHECKS)

        check()
