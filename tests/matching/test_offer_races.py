"""Offer races, each request in its own connection: both sides accepting at once, and a full proposal.

Run on SQLite by default and on PostgreSQL with DATABASE_URL (see .ci/run).
"""

from __future__ import annotations

import pytest

from contracts.models import Agreement
from kyky.accounts.models import Membership
from kyky.matching import services as matching
from kyky.matching.models import Offer
from kyky.pilots import services as pilots
from kyky.pilots.models import Application, Pilot, Proposal
from kyky.process import services as process
from tests.contracts.test_concurrency import race, token
from tests.factories import MembershipFactory, NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def offered(coordinator, need) -> Offer:
    draft = matching.round_create(actor=coordinator, starts_on=need.starts_on, ends_on=need.ends_on)
    matching.round_confirm(actor=coordinator, round_=draft)
    return Offer.objects.get(need=need)


def test_both_sides_accepting_at_once_make_one_pilot(company, school, representative, principal, coordinator):
    proposal = ProposalFactory(organisation=company, capacity=1)
    need = NeedFactory(organisation=school)
    offer = offered(coordinator, need)
    url = f"/api/v1/suggestions/{offer.pk}/accept/"

    statuses = race([(token(principal), url, {}), (token(representative), url, {})])

    assert statuses == [200, 200]  # the second to commit sees the first's answer and completes the offer
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.school_answer == offer.company_answer == "accepted"
    assert Application.objects.filter(status="accepted").count() == 1
    assert Pilot.objects.count() == 1 and Agreement.objects.count() == 1
    assert offer.application_id == Application.objects.get().pk
    assert Proposal.objects.get(pk=proposal.pk).groups_accepted == 1


def test_a_kept_place_survives_a_rush_on_the_last_free_one(company, school, representative, principal, coordinator):
    """Capacity 2: one place kept by the offer, one free. The offer's last acceptance and two ordinary
    acceptances arrive at once: the offer gets its place, one application the free one, the other 409."""
    proposal = ProposalFactory(organisation=company, capacity=2)
    need = NeedFactory(organisation=school)
    offer = offered(coordinator, need)
    process.offer_accept(actor=principal, offer=offer)  # the school has accepted; the company answers in the race
    requests = [(token(representative), f"/api/v1/suggestions/{offer.pk}/accept/", {})]
    for _ in range(2):
        other_principal = MembershipFactory(role=Membership.Role.PRINCIPAL).user
        other_need = NeedFactory(organisation=other_principal.member.organisation)
        application = pilots.application_create(actor=representative, proposal=proposal, need=other_need)
        requests.append((token(other_principal), f"/api/v1/applications/{application.pk}/accept/", {}))

    statuses = race(requests)

    assert statuses[0] == 200  # the offer's place was kept for it
    assert sorted(statuses[1:]) == [200, 409]
    proposal.refresh_from_db()
    assert proposal.groups_accepted == 2 and proposal.capacity_left == 0
    assert Pilot.objects.count() == 2 and Agreement.objects.count() == 2
    assert Offer.objects.get(pk=offer.pk).status == "accepted"
    assert Application.objects.filter(status="pending").count() == 1


def test_accepting_and_declining_at_once_leave_one_answer(company, school, representative, teacher, coordinator):
    proposal = ProposalFactory(organisation=company, capacity=1)
    need = NeedFactory(organisation=school)
    offer = offered(coordinator, need)

    statuses = race(
        [
            (token(representative), f"/api/v1/suggestions/{offer.pk}/accept/", {}),
            (token(teacher), f"/api/v1/suggestions/{offer.pk}/decline/", {}),
        ]
    )

    offer.refresh_from_db()
    assert sorted(statuses) == [200, 200] or sorted(statuses) == [200, 409]
    assert offer.status == "declined"  # the company's acceptance alone never completes it
    assert not Pilot.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).groups_accepted == 0
