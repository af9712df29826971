"""Shared steps for the notification tests: a pairing taken as far as a test needs, through the real services."""

from __future__ import annotations

import pytest

from contracts import services as agreements
from kyky.matching.indexes import process_cache
from kyky.pilots import services as pilots
from kyky.pilots.models import Need
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory


@pytest.fixture(autouse=True)
def _fresh_index():
    """Rows made with factories skip the index's version bump: start every test from an empty index cache."""
    process_cache().clear()
    yield
    process_cache().clear()


@pytest.fixture
def need(school, teacher, principal):
    return NeedFactory(organisation=school, created_by=teacher, title="Murtoluvut <4B> & kaverit")


@pytest.fixture
def proposal(company, representative):
    return ProposalFactory(organisation=company, title="Murtolukupeli", capacity=3)


@pytest.fixture
def sent(mailoutbox):
    """The e-mails sent so far, by recipient: {address: [message, ...]}."""

    def by_recipient():
        found: dict[str, list] = {}
        for message in mailoutbox:
            for address in message.to:
                found.setdefault(address, []).append(message)
        return found

    return by_recipient


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a step and what it queued for after its commit (the e-mails), as a real request would."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


@pytest.fixture
def application(proposal, need, representative):
    return pilots.application_create(actor=representative, proposal=proposal, need=need, message="Hei <b>rehtori</b>!")


@pytest.fixture
def agreement(application, principal):
    return process.application_accept(actor=principal, application=application).agreement


@pytest.fixture
def approved(agreement, teacher, representative, coordinator):
    agreements.agreement_submit(actor=teacher, agreement=agreement)
    agreements.agreement_submit(actor=representative, agreement=agreement)
    return agreements.agreement_approve(actor=coordinator, agreement=agreement)


def sign(agreement, user):
    digest = agreements.ensure_approved_sha256(agreement)
    return agreements.agreement_sign(actor=user, agreement=agreement, document_sha256=digest)


__all__ = ["Need", "sign"]
