""" "Not a fit": a hidden pair is never shown again to that organisation, and only to those who saw it."""

from __future__ import annotations

import pytest

from kyky.core.models import AuditEntry
from kyky.matching.models import HiddenMatch
from tests.factories import NeedFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(company, school):
    return NeedFactory(organisation=school), ProposalFactory(organisation=company)


def _ids(response, key):
    return [m[key]["id"] for m in response.json()["results"]]


def test_a_teacher_hides_an_offer_from_the_needs_matches(api, pair, teacher, principal, other_teacher):
    need, proposal = pair
    url = f"/api/v1/needs/{need.pk}/matches/"
    assert proposal.pk in _ids(api.as_user(teacher).get(url), "proposal")
    response = api.as_user(teacher).post(f"{url}{proposal.pk}/hide/")
    assert response.status_code == 200 and response.json() == {"hidden": True}
    assert proposal.pk not in _ids(api.as_user(teacher).get(url), "proposal")
    assert proposal.pk not in _ids(api.as_user(principal).get(url), "proposal")  # the whole unit
    assert api.as_user(teacher).post(f"{url}{proposal.pk}/hide/").status_code == 200  # twice is fine
    assert HiddenMatch.objects.count() == 1
    entry = AuditEntry.objects.get(content_type__model="need", object_id=need.pk, action="hide_match")
    assert entry.data == {"proposal": proposal.pk} and entry.actor == teacher


def test_a_company_hides_a_need_from_its_offers_matches(api, pair, representative, coordinator):
    need, proposal = pair
    url = f"/api/v1/proposals/{proposal.pk}/matches/"
    assert need.pk in _ids(api.as_user(representative).get(url), "need")
    assert api.as_user(representative).post(f"{url}{need.pk}/hide/").status_code == 200
    assert need.pk not in _ids(api.as_user(representative).get(url), "need")
    assert need.pk in _ids(api.as_user(coordinator).get(url), "need")  # another organisation still sees it


def test_outsiders_cannot_hide_what_they_may_not_see(api, pair, company, other_representative, teacher):
    need, proposal = pair
    draft = ProposalFactory(organisation=company, status="draft")
    assert api.as_user(teacher).post(f"/api/v1/needs/{need.pk}/matches/{draft.pk}/hide/").status_code == 404
    # a company that is not the proposal's own may not see the proposal's matches
    assert (
        api.as_user(other_representative).post(f"/api/v1/proposals/{proposal.pk}/matches/{need.pk}/hide/").status_code
        == 403
    )
    assert api.post(f"/api/v1/needs/{need.pk}/matches/{proposal.pk}/hide/").status_code in (401, 403)
    assert not HiddenMatch.objects.exists()


def test_the_not_a_fit_button_on_the_need_page(client, pair, teacher):
    need, proposal = pair
    client.force_login(teacher)
    page = client.get(f"/needs/{need.pk}/").text
    action = f'action="/needs/{need.pk}/matches/{proposal.pk}/hide/"'
    assert action in page and "Not a fit" in page
    response = client.post(f"/needs/{need.pk}/matches/{proposal.pk}/hide/", {"next": f"/needs/{need.pk}/#matches"})
    assert response.status_code == 302
    assert action not in client.get(f"/needs/{need.pk}/").text
