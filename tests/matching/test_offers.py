"""Proactive offers: a confirmed round offers each kept pair to both sides, holding a place; when both
accept, the pair is an accepted application with its pilot and draft agreement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from contracts.models import Agreement
from kyky.core import audit
from kyky.core.models import AuditEntry
from kyky.matching import services as matching
from kyky.matching.models import Offer, Round
from kyky.pilots import services as pilots
from kyky.pilots.models import Application, Need, Pilot, Proposal
from kyky.process import services as process
from kyky.process.reminders import send_reminders
from tests.conftest import HELSINKI
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db

SUGGESTIONS = "/api/v1/suggestions/"


@pytest.fixture
def proposal(company, representative):
    return ProposalFactory(organisation=company, title="Murtolukupeli", capacity=2)


@pytest.fixture
def need(school, teacher, principal):
    return NeedFactory(organisation=school, created_by=teacher, title="Murtoluvut haltuun")


def confirm(coordinator, need, **kwargs) -> Round:
    draft = matching.round_create(actor=coordinator, starts_on=need.starts_on, ends_on=need.ends_on)
    return matching.round_confirm(actor=coordinator, round_=draft, **kwargs)


@pytest.fixture
def offer(coordinator, proposal, need) -> Offer:
    round_ = confirm(coordinator, need)
    return Offer.objects.get(pair__round=round_)


def post(api, user, offer, action, body=None):
    return api.as_user(user).post(f"{SUGGESTIONS}{offer.pk}/{action}/", body or {}, format="json")


def test_confirming_offers_the_pair_and_keeps_a_place(offer, proposal):
    proposal.refresh_from_db()
    assert offer.status == "offered" and not offer.school_answer and not offer.company_answer
    assert offer.respond_by == timezone.localdate() + dt.timedelta(days=14)
    assert proposal.groups_accepted == 1 and proposal.capacity_left == 1  # the place is kept
    assert AuditEntry.objects.filter(action="confirm", data__offers=1).exists()


def test_each_side_sees_the_offer_and_what_it_may_do(api, offer, teacher, principal, representative):
    def seen_by(user):
        (suggestion,) = api.as_user(user).get(SUGGESTIONS).json()["results"]
        return suggestion["offer"]

    assert seen_by(principal)["actions"] == ["accept", "decline"]
    assert seen_by(teacher)["actions"] == ["decline"]  # the principal accepts for the unit
    assert seen_by(representative)["actions"] == ["accept", "decline"]
    assert seen_by(representative)["status"] == "offered"


def test_when_both_sides_accept_the_pilot_and_its_agreement_are_created(
    api, offer, principal, representative, proposal, need
):
    first = post(api, principal, offer, "accept", {"comment": "Sopii meille."})
    assert first.status_code == 200, first.content
    body = first.json()["offer"]
    assert body["school_answer"] == "accepted" and body["status"] == "offered" and body["actions"] == []
    assert not Application.objects.exists()

    second = post(api, representative, offer, "accept")
    assert second.status_code == 200, second.content
    body = second.json()["offer"]
    assert body["status"] == "accepted" and body["company_answer"] == "accepted"
    application = Application.objects.get()
    assert application.status == "accepted" and application.initiated_by == "school"
    assert application.created_by == principal and application.decided_by == representative
    pilot = Pilot.objects.get()
    assert body["pilot"] == pilot.pk and body["agreement"] == Agreement.objects.get().pk
    assert Agreement.objects.get().status == "draft"
    proposal.refresh_from_db()
    need.refresh_from_db()
    assert proposal.groups_accepted == 1  # the kept place became the pilot's; not taken twice
    assert need.status == Need.Status.MATCHED
    actions = [entry.to_state for entry in audit.history(offer) if entry.action == "accept"]
    assert sorted(actions) == ["accepted", "offered"]


def test_a_teacher_may_decline_but_not_accept(api, offer, teacher):
    response = post(api, teacher, offer, "accept")
    assert response.status_code == 403
    offer.refresh_from_db()
    assert not offer.school_answer


def test_outsiders_cannot_see_or_answer_an_offer(api, offer, other_teacher, other_representative, coordinator):
    for user in (other_teacher, other_representative, coordinator):
        assert post(api, user, offer, "accept").status_code == 404
        assert post(api, user, offer, "decline").status_code == 404
    offer.refresh_from_db()
    assert offer.status == "offered" and not offer.school_answer and not offer.company_answer


def test_a_side_answers_once(api, offer, principal):
    assert post(api, principal, offer, "accept").status_code == 200
    again = post(api, principal, offer, "accept")
    assert again.status_code == 409
    assert post(api, principal, offer, "decline").status_code == 409


def test_declining_closes_the_offer_and_frees_the_place(api, offer, teacher, representative, proposal):
    response = post(api, teacher, offer, "decline", {"comment": "Ei sovi aikatauluun."})
    assert response.status_code == 200
    assert response.json()["offer"]["status"] == "declined"
    proposal.refresh_from_db()
    assert proposal.groups_accepted == 0
    conflict = post(api, representative, offer, "accept")
    assert conflict.status_code == 409 and conflict.json()["status"] == "declined"


def test_an_offer_expires_after_its_answer_day_and_frees_the_place(
    time_machine, api, offer, principal, representative, proposal
):
    post(api, principal, offer, "accept")
    day_after = offer.respond_by + dt.timedelta(days=1)
    time_machine.move_to(dt.datetime.combine(day_after, dt.time(3), tzinfo=HELSINKI), tick=True)
    assert post(api, representative, offer, "accept").status_code == 409  # too late, even before the sweep
    assert send_reminders()["offers_expired"] == 1
    offer.refresh_from_db()
    proposal.refresh_from_db()
    assert offer.status == "expired" and proposal.groups_accepted == 0
    assert send_reminders()["offers_expired"] == 0


def test_a_round_does_not_offer_a_pair_whose_proposal_filled_up(coordinator, representative, need, school):
    proposal = ProposalFactory(organisation=representative.member.organisation, title="Murtolukupeli", capacity=1)
    draft = matching.round_create(actor=coordinator, starts_on=need.starts_on, ends_on=need.ends_on)
    assert draft.pairs.count() == 1
    other = NeedFactory(organisation=school, title="Toinen ryhmä")
    application = pilots.application_create(actor=representative, proposal=proposal, need=other)
    process.application_accept(actor=school.memberships.get(role="principal").user, application=application)
    confirmed = matching.round_confirm(actor=coordinator, round_=draft)
    assert not Offer.objects.exists()
    assert AuditEntry.objects.get(action="confirm", object_id=confirmed.pk).data["skipped"] == [draft.pairs.get().pk]


def test_an_offer_whose_proposal_closed_answers_409_and_changes_nothing(
    api, offer, principal, representative, proposal
):
    post(api, principal, offer, "accept")
    pilots.proposal_close(actor=representative, proposal=proposal)
    response = post(api, representative, offer, "accept")
    assert response.status_code == 409
    offer.refresh_from_db()
    assert offer.status == "offered" and not offer.company_answer
    assert not Application.objects.exists() and not Pilot.objects.exists()


def test_a_need_that_finds_its_pilot_elsewhere_lets_its_offers_go(offer, need, representative, principal, company):
    another = ProposalFactory(organisation=company, title="Toinen peli", capacity=1)
    application = pilots.application_create(actor=representative, proposal=another, need=need)
    process.application_accept(actor=principal, application=application)
    offer.refresh_from_db()
    assert offer.status == "expired"
    assert Proposal.objects.get(pk=offer.proposal_id).groups_accepted == 0


def test_the_respond_by_day_can_be_chosen_when_confirming(api, coordinator, proposal, need):
    draft = matching.round_create(actor=coordinator, starts_on=need.starts_on, ends_on=need.ends_on)
    client = api.as_user(coordinator)
    too_soon = client.post(f"/api/v1/rounds/{draft.pk}/confirm/", {"respond_by": timezone.localdate().isoformat()})
    assert too_soon.status_code == 400 and "respond_by" in too_soon.json()["errors"]
    day = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(f"/api/v1/rounds/{draft.pk}/confirm/", {"respond_by": day.isoformat()}, format="json")
    assert response.status_code == 200
    (pair,) = response.json()["pairs"]
    assert pair["offer"]["respond_by"] == day.isoformat() and pair["offer"]["status"] == "offered"


# Pages


def test_the_offer_page_lets_each_side_answer(client, offer, principal, representative, teacher):
    client.force_login(teacher)
    page = client.get(f"/offers/{offer.pk}/").text
    assert "Murtolukupeli" in page and "Decline" in page and f'formaction="/offers/{offer.pk}/accept/"' not in page
    client.force_login(principal)
    page = client.get(f"/offers/{offer.pk}/").text
    assert f'formaction="/offers/{offer.pk}/accept/"' in page
    response = client.post(f"/offers/{offer.pk}/accept/", {"comment": ""})
    assert response.status_code == 302 and response["Location"] == f"/offers/{offer.pk}/"
    assert "The other side's answer is awaited." in client.get(f"/offers/{offer.pk}/").text
    client.force_login(representative)
    response = client.post(f"/offers/{offer.pk}/accept/", {"comment": ""})
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/agreements/{agreement.pk}/"


def test_the_offer_page_is_404_for_outsiders(client, offer, other_teacher, coordinator):
    for user in (other_teacher, coordinator):
        client.force_login(user)
        assert client.get(f"/offers/{offer.pk}/").status_code == 404
        assert client.post(f"/offers/{offer.pk}/accept/").status_code == 404


def test_the_rounds_page_shows_who_answered_what(client, api, offer, coordinator, principal):
    post(api, principal, offer, "accept")
    client.force_login(coordinator)
    page = client.get(f"/coordinator/rounds/{offer.pair.round_id}/").text
    section = page[page.index(f'id="pair-{offer.pk}"') :]
    assert "School's answer</dt><dd>Accepted" in section
    assert "Company's answer</dt><dd>Not answered" in section
