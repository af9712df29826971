"""API tokens expire, are stored only as digests, and are revoked by logging out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from kyky.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"
PASSWORD = "correct horse battery"


def log_in(api, user):
    response = api.post(URL, {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    return response.json()


def test_the_token_answer_names_its_expiry(api, teacher, settings):
    settings.TOKEN_TTL_HOURS = 10
    body = log_in(api, teacher)
    assert set(body) == {"token", "expiry"}
    expiry = dt.datetime.fromisoformat(body["expiry"])
    assert dt.timedelta(hours=9, minutes=59) < expiry - timezone.now() <= dt.timedelta(hours=10)


def test_the_token_is_not_stored(api, teacher):
    token = log_in(api, teacher)["token"]
    assert len(token) >= 40
    row = ApiToken.objects.get(user=teacher)
    assert token not in row.digest
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        assert token not in repr(cursor.fetchall())


def test_a_token_expires_after_the_ttl(api, teacher, settings, time_machine):
    settings.TOKEN_TTL_HOURS = 10
    token = log_in(api, teacher)["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    time_machine.move_to(timezone.now() + dt.timedelta(hours=9, minutes=59), tick=True)
    assert api.get("/api/v1/me/").status_code == 200
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=2), tick=True)
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"
    assert not ApiToken.objects.filter(user=teacher).exists()  # gone once seen expired
    # Logging in again gives a working token.
    api.credentials(HTTP_AUTHORIZATION=f"Token {log_in(api, teacher)['token']}")
    assert api.get("/api/v1/me/").status_code == 200


def test_logout_revokes_only_the_presented_token(api, teacher):
    phone, laptop = log_in(api, teacher)["token"], log_in(api, teacher)["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {phone}")
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401
    assert api.post("/api/v1/auth/logout/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {laptop}")
    assert api.get("/api/v1/me/").status_code == 200


def test_logout_needs_a_token(api):
    response = api.post("/api/v1/auth/logout/")
    assert response.status_code == 401
    assert set(response.json()) >= {"detail", "code"}


def test_garbage_tokens_are_refused_in_the_error_shape(api):
    for header in ("Token", "Token a b", "Token nope", "Token \u00e4\u00e4"):
        api.credentials(HTTP_AUTHORIZATION=header.encode("utf-8").decode("latin-1"))
        response = api.get("/api/v1/me/")
        assert response.status_code == 401, header
        assert response.json()["code"] == "authentication_failed"


def test_an_inactive_users_token_stops_working(api, teacher):
    token = log_in(api, teacher)["token"]
    teacher.is_active = False
    teacher.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 401


def test_the_fixture_client_logs_in_again_after_the_ttl(api, teacher, settings, time_machine):
    signed_in = api.as_user(teacher)
    time_machine.move_to(timezone.now() + dt.timedelta(hours=settings.TOKEN_TTL_HOURS + 1), tick=True)
    assert signed_in.get("/api/v1/me/").status_code == 200


def test_the_browsable_api_is_off_in_production(settings):
    """With DEBUG off, the settings offer JSON only (read in a fresh process, as production starts)."""
    import json
    import subprocess
    import sys

    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES']))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "kyky.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "kyky.example.fi",
        "KYKY_SITE_URL": "https://kyky.example.fi",
        "KYKY_SEAL_P12_FILE": "/nonexistent.p12",
        "KYKY_SEAL_PASSWORD": "x",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["rest_framework.renderers.JSONRenderer"]
