"""Races: many acceptances against a small capacity, and simultaneous approvals, each in its own connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from contracts.models import Agreement
from kyky.accounts.models import Membership
from kyky.accounts.tokens import token_create
from kyky.pilots import services
from kyky.pilots.models import Application, Pilot, Proposal
from kyky.process import services as process
from tests.factories import CityFactory, MembershipFactory, NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(requests: list) -> list[int]:
    """Send the requests at once from separate threads (separate database connections); return the statuses."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)

    def run(index: int, token: str, path: str, body: dict) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        try:
            barrier.wait(timeout=10)
            statuses[index] = client.post(path, body, format="json").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def token(user) -> str:
    return token_create(user=user)[1]


def test_simultaneous_acceptances_never_exceed_capacity(company, representative):
    proposal = ProposalFactory(organisation=company, capacity=2)
    requests = []
    for _ in range(6):
        principal = MembershipFactory(role=Membership.Role.PRINCIPAL).user
        need = NeedFactory(organisation=principal.member.organisation)
        application = services.application_create(actor=representative, proposal=proposal, need=need)
        requests.append((token(principal), f"/api/v1/applications/{application.pk}/accept/", {}))

    statuses = race(requests)

    assert sorted(statuses) == [200, 200, 409, 409, 409, 409]
    proposal.refresh_from_db()
    assert proposal.groups_accepted == 2
    assert Pilot.objects.count() == 2
    assert Agreement.objects.count() == 2
    assert Application.objects.filter(status="accepted").count() == 2
    assert Application.objects.filter(status="pending").count() == 4
    assert Proposal.objects.get(pk=proposal.pk).capacity_left == 0


def test_simultaneous_approvals_approve_once(company, school, representative, teacher, espoo_city):
    proposal = ProposalFactory(organisation=company)
    application = services.application_create(actor=teacher, proposal=proposal, need=NeedFactory(organisation=school))
    agreement = process.application_accept(actor=representative, application=application).agreement
    from contracts.services import agreement_submit

    agreement_submit(actor=teacher, agreement=agreement)
    agreement_submit(actor=representative, agreement=agreement)
    coordinators = [MembershipFactory(organisation=espoo_city, role="coordinator").user for _ in range(4)]

    statuses = race([(token(c), f"/api/v1/agreements/{agreement.pk}/approve/", {}) for c in coordinators])

    assert sorted(statuses) == [200, 409, 409, 409]
    agreement.refresh_from_db()
    assert agreement.status == "approved"
    from kyky.core.models import AuditEntry

    assert AuditEntry.objects.filter(object_id=agreement.pk, to_state="approved").count() == 1


@pytest.fixture
def espoo_city(db):
    from kyky.catalog.models import Municipality

    return CityFactory(municipality=Municipality.objects.get(pk="espoo"), name="Espoon kaupunki (race)")


def test_two_first_feedback_submissions_at_once_give_one_answer(company, school, representative, teacher, principal):
    from kyky.pilots.models import Feedback

    proposal = ProposalFactory(organisation=company)
    need = NeedFactory(organisation=school)
    application = services.application_create(actor=representative, proposal=proposal, need=need)
    pilot = process.application_accept(actor=principal, application=application)
    Pilot.objects.filter(pk=pilot.pk).update(status="running")
    url = f"/api/v1/pilots/{pilot.pk}/feedback/"
    statuses = race(
        [
            (token(teacher), url, {"rating": 4, "goals": "yes", "again": True, "worked": "Toimi hyvin"}),
            (token(principal), url, {"rating": 5, "goals": "partly", "again": False, "worked": "Erinomainen"}),
        ]
    )
    assert statuses == [200, 200]
    assert Feedback.objects.filter(pilot=pilot, side="school").count() == 1


def test_both_parties_marking_ready_at_once_submit_the_agreement_once(
    company, school, representative, teacher, principal
):
    proposal = ProposalFactory(organisation=company, processes_personal_data=False)
    application = services.application_create(actor=teacher, proposal=proposal, need=NeedFactory(organisation=school))
    agreement = process.application_accept(actor=representative, application=application).agreement
    url = f"/api/v1/agreements/{agreement.pk}/submit/"

    statuses = race([(token(teacher), url, {}), (token(representative), url, {})])

    assert statuses == [200, 200]
    agreement.refresh_from_db()
    assert agreement.status == "submitted"
    assert agreement.ready == {"school": True, "company": True}
    from kyky.core.models import AuditEntry

    marks = AuditEntry.objects.filter(object_id=agreement.pk, content_type__model="agreement")
    assert sorted(marks.filter(action__in=["ready", "submit"]).values_list("action", flat=True)) == ["ready", "submit"]
    assert marks.filter(to_state="submitted").count() == 1


def test_two_reminders_at_once_send_one(company, school, representative, teacher, principal, mailoutbox):
    proposal = ProposalFactory(organisation=company, processes_personal_data=False)
    application = services.application_create(actor=teacher, proposal=proposal, need=NeedFactory(organisation=school))
    agreement = process.application_accept(actor=representative, application=application).agreement
    url = f"/api/v1/agreements/{agreement.pk}/remind/"

    statuses = race([(token(teacher), url, {}), (token(principal), url, {})])

    assert sorted(statuses) == [200, 429]
    from kyky.core.models import AuditEntry

    assert (
        AuditEntry.objects.filter(object_id=agreement.pk, content_type__model="agreement", action="remind").count() == 1
    )
