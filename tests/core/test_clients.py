"""The client's address behind a proxy: X-Forwarded-For counts only when one of our proxies sent the request."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from kyky.api.throttling import ClientRateThrottle
from kyky.core.clients import client_ip

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.66"
TEACHER = "198.51.100.7"
SCHOOL = "192.0.2.10"


def address(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert address(ATTACKER, "127.0.0.1") == ATTACKER
    assert address(PROXY, TEACHER) == PROXY


def test_a_forged_header_from_outside_changes_nothing(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert address(ATTACKER, TEACHER) == ATTACKER
    assert address(ATTACKER, f"{TEACHER}, {PROXY}") == ATTACKER


def test_from_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    assert address(PROXY, TEACHER) == TEACHER
    # The client wrote the left part itself; the proxies appended the real address on the right.
    assert address(PROXY, f"127.0.0.1, {SCHOOL}") == SCHOOL
    assert address(PROXY, f"{SCHOOL}, 10.1.2.3") == SCHOOL  # two proxies in a row
    assert address("2001:db8::1", f"{TEACHER}:51234") == TEACHER
    assert address(PROXY, "[2001:db9::7]:443") == "2001:db9::7"


def test_a_chain_of_only_proxies_or_garbage_stops_at_the_last_known_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert address(PROXY, "10.9.9.9") == "10.9.9.9"
    assert address(PROXY, "not-an-address") == PROXY
    assert address(PROXY, f"{TEACHER}, garbage") == PROXY
    assert address(PROXY, "") == PROXY
    assert address("") == "unknown"


def test_a_bad_network_stops_the_start():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "kyky.settings",
            "DJANGO_DEBUG": "1",
            "KYKY_TRUSTED_PROXIES": "10.0.0.0/8, load-balancer",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "KYKY_TRUSTED_PROXIES: 'load-balancer'" in result.stderr


class _OnePerMinute(ClientRateThrottle):
    rate = "1/min"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": "test", "ident": self.get_ident(request)}


class _Throttled(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [_OnePerMinute]

    def get(self, request):
        from rest_framework.response import Response

        return Response({})


def _get(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return _Throttled.as_view()(APIRequestFactory().get("/", **meta)).status_code


def test_api_throttles_key_on_the_real_client_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _get(PROXY, TEACHER) == 200
    assert _get(PROXY, TEACHER) == 429
    assert _get(PROXY, SCHOOL) == 200  # another client behind the same balancer has its own count


def test_api_throttles_ignore_a_forged_header(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _get(ATTACKER, "192.0.2.1") == 200
    assert _get(ATTACKER, "192.0.2.2") == 429  # a new forged address each time buys nothing


@pytest.mark.django_db
def test_login_limits_key_on_the_client_behind_the_proxy(api, teacher, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.LOGIN_FAILURE_LIMIT = 2
    url = "/api/v1/auth/token/"

    def attempt(password, forwarded):
        body = {"email": teacher.email, "password": password}
        return api.post(url, body, format="json", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code

    for _ in range(2):
        assert attempt("guess", ATTACKER) == 400
    assert attempt("correct horse battery", ATTACKER) == 429
    # The teacher at home comes through the same balancer, and is not locked out by the attacker.
    assert attempt("correct horse battery", TEACHER) == 200


@pytest.mark.django_db
def test_a_forged_header_does_not_escape_the_login_limits(api, teacher, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.LOGIN_FAILURE_LIMIT = 2
    for n in range(2):
        body = {"email": teacher.email, "password": "guess"}
        response = api.post("/api/v1/auth/token/", body, format="json", REMOTE_ADDR=ATTACKER,
                            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")  # fmt: skip
        assert response.status_code == 400
    body = {"email": teacher.email, "password": "correct horse battery"}
    response = api.post(
        "/api/v1/auth/token/", body, format="json", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.9"
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_feedback_throttle_keys_on_the_client_behind_the_proxy(client, settings, mailoutbox):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.FEEDBACK_LIMIT_PER_HOUR = 1

    def send(remote, forwarded):
        return client.post(
            "/feedback/", {"message": "Kontrasti on heikko."}, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert send(PROXY, TEACHER) == 302
    assert send(PROXY, TEACHER) == 429
    assert send(PROXY, SCHOOL) == 302
    # From outside, a forged header neither spends nor escapes anyone's count.
    assert send(ATTACKER, TEACHER) == 302
    assert send(ATTACKER, "192.0.2.200") == 429
    assert len(mailoutbox) == 3
