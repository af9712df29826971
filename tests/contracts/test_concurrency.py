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

    def run(index: int, token: str, path: str, body: dict, method: str = "post", headers: dict | None = None) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        try:
            barrier.wait(timeout=10)
            statuses[index] = getattr(client, method)(path, body, format="json", **(headers or {})).status_code
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


def _submitted(company, school, representative, teacher):
    proposal = ProposalFactory(organisation=company, processes_personal_data=False)
    application = services.application_create(actor=teacher, proposal=proposal, need=NeedFactory(organisation=school))
    agreement = process.application_accept(actor=representative, application=application).agreement
    from contracts.services import agreement_submit

    agreement_submit(actor=teacher, agreement=agreement)
    agreement_submit(actor=representative, agreement=agreement)
    return Agreement.objects.get(pk=agreement.pk)


def _trail_is_consistent(agreement: Agreement) -> None:
    """Each state change in the audit trail starts where the previous one ended, and ends in the row's state."""
    from kyky.core.models import AuditEntry

    agreement.refresh_from_db()
    moves = list(
        AuditEntry.objects.filter(object_id=agreement.pk, content_type__model="agreement")
        .exclude(from_state="", to_state="")
        .exclude(to_state="")
        .order_by("pk")
        .values_list("from_state", "to_state")
    )
    moves = [(frm, to) for frm, to in moves if frm != to]
    for (_, to), (frm, _) in zip(moves, moves[1:], strict=False):
        assert frm == to, moves
    assert moves[-1][1] == agreement.status
    assert agreement.snapshot["status"] == agreement.status


def test_simultaneous_approve_return_and_sign_leave_one_winner(
    company, school, representative, teacher, principal, espoo_city
):
    agreement = _submitted(company, school, representative, teacher)
    approver, returner = (MembershipFactory(organisation=espoo_city, role="coordinator").user for _ in range(2))
    url = f"/api/v1/agreements/{agreement.pk}/"

    statuses = race(
        [
            (token(approver), f"{url}approve/", {}),
            (token(returner), f"{url}return/", {"comment": "Tarkentakaa tavoitteet."}),
            # The signer cannot have the approved document yet: whatever it names, signing is refused.
            (token(principal), f"{url}sign/", {"document_sha256": "0" * 64}),
        ]
    )

    assert sorted(statuses) == [200, 409, 409], statuses
    from kyky.core.models import AuditEntry

    agreement.refresh_from_db()
    assert agreement.status == ["approved", "returned"][statuses.index(200)]
    assert not agreement.signatures.exists()
    left = AuditEntry.objects.filter(object_id=agreement.pk, content_type__model="agreement", from_state="submitted")
    assert left.exclude(to_state="submitted").count() == 1
    _trail_is_consistent(agreement)


def test_a_cancel_racing_approve_and_return_follows_the_winner(company, school, representative, teacher, espoo_city):
    """Approve and return exclude each other; a party's cancel is allowed from either result, so it may
    come second, and the trail then shows both steps in order (submitted → returned → cancelled)."""
    agreement = _submitted(company, school, representative, teacher)
    approver, returner = (MembershipFactory(organisation=espoo_city, role="coordinator").user for _ in range(2))
    url = f"/api/v1/agreements/{agreement.pk}/"

    statuses = race(
        [
            (token(approver), f"{url}approve/", {}),
            (token(returner), f"{url}return/", {"comment": "Tarkentakaa tavoitteet."}),
            (token(teacher), f"{url}cancel/", {"comment": "Emme ehdi."}),
        ]
    )

    assert statuses[:2].count(200) <= 1, statuses  # never both approved and returned
    assert statuses.count(200) >= 1
    agreement.refresh_from_db()
    if statuses[2] == 200:
        assert agreement.status == "cancelled"
    else:
        assert agreement.status == ["approved", "returned"][statuses.index(200)]
    _trail_is_consistent(agreement)


def test_simultaneous_signatures_and_cancel_on_an_approved_agreement(
    company, school, representative, teacher, principal, espoo_city
):
    from contracts.services import agreement_approve

    agreement = _submitted(company, school, representative, teacher)
    coordinator = MembershipFactory(organisation=espoo_city, role="coordinator").user
    agreement_approve(actor=coordinator, agreement=agreement)  # the approved PDF is made when this commits
    agreement.refresh_from_db()
    assert agreement.approved_sha256
    url = f"/api/v1/agreements/{agreement.pk}/"
    body = {"document_sha256": agreement.approved_sha256}

    statuses = race(
        [
            (token(principal), f"{url}sign/", body),
            (token(representative), f"{url}sign/", body),
            (token(representative), f"{url}cancel/", {"comment": "Perumme."}),
        ]
    )

    agreement.refresh_from_db()
    signatures = agreement.signatures.count()
    if agreement.status == "signed":  # both signed before the cancel: it came too late
        assert statuses[:2] == [200, 200] and statuses[2] == 409, statuses
        assert signatures == 2
    else:  # the cancel won: a signature after it was refused, one before it stays on record
        assert agreement.status == "cancelled"
        assert statuses[2] == 200
        assert signatures == statuses[:2].count(200) <= 1, statuses
        assert all(status in (200, 409) for status in statuses[:2])
    _trail_is_consistent(agreement)


def test_two_edits_from_the_same_version_one_wins_the_other_412(company, school, representative, teacher, principal):
    from kyky.core.models import AuditEntry
    from kyky.pilots.models import Need

    need = NeedFactory(organisation=school, status="draft")
    url = f"/api/v1/needs/{need.pk}/"
    etag = f'"{need.version}"'
    headers = {"HTTP_IF_MATCH": etag}

    statuses = race(
        [
            (token(teacher), url, {"title": "Opettajan otsikko"}, "patch", headers),
            (token(principal), url, {"title": "Rehtorin otsikko"}, "patch", headers),
        ]
    )

    assert sorted(statuses) == [200, 412], statuses
    need = Need.objects.get(pk=need.pk)
    assert need.title == ["Opettajan otsikko", "Rehtorin otsikko"][statuses.index(200)]
    assert need.version == 2
    assert AuditEntry.objects.filter(object_id=need.pk, content_type__model="need", action="edit").count() == 1


def test_two_agreement_edits_from_the_same_version_one_wins(company, school, representative, teacher, principal):
    proposal = ProposalFactory(organisation=company, processes_personal_data=False)
    application = services.application_create(actor=teacher, proposal=proposal, need=NeedFactory(organisation=school))
    agreement = process.application_accept(actor=representative, application=application).agreement
    agreement.refresh_from_db()
    url = f"/api/v1/agreements/{agreement.pk}/"
    headers = {"HTTP_IF_MATCH": f'"{agreement.version}"'}

    statuses = race(
        [
            (token(teacher), url, {"place": "Luokka 4B"}, "patch", headers),
            (token(principal), url, {"place": "Liikuntasali"}, "patch", headers),
        ]
    )

    assert sorted(statuses) == [200, 412], statuses
    agreement.refresh_from_db()
    assert agreement.snapshot["pilot"]["place"] == ["Luokka 4B", "Liikuntasali"][statuses.index(200)]
