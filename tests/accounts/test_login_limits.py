"""The limits on failed logins hold per account and client, and no client can turn them against others."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"
PASSWORD = "correct horse battery"
NAT = "192.0.2.10"  # a school's NAT: everyone behind it has this address
HOME = "198.51.100.7"


def token(api, email, password, address=NAT):
    return api.post(URL, {"email": email, "password": password}, format="json", REMOTE_ADDR=address)


def page_login(client, email, password, address=NAT):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=address)


def spray(api, count=100, address=NAT):
    for i in range(count):
        assert token(api, f"nobody{i}@example.com", "guess", address).status_code == 400


def test_failures_with_unknown_emails_from_an_address_never_refuse_a_correct_api_login(api, teacher):
    spray(api)
    # Wrong passwords from that address are now refused outright...
    assert token(api, "nobody-else@example.com", "guess").status_code == 429
    assert token(api, teacher.email, "guess").status_code == 429
    # ...but the teacher behind the same address still gets in.
    response = token(api, teacher.email, PASSWORD)
    assert response.status_code == 200 and response.json()["token"]


def test_failures_with_unknown_emails_from_an_address_never_refuse_a_correct_page_login(api, client, teacher):
    spray(api)
    response = page_login(client, teacher.email, PASSWORD)
    assert response.status_code == 302
    assert client.get("/api/v1/proposals/").status_code == 200


def check_pair_limit(api, teacher, principal):
    for _ in range(5):
        assert token(api, teacher.email, "guess").status_code == 400
    response = token(api, teacher.email, PASSWORD)  # the sixth attempt, even with the right password
    assert response.status_code == 429
    assert response.json()["code"] == "throttled" and int(response["Retry-After"]) > 0
    assert token(api, teacher.email, PASSWORD, address=HOME).status_code == 200
    assert token(api, principal.email, PASSWORD).status_code == 200
    assert token(api, teacher.email, PASSWORD).status_code == 429  # the pair stays refused for the window


def test_failures_for_one_account_from_one_client_refuse_only_that_pair(api, teacher, principal):
    check_pair_limit(api, teacher, principal)


def test_the_page_login_refuses_the_pair_after_the_api_failures(api, client, teacher):
    for _ in range(5):
        token(api, teacher.email, "guess")
    response = page_login(client, teacher.email, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert page_login(client, teacher.email, PASSWORD, address=HOME).status_code == 302


def test_failures_for_one_account_from_many_clients_refuse_the_account(api, teacher):
    for n in range(4):
        for _ in range(5):
            assert token(api, teacher.email, "guess", address=f"203.0.113.{n}").status_code == 400
    assert token(api, teacher.email, PASSWORD, address=HOME).status_code == 429


def test_refused_attempts_from_one_client_do_not_count_against_the_account(api, teacher):
    for _ in range(40):
        token(api, teacher.email, "guess")
    assert token(api, teacher.email, PASSWORD, address=HOME).status_code == 200


def test_admin_login_is_throttled_too(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin@kyky.example", "admin-password", name="Admin")
    for _ in range(5):
        response = client.post("/admin/login/", {"username": admin.email, "password": "guess"}, REMOTE_ADDR=NAT)
        assert response.status_code == 200 and "Too many failed attempts" not in response.content.decode()
    response = client.post("/admin/login/", {"username": admin.email, "password": "admin-password"}, REMOTE_ADDR=NAT)
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still not signed in
    response = client.post("/admin/login/", {"username": admin.email, "password": "admin-password"}, REMOTE_ADDR=HOME)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


DATABASE_CACHE = {"default": {"BACKEND": "kyky.core.cache.DatabaseCache", "LOCATION": "kyky_cache"}}


def test_the_limits_hold_in_the_database_cache_production_uses(api, teacher, principal):
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable")
        cache.add("counter", 0, 60)
        assert [cache.incr("counter") for _ in range(3)] == [1, 2, 3]
        check_pair_limit(api, teacher, principal)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM kyky_cache")
            assert cursor.fetchone()[0] >= 2  # the counters are rows every worker reads


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_cache_counts_concurrent_hits_exactly():
    import threading

    from django.db import connections

    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable")
        cache.add("hits", 0, 60)

        def hit():
            for _ in range(10):
                cache.incr("hits")
            connections.close_all()

        threads = [threading.Thread(target=hit) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert cache.get("hits") == 60
