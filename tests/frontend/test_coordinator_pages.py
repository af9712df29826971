"""The coordinator's dashboard: agreements to approve or return, pilots by state, offers to moderate."""

from __future__ import annotations

import re

import pytest

from contracts.models import Agreement
from kyky.core.models import AuditEntry
from kyky.pilots.models import Proposal
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def review_item(html: str, agreement) -> str:
    match = re.search(rf'<li class="item" id="review-{agreement.pk}">.*?</li>', html, re.S)
    assert match, "the agreement is not on the dashboard"
    return match.group()


def test_anonymous_is_sent_to_log_in(client):
    assert client.get("/coordinator/").status_code == 302


@pytest.mark.parametrize("user", ["teacher", "principal", "representative"])
def test_only_coordinators_get_the_dashboard(as_user, request, user):
    response = as_user(request.getfixturevalue(user)).get("/coordinator/")
    assert response.status_code == 403


def test_agreements_waiting_for_approval_with_the_buttons(as_user, coordinator, submitted_agreement):
    page = as_user(coordinator).get("/coordinator/").text
    item = review_item(page, submitted_agreement)
    assert f'href="/agreements/{submitted_agreement.pk}/"' in item
    assert f'action="/agreements/{submitted_agreement.pk}/approve/"' in item
    assert f'formaction="/agreements/{submitted_agreement.pk}/return/"' in item
    assert f'id="id_comment_{submitted_agreement.pk}"' in item
    assert 'hx-post="/agreements/' in item  # smoother with htmx; a plain form without it


def test_the_vantaa_coordinator_sees_nothing_of_espoo(as_user, vantaa_coordinator, submitted_agreement):
    page = as_user(vantaa_coordinator).get("/coordinator/").text
    assert submitted_agreement.number not in page
    assert "No agreements are waiting for your approval." in page


def test_approve_from_the_dashboard_returns_to_it(as_user, coordinator, submitted_agreement):
    client = as_user(coordinator)
    response = client.post(
        f"/agreements/{submitted_agreement.pk}/approve/", {"from": "coordinator", "next": "/coordinator/"}
    )
    assert response.status_code == 302 and response["Location"] == "/coordinator/"
    assert Agreement.objects.get().status == "approved"
    page = client.get("/coordinator/").text
    assert "is approved" in page and f'id="review-{submitted_agreement.pk}"' not in page


def test_returning_without_a_comment_shows_the_error_by_that_agreement(as_user, coordinator, submitted_agreement):
    response = as_user(coordinator).post(
        f"/agreements/{submitted_agreement.pk}/return/", {"from": "coordinator", "comment": ""}
    )
    assert response.status_code == 400
    item = review_item(response.text, submitted_agreement)
    assert f'id="id_comment_{submitted_agreement.pk}_error"' in item
    assert Agreement.objects.get().status == "submitted"


def test_returning_with_a_comment(as_user, coordinator, submitted_agreement):
    response = as_user(coordinator).post(
        f"/agreements/{submitted_agreement.pk}/return/",
        {"from": "coordinator", "next": "/coordinator/", "comment": "Täydennä henkilötiedot"},
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.status, agreement.return_comment) == ("returned", "Täydennä henkilötiedot")


def test_a_review_that_comes_too_late_is_a_409_on_the_dashboard(as_user, coordinator, approved_agreement):
    response = as_user(coordinator).post(f"/agreements/{approved_agreement.pk}/approve/", {"from": "coordinator"})
    assert response.status_code == 409
    assert "Cannot approve: the agreement is approved." in response.text
    assert "Coordinator&#x27;s dashboard" in response.text or "Coordinator's dashboard" in response.text


def test_pilots_by_state(as_user, coordinator, draft_agreement):
    client = as_user(coordinator)
    page = client.get("/coordinator/").text
    assert re.search(r"Planned \(1\)", page) and re.search(r"Running \(0\)", page)
    assert "No pilots are running." in page
    page = client.get("/coordinator/?pilots=planned").text
    assert f'href="/agreements/{draft_agreement.pk}/"' in page


def test_offers_to_moderate_are_those_available_in_the_municipality(as_user, coordinator, company):
    ProposalFactory(organisation=company, title="Espoossa")
    ProposalFactory(organisation=company, title="Kaikkialla", municipalities=[])
    ProposalFactory(organisation=company, title="Vain Helsingissä", municipalities=["helsinki"])
    ProposalFactory(organisation=company, title="Luonnos", status=Proposal.Status.DRAFT)
    section = as_user(coordinator).get("/coordinator/").text.split('id="moderation"')[1]
    assert "Espoossa" in section and "Kaikkialla" in section
    assert "Vain Helsingissä" not in section and "Luonnos" not in section


def test_closing_an_offer_with_a_comment(as_user, coordinator, company):
    offer = ProposalFactory(organisation=company)
    response = as_user(coordinator).post(
        f"/proposals/{offer.pk}/close-here/",
        {"comment": "Mainontaa oppilaille", "confirmed": "True", "next": "/coordinator/#moderation"},
    )
    assert response.status_code == 302 and response["Location"] == "/coordinator/#moderation"
    assert Proposal.objects.get().status == "published"  # closed in Espoo only
    assert offer.closures.get().comment == "Mainontaa oppilaille"
    assert AuditEntry.objects.filter(
        object_id=offer.pk, content_type__model="proposal", action="close_here", comment="Mainontaa oppilaille"
    ).exists()


def test_the_vantaa_coordinator_cannot_close_an_espoo_offer(as_user, vantaa_coordinator, company):
    offer = ProposalFactory(organisation=company)
    assert as_user(vantaa_coordinator).post(f"/proposals/{offer.pk}/close/", {"comment": "x"}).status_code == 403
    assert Proposal.objects.get().status == "published"


@pytest.mark.parametrize("count", [2, 15])
def test_dashboard_renders_in_a_constant_number_of_queries(
    as_user, coordinator, company, count, django_assert_max_num_queries
):
    for _ in range(count):
        ProposalFactory(organisation=company)
    client = as_user(coordinator)
    with django_assert_max_num_queries(20):
        response = client.get("/coordinator/")
    assert response.text.count('id="moderate-') == count
