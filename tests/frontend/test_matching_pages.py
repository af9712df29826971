"""Matching on the pages: ranked matches with reasons on need and proposal pages, the coordinator's
matchmaking rounds (run, preview, remove pairs, confirm) and the parties' one-step suggestions."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from kyky.matching.models import Round, RoundPair
from kyky.pilots.models import Application
from tests.factories import NeedFactory, ProposalFactory, spring

pytestmark = pytest.mark.django_db


def matches_section(html: str) -> str:
    match = re.search(r'<section id="matches".*?</section>', html, re.S)
    return match.group() if match else ""


@pytest.fixture
def fitting(company, representative):
    return ProposalFactory(
        organisation=company,
        title="Murtolukupeli",
        description="Oppilaat pelaavat murtolukupeliä tableteilla: murtoluvut tulevat tutuiksi.",
    )


@pytest.fixture
def misfit(other_company, other_representative):
    return ProposalFactory(organisation=other_company, title="Bråkspel", languages=["sv"])


# Matches on a need's page


def test_a_needs_page_ranks_the_fitting_offers_with_reasons(as_user, teacher, group_need, fitting, misfit):
    section = matches_section(as_user(teacher).get(f"/needs/{group_need.pk}/").text)
    assert "Pilot offers that fit this need" in section
    assert f'href="/proposals/{fitting.pk}/"' in section
    assert "Bråkspel" not in section  # Swedish only: not a match
    assert re.search(r"\d+% fit", section)
    assert "Both in Finnish" in section and "Mathematics in common" in section


def test_the_unit_expresses_interest_from_a_match_in_one_click(as_user, teacher, group_need, fitting):
    client = as_user(teacher)
    section = matches_section(client.get(f"/needs/{group_need.pk}/").text)
    assert f'action="/proposals/{fitting.pk}/interest/"' in section
    assert f'name="need" value="{group_need.pk}"' in section
    response = client.post(
        f"/proposals/{fitting.pk}/interest/", {"need": group_need.pk, "next": f"/needs/{group_need.pk}/#matches"}
    )
    assert response["Location"] == f"/needs/{group_need.pk}/#matches"
    assert Application.objects.get().initiated_by == "school"
    assert "Already offered" in matches_section(client.get(f"/needs/{group_need.pk}/").text)


def test_others_see_the_matches_of_a_need_without_buttons(as_user, representative, group_need, fitting):
    section = matches_section(as_user(representative).get(f"/needs/{group_need.pk}/").text)
    assert "Murtolukupeli" in section and "<form" not in section


def test_a_need_with_nothing_fitting_says_so(as_user, teacher, group_need, misfit):
    assert "Nothing fits yet" in matches_section(as_user(teacher).get(f"/needs/{group_need.pk}/").text)


# Matches on a proposal's page


def test_the_company_sees_the_needs_its_offer_fits_and_applies_from_there(as_user, representative, group_need, fitting):
    client = as_user(representative)
    section = matches_section(client.get(f"/proposals/{fitting.pk}/").text)
    assert "Learning needs this offer fits" in section
    assert f'href="/needs/{group_need.pk}/"' in section
    assert f'action="/needs/{group_need.pk}/apply/"' in section
    response = client.post(f"/needs/{group_need.pk}/apply/", {"proposal": fitting.pk})
    assert response.status_code == 302
    assert Application.objects.get().initiated_by == "company"


def test_a_served_coordinator_sees_a_proposals_matches_without_buttons(as_user, coordinator, group_need, fitting):
    section = matches_section(as_user(coordinator).get(f"/proposals/{fitting.pk}/").text)
    assert "Murtoluvut haltuun" in section and "<form" not in section


@pytest.mark.parametrize("user", ["teacher", "other_representative", "vantaa_coordinator"])
def test_others_do_not_see_a_proposals_matches(as_user, request, user, group_need, fitting):
    assert 'id="matches"' not in as_user(request.getfixturevalue(user)).get(f"/proposals/{fitting.pk}/").text


# Rounds


def run_round(client, starts_on=None, ends_on=None):
    """Run a round over the factories' spring term (or the days given)."""
    term = spring()
    return client.post(
        "/coordinator/rounds/", {"starts_on": starts_on or term.starts_on, "ends_on": ends_on or term.ends_on}
    )


def test_the_dashboard_offers_a_round_for_the_next_term(as_user, coordinator):
    page = as_user(coordinator).get("/coordinator/").text
    section = page[page.index('id="rounds"') :]
    assert 'action="/coordinator/rounds/"' in section
    assert 'name="starts_on"' in section and 'name="ends_on"' in section
    from kyky.core.schoolyear import next_term

    term = next_term(timezone.localdate())
    assert term.starts_on > timezone.localdate()  # the term the round fills lies wholly ahead
    assert f'value="{term.starts_on.isoformat()}"' in section and f'value="{term.ends_on.isoformat()}"' in section


def test_a_round_is_run_previewed_trimmed_and_confirmed(
    as_user, coordinator, school, other_school, group_need, fitting, company
):
    second = NeedFactory(organisation=other_school, title="Toinen ryhmä")
    client = as_user(coordinator)
    response = run_round(client)
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/coordinator/rounds/{round_.pk}/"
    page = client.get(response["Location"]).text
    assert "Murtoluvut haltuun" in page and "Toinen ryhmä" in page
    assert re.search(r"\d+% fit", page) and "Both in Finnish" in page
    pair = RoundPair.objects.get(need=second)
    assert f'name="pairs" value="{pair.pk}"' in page
    response = client.post(f"/coordinator/rounds/{round_.pk}/remove/", {"pairs": pair.pk})
    assert response.status_code == 302
    assert RoundPair.objects.get(pk=pair.pk).removed
    assert "Removed" in client.get(f"/coordinator/rounds/{round_.pk}/").text
    assert client.post(f"/coordinator/rounds/{round_.pk}/confirm/").status_code == 302
    assert Round.objects.get().status == "confirmed"
    page = client.get(f"/coordinator/rounds/{round_.pk}/").text
    assert "Confirmed on" in page and 'name="pairs"' not in page


def test_a_bad_window_is_an_error_next_to_the_field_on_the_dashboard(as_user, coordinator):
    response = run_round(as_user(coordinator), starts_on="2027-06-01", ends_on="2027-01-01")
    assert response.status_code == 400
    assert 'id="id_round_ends_on_error"' in response.text
    assert 'value="2027-06-01"' in response.text
    assert not Round.objects.exists()


def test_confirming_twice_is_a_409(as_user, coordinator, group_need, fitting):
    client = as_user(coordinator)
    run_round(client)
    round_ = Round.objects.get()
    client.post(f"/coordinator/rounds/{round_.pk}/confirm/")
    response = client.post(f"/coordinator/rounds/{round_.pk}/confirm/")
    assert response.status_code == 409
    assert "confirmed" in response.text
    response = client.post(f"/coordinator/rounds/{round_.pk}/remove/", {"pairs": round_.pairs.get().pk})
    assert response.status_code == 409


def test_removing_nothing_or_a_stranger_is_a_400(as_user, coordinator, group_need, fitting):
    client = as_user(coordinator)
    run_round(client)
    round_ = Round.objects.get()
    assert client.post(f"/coordinator/rounds/{round_.pk}/remove/").status_code == 400
    assert client.post(f"/coordinator/rounds/{round_.pk}/remove/", {"pairs": "999999"}).status_code == 400
    assert not RoundPair.objects.filter(removed=True).exists()


def test_a_round_can_be_cancelled(as_user, coordinator, group_need, fitting):
    client = as_user(coordinator)
    run_round(client)
    round_ = Round.objects.get()
    assert client.post(f"/coordinator/rounds/{round_.pk}/cancel/").status_code == 302
    assert Round.objects.get().status == "cancelled"


@pytest.mark.parametrize("user", ["teacher", "principal", "representative"])
def test_only_coordinators_run_rounds(as_user, request, user, coordinator, group_need, fitting):
    run_round(as_user(coordinator))
    round_ = Round.objects.get()
    client = as_user(request.getfixturevalue(user))
    assert run_round(client).status_code == 403
    assert client.get(f"/coordinator/rounds/{round_.pk}/").status_code == 403
    assert client.post(f"/coordinator/rounds/{round_.pk}/confirm/").status_code == 403
    assert Round.objects.get().status == "draft"


def test_the_vantaa_coordinator_cannot_see_an_espoo_round(
    as_user, coordinator, vantaa_coordinator, group_need, fitting
):
    run_round(as_user(coordinator))
    round_ = Round.objects.get()
    client = as_user(vantaa_coordinator)
    assert client.get(f"/coordinator/rounds/{round_.pk}/").status_code == 404
    assert client.post(f"/coordinator/rounds/{round_.pk}/confirm/").status_code == 404
    assert Round.objects.get().status == "draft"


# Suggestions


@pytest.fixture
def suggestion(as_user, coordinator, group_need, fitting):
    """A suggestion of a round confirmed before offers existed: no offer, no place kept, applied to in one step.

    (A round confirmed now offers its pairs: see tests/matching/test_offers.py.)
    """
    from kyky.matching.models import Offer
    from kyky.pilots.models import Proposal

    client = as_user(coordinator)
    run_round(client)
    round_ = Round.objects.get()
    client.post(f"/coordinator/rounds/{round_.pk}/confirm/")
    Proposal.objects.filter(pk=fitting.pk).update(groups_accepted=0)
    Offer.objects.all().delete()
    return round_.pairs.get()


@pytest.mark.parametrize(("user", "button"), [("teacher", "Express interest"), ("representative", "Apply")])
def test_both_sides_see_the_suggestion_and_act_on_it_in_one_step(as_user, request, user, button, suggestion):
    client = as_user(request.getfixturevalue(user))
    page = client.get("/applications/").text
    section = page[page.index('id="suggestions"') :]
    assert "Suggested by the city's matchmaking round" in page
    assert f'action="/suggestions/{suggestion.pk}/apply/"' in section and button in section
    response = client.post(f"/suggestions/{suggestion.pk}/apply/")
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.initiated_by == ("school" if user == "teacher" else "company")
    assert 'id="suggestions"' not in client.get("/applications/").text  # acted on


def test_a_suggestion_no_longer_possible_is_a_409(as_user, teacher, suggestion):
    from kyky.pilots.models import Proposal

    Proposal.objects.filter(pk=suggestion.proposal_id).update(groups_accepted=3)
    response = as_user(teacher).post(f"/suggestions/{suggestion.pk}/apply/")
    assert response.status_code == 409
    assert "no places left" in response.text
    assert not Application.objects.exists()


@pytest.mark.parametrize("user", ["other_teacher", "other_representative", "coordinator"])
def test_others_cannot_act_on_a_suggestion(as_user, request, user, suggestion):
    assert as_user(request.getfixturevalue(user)).post(f"/suggestions/{suggestion.pk}/apply/").status_code == 404
    assert not Application.objects.exists()
