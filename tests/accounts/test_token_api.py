"""Logging in to the API with e-mail and password, and the limit on failed attempts."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"


def test_token_login_then_authenticated_request(api, teacher):
    response = api.post(URL, {"email": "TEACHER@auroran.example", "password": "correct horse battery"}, format="json")
    assert response.status_code == 200
    assert set(response.json()) == {"token", "expiry"}
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/proposals/").status_code == 200


def test_wrong_password_is_refused(api, teacher):
    response = api.post(URL, {"email": teacher.email, "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "authentication_failed"
    assert "token" not in response.json()


def test_missing_fields_are_field_errors(api):
    response = api.post(URL, {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email", "password"}


def test_inactive_user_cannot_log_in(api, teacher):
    teacher.is_active = False
    teacher.save()
    assert (
        api.post(URL, {"email": teacher.email, "password": "correct horse battery"}, format="json").status_code == 400
    )


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_repeated_failures_are_throttled_even_with_the_right_password(api, teacher, principal):
    for _ in range(3):
        assert api.post(URL, {"email": teacher.email, "password": "guess"}, format="json").status_code == 400
    response = api.post(URL, {"email": teacher.email, "password": "correct horse battery"}, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"
    # Another account from the same address is not locked out by someone else's failures.
    assert (
        api.post(URL, {"email": principal.email, "password": "correct horse battery"}, format="json").status_code == 200
    )


def test_revoking_the_token(api, teacher):
    token = api.post(URL, {"email": teacher.email, "password": "correct horse battery"}, format="json").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.delete("/api/v1/auth/token/revoke/").status_code == 204
    assert api.get("/api/v1/proposals/").status_code == 401


def test_session_login_page_logs_in_by_email(client, teacher):
    response = client.post("/accounts/login/", {"username": teacher.email, "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/api/v1/proposals/").status_code == 200


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_session_login_page_is_throttled_too(client, teacher):
    for _ in range(2):
        client.post("/accounts/login/", {"username": teacher.email, "password": "nope"})
    response = client.post(
        "/accounts/login/", {"username": teacher.email, "password": "correct horse battery"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
