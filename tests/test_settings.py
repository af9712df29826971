"""Settings come from the environment; production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a" * 20 + "production-secret-key-with-enough-entropy-4f9c1e",
    "DJANGO_ALLOWED_HOSTS": "kyky.example.fi",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://kyky.example.fi",
    "KYKY_SEAL_P12_FILE": "/run/secrets/kyky-seal.p12",
    "KYKY_SEAL_PASSWORD": "seal-password",
    "KYKY_SITE_URL": "https://kyky.example.fi",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_has_no_warning_with_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "KYKY_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env={**env, "KYKY_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(PRODUCTION["DJANGO_SECRET_KEY"] + "\n")
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env={**env, "DJANGO_SECRET_KEY_FILE": str(secret), "KYKY_DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_seal_certificate_is_required_when_debug_is_off(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if not k.startswith("KYKY_SEAL_")}
    result = manage("check", env={**env, "KYKY_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "KYKY_SEAL_P12_FILE" in result.stderr and "KYKY_SEAL_PASSWORD" in result.stderr


def test_site_url_is_required_when_debug_is_off(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "KYKY_SITE_URL"}
    result = manage("check", env={**env, "KYKY_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "Set KYKY_SITE_URL" in result.stderr
    shown = manage(
        "shell", "-c", "from django.conf import settings; print(settings.SITE_URL)",
        env={**PRODUCTION, "KYKY_SITE_URL": "https://kyky.example.fi/", "KYKY_DATA_DIR": str(tmp_path)},
    )  # fmt: skip
    assert shown.stdout.split()[-1] == "https://kyky.example.fi"


def test_allowed_hosts_are_required_when_debug_is_off(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_ALLOWED_HOSTS"}
    result = manage("check", env={**env, "KYKY_DATA_DIR": str(tmp_path)})
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_ssl_redirect_can_be_turned_off_for_plain_http(tmp_path):
    code = "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT, settings.DEBUG)"
    on = manage("shell", "-c", code, env={**PRODUCTION, "KYKY_DATA_DIR": str(tmp_path)})
    off = manage(
        "shell", "-c", code, env={**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "0", "KYKY_DATA_DIR": str(tmp_path)}
    )
    assert on.stdout.split()[-2:] == ["True", "False"]
    assert off.stdout.split()[-2:] == ["False", "False"]


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_bad_boolean_says_what_to_set(tmp_path, value):
    result = manage("check", env={**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": value, "KYKY_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DJANGO_SECURE_SSL_REDIRECT" in result.stderr


def test_database_url_selects_the_database(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = manage("shell", "-c", code, env={**PRODUCTION, "DATABASE_URL": "postgres://u:p@db.example:5432/kyky"})
    assert result.stdout.strip().endswith("django.db.backends.postgresql")
    result = manage("shell", "-c", code, env={**PRODUCTION, "KYKY_DATA_DIR": str(tmp_path)})
    assert result.stdout.strip().endswith("django.db.backends.sqlite3")


def test_an_identity_provider_needs_its_client_credentials(tmp_path):
    env = {**PRODUCTION, "KYKY_OIDC_ISSUER": "https://tunnistus.example.fi", "KYKY_DATA_DIR": str(tmp_path)}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "KYKY_OIDC_CLIENT_ID" in result.stderr and "KYKY_OIDC_CLIENT_SECRET" in result.stderr
    result = manage("check", env={**PRODUCTION, "KYKY_SIGNING_REQUIRES_OIDC": "1", "KYKY_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0 and "KYKY_OIDC_ISSUER" in result.stderr


def test_without_redis_production_counts_in_the_database_cache_every_worker_shares(tmp_path):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = manage("shell", "-c", code, env={**PRODUCTION, "KYKY_DATA_DIR": str(tmp_path)})
    assert result.stdout.split()[-1] == "kyky.core.cache.DatabaseCache", result.stderr
    redis = manage(
        "shell", "-c", code, env={**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/0", "KYKY_DATA_DIR": str(tmp_path)}
    )
    assert redis.stdout.split()[-1] == "django.core.cache.backends.redis.RedisCache", redis.stderr
