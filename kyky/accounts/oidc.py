"""Sign-in through the city's OpenID Connect provider (mozilla-django-oidc), and how a session signed in.

The provider's endpoints and keys are discovered from `<KYKY_OIDC_ISSUER>/.well-known/openid-configuration`
on first use and kept for the life of the process. The client authenticates at the token endpoint with
`client_secret_basic`. An ID token is accepted only if its signature, issuer, audience (our client ID),
expiry and nonce hold. A signed-in person is matched to an existing active account by a verified e-mail
address; nobody is created: admins onboard.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger(__name__)

SESSION_KEY = "kyky_authentication"
PASSWORD = {"method": "password", "assurance": ""}

_discovered: dict[str, dict] = {}
_lock = threading.Lock()


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def provider_configuration() -> dict:
    """The issuer's discovery document (fetched once per process and issuer)."""
    issuer = settings.OIDC_ISSUER
    with _lock:
        if issuer not in _discovered:
            response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
            if document.get("issuer") != issuer:
                raise ImproperlyConfigured(
                    f"KYKY_OIDC_ISSUER is {issuer!r} but the provider calls itself {document.get('issuer')!r}."
                )
            _discovered[issuer] = document
        return _discovered[issuer]


def session_authentication(session: Mapping) -> dict[str, str]:
    """How this session signed in: {"method": "password" | "oidc", "assurance": acr or loa, or ""}."""
    return dict(session.get(SESSION_KEY) or PASSWORD)


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code-flow backend, with discovery, audience and issuer checks, and no sign-up."""

    def __init__(self, *args, **kwargs) -> None:
        # The endpoints are discovered when a callback arrives, not whenever Django lists the backends.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None or "nonce" not in kwargs:
            return None  # a password login, or no provider configured
        try:
            self.configure()
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation, jwt.PyJWTError, KeyError, ValueError) as exc:
            logger.warning("OpenID Connect sign-in refused: %s", exc)
            return None

    def configure(self) -> None:
        """Take the provider's endpoints from its discovery document."""
        provider = provider_configuration()
        self.issuer = provider["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT = provider["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = provider["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = provider["jwks_uri"]

    def _verify_jws(self, payload, key):
        """Verify the signature as upstream does, and also the issuer and the audience (upstream skips them)."""
        algorithm = jwt.get_unverified_header(payload).get("alg")
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"The ID token is signed with {algorithm!r}, not {self.OIDC_RP_SIGN_ALGO!r}.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[algorithm],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
                leeway=30,
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("email"))

    def filter_users_by_claims(self, claims):
        if claims.get("email_verified") is not True:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=claims["email"].strip(), is_active=True)

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            # Read by the callback view once the user is logged in; the session is replaced before that.
            assurance = payload.get("acr") or payload.get("loa") or ""
            self.request.kyky_authentication = {"method": "oidc", "assurance": str(assurance)[:200]}
        return user

    def create_user(self, claims):
        raise SuspiciousOperation("KYKY does not create accounts at sign-in.")
