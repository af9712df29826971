"""Fixtures of the agreement tests."""

from __future__ import annotations

import pytest

from contracts import services
from contracts.models import Agreement
from kyky.pilots import services as pilot_services
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory


@pytest.fixture
def signed(company, school, representative, principal, teacher, coordinator, django_capture_on_commit_callbacks):
    """An agreement both parties signed, with its final PDF produced after commit."""
    proposal = ProposalFactory(organisation=company, capacity=3, processes_personal_data=False)
    application = pilot_services.application_create(
        actor=teacher, proposal=proposal, need=NeedFactory(organisation=school), message=""
    )
    agreement = process.application_accept(actor=representative, application=application).agreement
    services.agreement_submit(actor=teacher, agreement=agreement)
    services.agreement_submit(actor=representative, agreement=agreement)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(actor=coordinator, agreement=agreement)
    digest = Agreement.objects.get(pk=agreement.pk).approved_sha256
    services.agreement_sign(actor=principal, agreement=agreement, document_sha256=digest)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_sign(actor=representative, agreement=agreement, document_sha256=digest)
    return Agreement.objects.get(pk=agreement.pk)
