"""Page tests read English: the client asks for it the way a browser does, through the language cookie."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture(autouse=True)
def _fresh_match_index():
    """Rows made with factories skip the services and so the index's version bump: start each test afresh."""
    from kyky.matching.indexes import process_cache

    process_cache().clear()
    yield
    process_cache().clear()


@pytest.fixture
def client():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def as_user(client):
    """`as_user(user)` signs the client in and returns it."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# The workflow: a pair, an application, and an agreement in each state, made through the services.


@pytest.fixture
def offer(company, representative):
    from tests.factories import ProposalFactory

    return ProposalFactory(organisation=company, title="Murtolukupeli", capacity=2)


@pytest.fixture
def group_need(school, teacher):
    from tests.factories import NeedFactory

    return NeedFactory(organisation=school, title="Murtoluvut haltuun")


@pytest.fixture
def company_application(offer, group_need, representative):
    from kyky.pilots import services

    return services.application_create(actor=representative, proposal=offer, need=group_need, message="Hei!")


@pytest.fixture
def draft_agreement(company_application, principal):
    from kyky.process import services as process

    return process.application_accept(actor=principal, application=company_application).agreement


@pytest.fixture
def submitted_agreement(draft_agreement, teacher, representative):
    """Both parties marked their parts ready: submitted to the coordinator."""
    from contracts import services

    services.agreement_submit(actor=teacher, agreement=draft_agreement)
    return services.agreement_submit(actor=representative, agreement=draft_agreement)


@pytest.fixture
def approved_agreement(submitted_agreement, coordinator, django_capture_on_commit_callbacks):
    """Approved, with its approved document stored by the task that runs once the approval commits."""
    from contracts import services

    with django_capture_on_commit_callbacks(execute=True):
        agreement = services.agreement_approve(actor=coordinator, agreement=submitted_agreement)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def signed_agreement(approved_agreement, principal, representative, django_capture_on_commit_callbacks):
    from contracts import services

    digest = approved_agreement.approved_sha256
    services.agreement_sign(actor=principal, agreement=approved_agreement, document_sha256=digest)
    with django_capture_on_commit_callbacks(execute=True):
        agreement = services.agreement_sign(actor=representative, agreement=approved_agreement, document_sha256=digest)
    agreement.refresh_from_db()
    return agreement
