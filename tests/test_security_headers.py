"""Headers and cookies as production sends them: settings read with DEBUG off in a fresh process, then
requests through the whole middleware stack with those settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.test import Client, override_settings

from tests.test_settings import PRODUCTION, ROOT

NAMES = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
]


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The security settings as production computes them (DEBUG off, nothing else set)."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {NAMES!r}}}))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "KYKY_"))}
    env = {**base, **PRODUCTION, "KYKY_DATA_DIR": str(tmp_path_factory.mktemp("data")),
           "DJANGO_SETTINGS_MODULE": "kyky.settings"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values.pop("DEBUG") is False
    return values


def test_production_settings_turn_the_protections_on(production):
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and production["SECURE_HSTS_PRELOAD"]
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["SECURE_SSL_REDIRECT"] is True
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert production[f"{cookie}_COOKIE_SECURE"] is True, cookie
        assert production[f"{cookie}_COOKIE_HTTPONLY"] is True, cookie
        assert production[f"{cookie}_COOKIE_SAMESITE"] == "Lax", cookie


class HttpsClient(Client):
    def request(self, **request):
        return super().request(**{**request, "wsgi.url_scheme": "https", "SERVER_PORT": "443"})


@pytest.fixture
def https(production, settings):
    """A client on https://kyky.example.fi with production's security settings."""
    with override_settings(**production, ALLOWED_HOSTS=["kyky.example.fi"], DEBUG=False):
        yield HttpsClient(HTTP_HOST="kyky.example.fi", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.django_db
def test_pages_carry_the_security_headers(https):
    response = https.get("/accounts/login/")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert policy["default-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["script-src"].startswith("'self'")
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"


@pytest.mark.django_db
def test_plain_http_is_redirected(production):
    with override_settings(**production, ALLOWED_HOSTS=["kyky.example.fi"], DEBUG=False):
        response = Client(HTTP_HOST="kyky.example.fi").get("/proposals/")
    assert response.status_code == 301
    assert response["Location"] == "https://kyky.example.fi/proposals/"


@pytest.mark.django_db
def test_the_api_answers_carry_the_headers_and_json_only(https):
    response = https.get("/api/v1/subjects/", HTTP_ACCEPT="text/html")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_cookies_are_secure_httponly_and_same_site(https, teacher):
    response = https.post("/accounts/login/", {"username": teacher.email, "password": "correct horse battery"})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    page = https.get("/accounts/login/")
    csrf = page.cookies.get("csrftoken") or https.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    language = https.post("/i18n/setlang/", {"language": "sv", "next": "/"}).cookies["django_language"]
    assert language["secure"] and language["httponly"] and language["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_api_docs_allow_inline_styles_but_no_inline_script(https):
    response = https.get("/api/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    style = next(part for part in policy.split(";") if part.strip().startswith("style-src"))
    script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" in style and "'unsafe-inline'" not in script
    assert "<script>" not in response.content.decode()


# The session key changes at login, so a key planted before login (session fixation) is worth nothing.


@pytest.mark.django_db
def test_the_session_key_rotates_at_password_login(client, teacher):
    client.get("/accounts/login/")
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    response = client.post("/accounts/login/", {"username": teacher.email, "password": "correct horse battery"})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after and after != before
    assert client.session.get("_auth_user_id") == str(teacher.pk)
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=before).exists()  # the old key no longer works


@pytest.mark.django_db
def test_the_session_key_rotates_at_admin_login(client, settings):
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True, email="staff@kyky.example")
    client.get("/admin/login/")
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != before
