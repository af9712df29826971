"""API tokens: random, shown once at login, stored as a SHA-256 digest, expiring after KYKY_TOKEN_TTL_HOURS.

A token is 32 random bytes, so a plain digest (no salt, no slow hash) cannot be reversed, and finding the
row takes one indexed lookup per request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from kyky.accounts.models import ApiToken, User


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: User) -> tuple[ApiToken, str]:
    """A new API token for the user; returns the row and the token to hand out (never stored).

    The user's expired tokens go at the same time, so the table holds only live ones.
    """
    now = timezone.now()
    ApiToken.objects.filter(user=user, expiry__lte=now).delete()
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        digest=token_digest(key), user=user, created=now, expiry=now + dt.timedelta(hours=settings.TOKEN_TTL_HOURS)
    )
    return token, key


def token_authenticate(*, key: str) -> ApiToken | None:
    """The live token with this key (its user loaded), or None. An expired token is deleted when it is seen."""
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
    if token is None:
        return None
    if token.expired:
        ApiToken.objects.filter(pk=token.pk).delete()
        return None
    return token


def token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).delete()


def token_revoke_all(*, user: User) -> int:
    deleted, _per_model = ApiToken.objects.filter(user=user).delete()
    return deleted
