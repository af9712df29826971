"""The fixed cast of every test: an Espoo school's teacher and principal, a company representative, an
Espoo coordinator, and their outsiders (another school, another company, a Vantaa coordinator)."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation
from rest_framework.test import APIClient

from kyky.accounts.models import Membership
from kyky.catalog import codes
from kyky.catalog.models import Municipality
from kyky.core import read_cache
from tests.factories import CityFactory, CompanyFactory, MembershipFactory, OrganisationFactory
from tests.seal_ca import create_test_ca

Role = Membership.Role

HELSINKI = ZoneInfo("Europe/Helsinki")
# The day the whole run lives on, read once so that a run across midnight stays on one day.
TODAY = (
    dt.date.fromisoformat(os.environ["KYKY_TEST_TODAY"])
    if os.environ.get("KYKY_TEST_TODAY")
    else dt.datetime.now(HELSINKI).date()
)


@pytest.fixture(autouse=True)
def _clock(request):
    """Every test runs on TODAY (the real date, or KYKY_TEST_TODAY=YYYY-MM-DD) from 10:00 in Helsinki, ticking.

    A test that needs an exact day travels there itself with the ``time_machine`` fixture. A test that
    talks to another process (the OpenID provider) keeps the machine's clock: ``@pytest.mark.real_clock``.
    """
    if request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10), tzinfo=HELSINKI), tick=True):
        yield


@pytest.fixture(autouse=True)
def english():
    """Tests read messages in English whatever the default language."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session", autouse=True)
def test_ca(tmp_path_factory):
    """Final PDFs are sealed with a certificate issued by a test CA, not the development seal under data/."""
    ca = create_test_ca(tmp_path_factory.mktemp("seal"))
    with override_settings(SEAL_P12_FILE=str(ca.p12), SEAL_PASSWORD=ca.password, SEAL_PASSWORD_FILE="", TSA_URL=""):
        yield ca


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    codes.clear()  # each process's code lists: a test's rolled-back codes must not outlive it
    read_cache.clear()
    yield
    cache.clear()
    codes.clear()
    read_cache.clear()


@pytest.fixture
def school(db):
    return OrganisationFactory(name="Auroran koulu", languages=["fi"])


@pytest.fixture
def other_school(db):
    return OrganisationFactory(name="Mattlidens skola", languages=["sv"])


@pytest.fixture
def company(db):
    return CompanyFactory(name="Laskuri Oy")


@pytest.fixture
def other_company(db):
    return CompanyFactory(name="Kielikone Oy")


@pytest.fixture
def espoo_city(db):
    return CityFactory(municipality=Municipality.objects.get(pk="espoo"), name="Espoon kaupunki")


@pytest.fixture
def vantaa_city(db):
    return CityFactory(municipality=Municipality.objects.get(pk="vantaa"), name="Vantaan kaupunki")


def _member(organisation, role, email):
    return MembershipFactory(organisation=organisation, role=role, user__email=email).user


@pytest.fixture
def teacher(school):
    return _member(school, Role.TEACHER, "teacher@auroran.example")


@pytest.fixture
def principal(school):
    return _member(school, Role.PRINCIPAL, "principal@auroran.example")


@pytest.fixture
def representative(company):
    return _member(company, Role.REPRESENTATIVE, "rep@laskuri.example")


@pytest.fixture
def coordinator(espoo_city):
    return _member(espoo_city, Role.COORDINATOR, "coordinator@espoo.example")


@pytest.fixture
def other_teacher(other_school):
    return _member(other_school, Role.TEACHER, "teacher@mattliden.example")


@pytest.fixture
def other_representative(other_company):
    return _member(other_company, Role.REPRESENTATIVE, "rep@kielikone.example")


@pytest.fixture
def vantaa_coordinator(vantaa_city):
    return _member(vantaa_city, Role.COORDINATOR, "coordinator@vantaa.example")


@pytest.fixture
def client():
    """Django's test client, asking for English pages."""
    from django.test import Client as DjangoClient

    return DjangoClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def api():
    """An anonymous API client; `api.as_user(user)` gives another one signed in with that user's real token."""

    class Client(APIClient):
        """A client signed in like a real API client: a token from kyky.accounts.tokens, renewed when it expires.

        A test that moves the clock past KYKY_TOKEN_TTL_HOURS gets a fresh token on its next request, as an
        app that logs in again would; tests of the expiry itself use `tokens.token_create` directly.
        """

        user = None
        expiry = None

        def as_user(self, user):
            signed_in = Client(HTTP_ACCEPT_LANGUAGE="en")
            signed_in.user = user
            signed_in._sign_in()
            return signed_in

        def _sign_in(self):
            from kyky.accounts.tokens import token_create

            token, key = token_create(user=self.user)
            self.expiry = token.expiry
            self.credentials(HTTP_AUTHORIZATION=f"Token {key}")

        def request(self, **kwargs):
            from django.utils import timezone

            if self.user is not None and self.expiry <= timezone.now():
                self._sign_in()
            return super().request(**kwargs)

    return Client(HTTP_ACCEPT_LANGUAGE="en")
