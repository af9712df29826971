"""Sign-in through an OpenID Connect provider, end to end against a real one: oidc-provider on Node.js,
started on loopback by these tests (tests/oidc/provider.js). Nothing of the protocol is mocked: KYKY
discovers the provider, sends the browser there, and redeems the code at the provider's token endpoint."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import select
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests
from django.core.exceptions import SuspiciousOperation

from contracts import services as agreement_services
from contracts.models import Agreement
from kyky.accounts.oidc import SESSION_KEY, OIDCBackend
from kyky.pilots import services as pilot_services
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory

# The provider runs in its own process on the machine's clock, and so do the cookies and tokens it issues.
pytestmark = pytest.mark.real_clock

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc"
CALLBACK = "http://testserver/oidc/callback/"
KYKY = {"client_id": "kyky", "client_secret": "kyky-test-secret-" + "x" * 24, "redirect_uris": [CALLBACK]}
OTHER = {"client_id": "other-service", "client_secret": "other-test-secret-" + "y" * 24, "redirect_uris": [CALLBACK]}


@dataclass(frozen=True)
class RunningProvider:
    issuer: str


def _unavailable(reason: str):
    if os.environ.get("KYKY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KYKY_REQUIRE_BROWSER=1 but {reason}.", pytrace=False)
    pytest.skip(f"OpenID Connect tests skipped: {reason}. Set KYKY_REQUIRE_BROWSER=1 to make this an error.")


@pytest.fixture(scope="session")
def provider():
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _unavailable("Node.js (node and npm) is not installed")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True, timeout=300, capture_output=True
        )
    env = {**os.environ, "OIDC_CLIENTS": json.dumps([KYKY, OTHER]), "NODE_NO_WARNINGS": "1"}
    process = subprocess.Popen(
        [node, "provider.js"], cwd=PROVIDER_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 30)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("listening "):
            process.kill()
            pytest.fail(f"The test OpenID provider did not start: {line!r} {process.stderr.read()}", pytrace=False)
        yield RunningProvider(issuer=line.split()[1])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def oidc(provider, settings):
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = KYKY["client_id"]
    settings.OIDC_RP_CLIENT_SECRET = KYKY["client_secret"]
    settings.OIDC_NAME = "Testikaupunki ID"
    return provider


def at_provider(url: str, *, email: str, verified: bool = True, acr: str = "substantial") -> str:
    """Be the browser at the provider: follow its redirects, fill in its login form, and return the
    URL it finally sends the browser back to (KYKY's callback), without following that one."""
    browser = requests.Session()
    response = browser.get(url, allow_redirects=False, timeout=10)
    for _ in range(10):
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith("http://testserver/"):
                return url
            response = browser.get(url, allow_redirects=False, timeout=10)
        elif response.status_code == 200 and "<form" in response.text:
            action = response.text.split('action="', 1)[1].split('"', 1)[0]
            url = urljoin(url, action)
            form = {"email": email, "verified": "yes" if verified else "no", "acr": acr}
            response = browser.post(url, data=form, allow_redirects=False, timeout=10)
        else:
            raise AssertionError(f"Unexpected answer from the provider: {response.status_code} {response.text[:300]}")
    raise AssertionError("Too many redirects at the provider.")


def start(client) -> str:
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    assert response["Location"].startswith(client_issuer(client))
    return response["Location"]


def client_issuer(client) -> str:
    from django.conf import settings

    return settings.OIDC_ISSUER


def come_back(client, url: str):
    parts = urlsplit(url)
    return client.get(parts.path, parse_qs(parts.query))


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_login_page_offers_the_provider_above_the_password_form(client, oidc, settings):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Testikaupunki ID" in page
    assert page.index("Sign in with Testikaupunki ID") < page.index('type="password"')
    settings.OIDC_ISSUER = ""  # no provider: passwords only
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_a_known_verified_email_signs_in_and_the_assurance_is_kept(client, oidc, principal):
    callback = at_provider(start(client), email=principal.email.upper(), acr="high")
    assert callback.startswith(CALLBACK) and "code=" in callback
    response = come_back(client, callback)
    assert response.status_code == 302 and response["Location"] == "/"
    assert logged_in_user_id(client) == str(principal.pk)
    assert client.session[SESSION_KEY] == {"method": "oidc", "assurance": "high"}


@pytest.mark.django_db
def test_an_unknown_or_unverified_email_gets_the_page_that_says_whom_to_ask(client, oidc, principal):
    response = come_back(client, at_provider(start(client), email="stranger@elsewhere.example"))
    assert response.status_code == 302 and response["Location"] == "/oidc/refused/"
    assert logged_in_user_id(client) is None
    page = client.get(response["Location"])
    assert page.status_code == 403
    assert "KYKY coordinator, or the KYKY administrators, to add you" in page.content.decode()
    # A known address the provider has not verified is refused alike.
    response = come_back(client, at_provider(start(client), email=principal.email, verified=False))
    assert response["Location"] == "/oidc/refused/" and logged_in_user_id(client) is None


@pytest.mark.django_db
def test_a_tampered_state_is_refused(client, oidc, principal):
    callback = at_provider(start(client), email=principal.email)
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    query["state"] = [query["state"][0][:-2] + "xx"]
    response = client.get(parts.path, query)
    assert response.status_code == 400
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_a_code_issued_to_another_client_is_refused(client, oidc, principal):
    """The browser is sent to the provider for KYKY but comes back with a code for another client."""
    url = start(client)
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query["client_id"] = OTHER["client_id"]
    response = come_back(
        client, at_provider(f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}", email=principal.email)
    )
    assert response["Location"] == "/oidc/refused/"
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_an_id_token_for_another_audience_is_refused(oidc, principal):
    """A genuine ID token of this provider, issued to another client, does not pass KYKY's checks."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    discovery = requests.get(f"{oidc.issuer}/.well-known/openid-configuration", timeout=10).json()
    query = {
        "client_id": OTHER["client_id"],
        "response_type": "code",
        "scope": "openid email",
        "redirect_uri": CALLBACK,
        "state": "s" * 16,
        "nonce": "n" * 16,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    callback = at_provider(f"{discovery['authorization_endpoint']}?{urlencode(query)}", email=principal.email)
    code = parse_qs(urlsplit(callback).query)["code"][0]
    tokens = requests.post(
        discovery["token_endpoint"],
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "code_verifier": verifier},
        auth=(OTHER["client_id"], OTHER["client_secret"]),
        timeout=10,
    ).json()
    backend = OIDCBackend()
    backend.configure()
    with pytest.raises(SuspiciousOperation, match="(?i)audience"):
        backend.verify_token(tokens["id_token"], nonce="n" * 16)


@pytest.fixture
def approved(company, school, representative, principal, teacher, coordinator, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(organisation=company, capacity=3, processes_personal_data=False)
    application = pilot_services.application_create(
        actor=teacher, proposal=proposal, need=NeedFactory(organisation=school), message=""
    )
    agreement = process.application_accept(actor=representative, application=application).agreement
    agreement_services.agreement_submit(actor=teacher, agreement=agreement)
    agreement_services.agreement_submit(actor=representative, agreement=agreement)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_services.agreement_approve(actor=coordinator, agreement=agreement)
    return Agreement.objects.get(pk=agreement.pk)


@pytest.mark.django_db
def test_signing_records_the_sign_in_and_can_require_the_provider(client, oidc, settings, approved, principal):
    settings.SIGNING_REQUIRES_OIDC = True
    form = {"document_sha256": approved.approved_sha256, "read": "on"}
    client.force_login(principal)  # as after a password login
    response = client.post(f"/agreements/{approved.pk}/sign/", form)
    assert response.status_code == 403
    assert "Signing requires signing in through Testikaupunki ID" in response.content.decode()
    assert not approved.signatures.exists()

    client.logout()
    come_back(client, at_provider(start(client), email=principal.email, acr="substantial"))
    response = client.post(f"/agreements/{approved.pk}/sign/", form)
    assert response.status_code == 302
    signature = approved.signatures.get()
    assert (signature.method, signature.assurance) == ("oidc", "substantial")


@pytest.mark.django_db
def test_the_session_key_rotates_at_sign_in_through_the_provider(client, oidc, principal):
    """The session that carried the OpenID state is not the one that is signed in (no session fixation)."""
    callback = at_provider(start(client), email=principal.email)
    before = client.cookies["sessionid"].value
    assert come_back(client, callback).status_code == 302
    assert logged_in_user_id(client) == str(principal.pk)
    assert client.cookies["sessionid"].value != before
