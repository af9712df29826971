"""The 503 answer itself, in process: also for a database error raised outside a view (handler500)."""

from __future__ import annotations

import json

from django.db import OperationalError
from django.utils import translation

from kyky.middleware import RETRY_AFTER, server_error


def _server_error_during(exc: Exception, request):
    try:
        raise exc
    except Exception:  # as Django calls handler500: inside the except block of the failed request
        return server_error(request)


def test_a_database_error_raised_in_a_middleware_answers_503_in_the_api_error_shape(rf):
    response = _server_error_during(OperationalError("database is locked"), rf.get("/api/v1/proposals/"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert json.loads(response.content)["code"] == "database_unavailable"


def test_a_database_error_raised_in_a_middleware_answers_the_unavailable_page(rf):
    with translation.override("sv"):
        response = _server_error_during(OperationalError("connection refused"), rf.get("/agreements/"))
    assert response.status_code == 503 and response["Retry-After"]
    assert b'<html lang="sv">' in response.content


def test_any_other_error_is_still_a_500(rf):
    response = _server_error_during(ValueError("a bug"), rf.get("/agreements/"))
    assert response.status_code == 500
