"""GET /api/v1/needs/{id}/matches/ and /api/v1/proposals/{id}/matches/: per role, limits, ordering, reasons."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kyky.catalog.models import Municipality
from kyky.core.schoolyear import SchoolYear
from kyky.pilots.models import Need, Proposal
from tests.factories import CompanyFactory, NeedFactory, OrganisationFactory, ProposalFactory, spring

pytestmark = pytest.mark.django_db


def need_url(need) -> str:
    return f"/api/v1/needs/{need.pk}/matches/"


def proposal_url(proposal) -> str:
    return f"/api/v1/proposals/{proposal.pk}/matches/"


@pytest.fixture
def need(school, teacher):
    return NeedFactory(
        organisation=school,
        title="Murtoluvut haltuun pelaamalla",
        description="Nelosluokka tarvitsee toiminnallisen pelin, jolla murtoluvut tulevat tutuiksi.",
    )


@pytest.fixture
def proposal(company, representative):
    """The best fit for ``need``: same topic, language, level, place and dates."""
    return ProposalFactory(
        organisation=company,
        title="Murtolukupeli",
        summary="Pelillinen tapa harjoitella murtolukuja.",
        description="Oppilaat pelaavat murtolukupeliä tableteilla: murtoluvut tulevat tutuiksi.",
    )


@pytest.fixture
def decoys(other_company, other_representative):
    """Proposals the need must never get, each breaking one rule, plus a weaker feasible one."""
    past = timezone.localdate() - dt.timedelta(days=400)
    autumn = SchoolYear(spring().year).autumn  # after the need's spring term
    make = ProposalFactory
    return {
        "swedish": make(organisation=other_company, title="Bråkspel", languages=["sv"]),
        "grade_9": make(organisation=other_company, title="Murtolukupeli yläkouluun", levels=["grade_9"]),
        "dates": make(organisation=other_company, starts_on=autumn.monday(36), ends_on=autumn.friday(48)),
        "vantaa_only": make(organisation=other_company, municipalities=["vantaa"]),
        "remote": make(organisation=other_company, delivery=Proposal.Delivery.REMOTE),
        "closed": make(organisation=other_company, status=Proposal.Status.CLOSED),
        "draft": make(organisation=other_company, status=Proposal.Status.DRAFT),
        "full": make(organisation=other_company, capacity=2, groups_accepted=2),
        "ended": make(organisation=other_company, starts_on=past, ends_on=past + dt.timedelta(days=90)),
        "weaker": make(
            organisation=other_company,
            title="Kertotaulurata",
            summary="Kertotaulut liikkuen.",
            description="Liikunnallinen rata kertotaulujen harjoitteluun.",
            subjects=["mathematics", "physical_education"],
        ),
    }


# Needs: ranked proposals


def test_teacher_sees_the_proposals_that_fit_best_first_with_reasons(api, teacher, need, proposal, decoys):
    response = api.as_user(teacher).get(need_url(need))
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["proposal"]["id"] for r in results] == [proposal.pk, decoys["weaker"].pk]
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    best = results[0]
    assert best["proposal"]["title"] == "Murtolukupeli"
    assert best["proposal"]["capacity_left"] == 3  # the full proposal serializer
    reasons = best["reasons"]
    assert "Both in Finnish" in reasons
    assert "Mathematics in common" in reasons
    assert "Grade 4 in common" in reasons
    assert "On site in Espoo" in reasons
    assert any(r.startswith("Covers ") and r.endswith(" weeks") for r in reasons)
    assert any(r.startswith("Text: ") and "murtoluvut" in r for r in reasons)


def test_no_infeasible_closed_full_draft_or_ended_proposal_is_ever_returned(api, teacher, need, proposal, decoys):
    ids = {r["proposal"]["id"] for r in api.as_user(teacher).get(need_url(need), {"limit": 50}).json()["results"]}
    assert ids == {proposal.pk, decoys["weaker"].pk}
    for name in ("swedish", "grade_9", "dates", "vantaa_only", "remote", "closed", "draft", "full", "ended"):
        assert decoys[name].pk not in ids, name


def test_remote_proposal_fits_a_need_that_accepts_remote_work(api, teacher, school, decoys):
    need = NeedFactory(organisation=school, accepts_remote=True)
    ids = [r["proposal"]["id"] for r in api.as_user(teacher).get(need_url(need)).json()["results"]]
    assert decoys["remote"].pk in ids
    remote = next(
        r
        for r in api.as_user(teacher).get(need_url(need)).json()["results"]
        if r["proposal"]["id"] == decoys["remote"].pk
    )
    assert "Remote" in remote["reasons"]


def test_reasons_speak_the_request_language(api, teacher, need, proposal):
    response = api.as_user(teacher).get(need_url(need), HTTP_ACCEPT_LANGUAGE="fi")
    reasons = response.json()["results"][0]["reasons"]
    assert "Sama kieli: suomi" in reasons
    assert "Yhteinen oppiaine: Matematiikka" in reasons
    swedish = api.as_user(teacher).get(need_url(need), HTTP_ACCEPT_LANGUAGE="sv").json()["results"][0]["reasons"]
    assert any("finska" in r for r in swedish)


@pytest.mark.parametrize(
    "user", ["teacher", "principal", "representative", "other_teacher", "coordinator", "vantaa_coordinator"]
)
def test_everyone_who_may_see_a_published_need_sees_its_matches(api, request, user, need, proposal):
    response = api.as_user(request.getfixturevalue(user)).get(need_url(need))
    assert response.status_code == 200
    assert [r["proposal"]["id"] for r in response.json()["results"]] == [proposal.pk]


def test_a_draft_need_previews_its_matches_for_its_own_unit_only(api, school, teacher, principal, proposal, request):
    draft = NeedFactory(organisation=school, status=Need.Status.DRAFT)
    for user in (teacher, principal):
        response = api.as_user(user).get(need_url(draft))
        assert response.status_code == 200
        assert [r["proposal"]["id"] for r in response.json()["results"]] == [proposal.pk]
    for outsider in ("other_teacher", "representative", "coordinator", "vantaa_coordinator"):
        response = api.as_user(request.getfixturevalue(outsider)).get(need_url(draft))
        assert response.status_code == 404, outsider
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("state", [Need.Status.MATCHED, Need.Status.CLOSED])
def test_a_matched_or_closed_need_has_no_matches(api, teacher, school, proposal, state):
    done = NeedFactory(organisation=school, status=state)
    response = api.as_user(teacher).get(need_url(done))
    assert response.status_code == 200
    assert response.json() == {"results": []}


@pytest.mark.parametrize("kind", ["needs", "proposals"])
@pytest.mark.parametrize("pk", ["999999", "-5", "abc", "99999999999999999999999"])
def test_unknown_ids_answer_a_json_404(api, teacher, kind, pk):
    response = api.as_user(teacher).get(f"/api/v1/{kind}/{pk}/matches/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unknown_need_is_404_and_anonymous_is_401(api, teacher, need):
    assert api.as_user(teacher).get("/api/v1/needs/999999/matches/").status_code == 404
    assert api.get(need_url(need)).status_code == 401


# Limits


@pytest.fixture
def many(need, company, representative):
    return [ProposalFactory(organisation=company, title=f"Murtolukupeli {i}") for i in range(12)]


def test_limit_defaults_to_ten_and_caps_the_list(api, teacher, need, many):
    client = api.as_user(teacher)
    assert len(client.get(need_url(need)).json()["results"]) == 10
    assert len(client.get(need_url(need), {"limit": 3}).json()["results"]) == 3
    assert len(client.get(need_url(need), {"limit": 50}).json()["results"]) == 12
    assert len(client.get(need_url(need), {"limit": 1}).json()["results"]) == 1


@pytest.mark.parametrize("limit", ["0", "51", "x", "-1", "2.5"])
def test_bad_limit_is_a_field_error(api, teacher, representative, need, proposal, limit):
    for response in (
        api.as_user(teacher).get(need_url(need), {"limit": limit}),
        api.as_user(representative).get(proposal_url(proposal), {"limit": limit}),
    ):
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid"
        assert list(body["errors"]) == ["limit"]


def test_ties_are_ordered_by_id_and_repeat_identically(api, teacher, need, many):
    client = api.as_user(teacher)
    first = client.get(need_url(need), {"limit": 50}).json()["results"]
    second = client.get(need_url(need), {"limit": 50}).json()["results"]
    assert first == second
    keys = [(-r["score"], r["proposal"]["id"]) for r in first]
    assert keys == sorted(keys)


# Proposals: ranked needs


@pytest.fixture
def needs(school, other_school, teacher, other_teacher):
    vantaa_school = OrganisationFactory(name="Vantaan koulu", municipality=Municipality.objects.get(pk="vantaa"))
    return {
        "best": NeedFactory(organisation=school, title="Murtolukupeli neloselle", levels=["grade_3", "grade_4"]),
        "good": NeedFactory(organisation=other_school, title="Matematiikan harjoittelu", description="Laskutaitoa."),
        "draft": NeedFactory(organisation=school, status=Need.Status.DRAFT),
        "matched": NeedFactory(organisation=school, status=Need.Status.MATCHED),
        "closed": NeedFactory(organisation=school, status=Need.Status.CLOSED),
        "vantaa": NeedFactory(organisation=vantaa_school),
        "swedish": NeedFactory(organisation=other_school, language=_swedish()),
    }


def _swedish():
    from kyky.catalog.models import Language

    return Language.objects.get(pk="sv")


def test_representative_sees_the_needs_their_proposal_fits(api, representative, proposal, needs):
    response = api.as_user(representative).get(proposal_url(proposal), {"limit": 50})
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["need"]["id"] for r in results] == [needs["best"].pk, needs["good"].pk]
    assert results[0]["score"] >= results[1]["score"]
    assert results[0]["need"]["municipality"] == "espoo"  # the full need serializer
    assert "Grades 3–4 in common" in results[0]["reasons"]
    assert "Both in Finnish" in results[0]["reasons"]


def test_both_directions_give_a_pair_the_same_score(api, teacher, representative, proposal, needs):
    from_proposal = api.as_user(representative).get(proposal_url(proposal)).json()["results"][0]
    from_need = api.as_user(teacher).get(need_url(needs["best"])).json()["results"][0]
    assert from_need["proposal"]["id"] == proposal.pk
    assert from_need["score"] == pytest.approx(from_proposal["score"], abs=1e-3)
    assert from_need["reasons"] == from_proposal["reasons"]


@pytest.mark.parametrize("user", ["representative", "coordinator"])
def test_owner_and_coordinators_it_serves_see_a_proposals_matches(api, request, user, proposal, needs):
    response = api.as_user(request.getfixturevalue(user)).get(proposal_url(proposal))
    assert response.status_code == 200
    assert response.json()["results"][0]["need"]["id"] == needs["best"].pk


def test_a_proposal_serving_everywhere_is_visible_to_every_coordinator(
    api, company, representative, vantaa_coordinator, needs
):
    anywhere = ProposalFactory(organisation=company, municipalities=[])
    response = api.as_user(vantaa_coordinator).get(proposal_url(anywhere), {"limit": 50})
    assert response.status_code == 200
    assert needs["vantaa"].pk in {r["need"]["id"] for r in response.json()["results"]}


@pytest.mark.parametrize(
    "user", ["teacher", "principal", "other_teacher", "other_representative", "vantaa_coordinator"]
)
def test_others_may_not_see_a_published_proposals_matches(api, request, user, proposal, needs):
    response = api.as_user(request.getfixturevalue(user)).get(proposal_url(proposal))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_draft_proposal_previews_for_its_company_and_is_404_to_outsiders(
    api, company, representative, request, needs
):
    draft = ProposalFactory(organisation=company, status=Proposal.Status.DRAFT)
    response = api.as_user(representative).get(proposal_url(draft))
    assert response.status_code == 200
    assert response.json()["results"][0]["need"]["id"] == needs["best"].pk
    for outsider in ("other_representative", "teacher", "coordinator", "vantaa_coordinator"):
        assert api.as_user(request.getfixturevalue(outsider)).get(proposal_url(draft)).status_code == 404, outsider


@pytest.mark.parametrize(
    "changes",
    [{"status": Proposal.Status.CLOSED}, {"capacity": 2, "groups_accepted": 2}],
    ids=["closed", "full"],
)
def test_a_closed_or_full_proposal_has_no_matches(api, company, representative, needs, changes):
    done = ProposalFactory(organisation=company, **changes)
    response = api.as_user(representative).get(proposal_url(done))
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_only_published_needs_are_returned(api, representative, proposal, needs):
    ids = {
        r["need"]["id"]
        for r in api.as_user(representative).get(proposal_url(proposal), {"limit": 50}).json()["results"]
    }
    for name in ("draft", "matched", "closed", "vantaa", "swedish"):
        assert needs[name].pk not in ids, name


def test_unknown_proposal_is_404_and_anonymous_is_401(api, representative, proposal):
    assert api.as_user(representative).get("/api/v1/proposals/999999/matches/").status_code == 404
    assert api.get(proposal_url(proposal)).status_code == 401


# Query counts do not grow with the number of rows


@pytest.mark.parametrize("count", [3, 30])
def test_need_matches_take_a_bounded_number_of_queries(
    api, teacher, need, company, representative, count, django_assert_max_num_queries
):
    for i in range(count):
        ProposalFactory(organisation=company, title=f"Murtolukupeli {i}", municipalities=["espoo", "vantaa"])
    client = api.as_user(teacher)
    # Each proposal row comes with its code lists, closures and requests for changes (prefetched).
    with django_assert_max_num_queries(19):  # cold: the index is built from the database (5 queries)
        assert len(client.get(need_url(need), {"limit": 50}).json()["results"]) == count
    with django_assert_max_num_queries(14):  # warm: one query checks the versions
        assert len(client.get(need_url(need), {"limit": 50}).json()["results"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_proposal_matches_take_a_bounded_number_of_queries(
    api, representative, proposal, school, count, django_assert_max_num_queries
):
    for i in range(count):
        NeedFactory(organisation=school, title=f"Murtoluvut {i}", subjects=["mathematics", "visual_arts"])
    client = api.as_user(representative)
    with django_assert_max_num_queries(22):  # cold: both indexes are built (5 + 3 queries)
        assert len(client.get(proposal_url(proposal), {"limit": 50}).json()["results"]) == count
    with django_assert_max_num_queries(14):  # the proposal comes with its requests for changes
        assert len(client.get(proposal_url(proposal), {"limit": 50}).json()["results"]) == count


def test_other_companies_proposals_are_listed_with_their_organisation(api, teacher, need):
    other = ProposalFactory(organisation=CompanyFactory(name="Numerot Oy"))
    result = api.as_user(teacher).get(need_url(need)).json()["results"][0]
    assert result["proposal"]["id"] == other.pk
    assert result["proposal"]["organisation"]["name"] == "Numerot Oy"


def test_the_selectors_refuse_a_limit_out_of_range(teacher, need):
    from django.core.exceptions import ValidationError

    from kyky.matching import selectors

    for limit in (0, 51):
        with pytest.raises(ValidationError) as caught:
            selectors.need_matches(actor=teacher, need=need, limit=limit)
        assert "limit" in caught.value.message_dict
