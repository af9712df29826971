"""Matchmaking rounds and their suggestions through the API, for every role, including the denials."""

from __future__ import annotations

from collections import Counter

import pytest

from kyky.catalog.models import Municipality
from kyky.core.models import AuditEntry
from kyky.core.schoolyear import SchoolYear
from kyky.matching.models import Offer, Round, RoundPair
from kyky.pilots.models import Application, Need, Proposal
from tests.factories import NeedFactory, OrganisationFactory, ProposalFactory, spring

pytestmark = pytest.mark.django_db

URL = "/api/v1/rounds/"
SUGGESTIONS = "/api/v1/suggestions/"


def spring_round() -> dict[str, str]:
    """A round over the factories' spring: 1 January to 30 June of its year."""
    year = spring().year
    return {"starts_on": f"{year}-01-01", "ends_on": f"{year}-06-30"}


@pytest.fixture
def world(school, other_school, company, other_company, teacher, other_teacher, representative, other_representative):
    """Three Espoo needs competing for a scarce favourite, a roomier second choice, and rows no round may use."""
    vantaa_school = OrganisationFactory(name="Vantaan koulu", municipality=Municipality.objects.get(pk="vantaa"))
    needs = {
        "school": NeedFactory(organisation=school, title="Murtolukupeli neloselle"),
        "school_2": NeedFactory(organisation=school, title="Murtoluvut tutuiksi"),
        "other_school": NeedFactory(organisation=other_school, title="Murtolukujen harjoittelu"),
        "vantaa": NeedFactory(organisation=vantaa_school, title="Murtolukupeli Vantaalle"),
        "autumn": NeedFactory(
            organisation=school,
            starts_on=SchoolYear(spring().year).autumn.first_monday,
            ends_on=SchoolYear(spring().year).autumn.last_friday,
        ),
        "draft": NeedFactory(organisation=school, status=Need.Status.DRAFT),
    }
    proposals = {
        "scarce": ProposalFactory(organisation=company, title="Murtolukupeli", capacity=1, municipalities=[]),
        "roomy": ProposalFactory(organisation=other_company, title="Murtolukujen maailma", capacity=5),
        "closed": ProposalFactory(organisation=company, title="Murtolukupeli", status=Proposal.Status.CLOSED),
        "full": ProposalFactory(organisation=company, title="Murtolukupeli", capacity=1, groups_accepted=1),
    }
    return needs, proposals


def create(api, user, body=None):
    return api.as_user(user).post(URL, body if body is not None else spring_round(), format="json")


def test_coordinator_plans_a_round_to_preview(api, coordinator, world):
    needs, proposals = world
    response = create(api, coordinator, {**spring_round(), "municipality": "vantaa"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["municipality"] == "espoo"  # from the coordinator's membership, never the body
    assert body["needs_considered"] == 3  # Espoo's published needs in the window
    pairs = body["pairs"]
    assert body["pairs_kept"] == len(pairs) == 3
    assert {p["need"]["id"] for p in pairs} == {needs["school"].pk, needs["school_2"].pk, needs["other_school"].pk}
    assert {p["proposal"]["id"] for p in pairs} <= {proposals["scarce"].pk, proposals["roomy"].pk}
    assert [p["score"] for p in pairs] == sorted((p["score"] for p in pairs), reverse=True)
    assert all(0 < p["score"] <= 1 and not p["removed"] for p in pairs)
    assert all("Both in Finnish" in p["reasons"] and "Mathematics in common" in p["reasons"] for p in pairs)

    stored = Round.objects.get(pk=body["id"])
    assert stored.created_by == coordinator
    assert stored.pairs.count() == 3
    assert AuditEntry.objects.filter(object_id=stored.pk, action="create", to_state="draft").exists()


def test_a_round_respects_capacity_and_gives_each_need_at_most_one_proposal(api, coordinator, world, school):
    needs, proposals = world
    for i in range(6):
        NeedFactory(organisation=school, title=f"Murtolukupeli {i}")
    pairs = create(api, coordinator).json()["pairs"]
    assert len(pairs) == 6  # nine needs, six places in all
    per_need = Counter(p["need"]["id"] for p in pairs)
    assert max(per_need.values()) == 1
    per_proposal = Counter(p["proposal"]["id"] for p in pairs)
    assert per_proposal[proposals["scarce"].pk] == 1
    assert per_proposal[proposals["roomy"].pk] == 5
    assert not {proposals["closed"].pk, proposals["full"].pk} & set(per_proposal)


def test_reasons_of_a_stored_round_follow_the_readers_language(api, coordinator, world):
    round_id = create(api, coordinator).json()["id"]
    finnish = api.as_user(coordinator).get(f"{URL}{round_id}/", HTTP_ACCEPT_LANGUAGE="fi").json()
    assert all("Sama kieli: suomi" in p["reasons"] for p in finnish["pairs"])


def test_a_round_without_needs_is_empty(api, coordinator, world):
    response = create(
        api, coordinator, {"starts_on": f"{spring().year + 3}-01-01", "ends_on": f"{spring().year + 3}-05-01"}
    )
    assert response.status_code == 201
    assert response.json()["pairs"] == []
    assert response.json()["needs_considered"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_on": "2027-06-30", "ends_on": "2027-01-01"}, "ends_on"),
        ({"starts_on": "2027-01-01"}, "ends_on"),
        ({"ends_on": "2027-01-01"}, "starts_on"),
        ({"starts_on": "tomorrow", "ends_on": "2027-01-01"}, "starts_on"),
    ],
)
def test_bad_window_is_a_field_error_and_creates_nothing(api, coordinator, body, field):
    response = create(api, coordinator, body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Round.objects.count() == 0


@pytest.mark.parametrize("user", ["teacher", "principal", "representative"])
def test_only_coordinators_run_rounds(api, request, user, world):
    client = api.as_user(request.getfixturevalue(user))
    assert client.post(URL, spring_round(), format="json").status_code == 403
    assert client.get(URL).status_code == 403
    assert Round.objects.count() == 0


def test_anonymous_gets_401(api):
    assert api.get(URL).status_code == 401
    assert api.post(URL, spring_round(), format="json").status_code == 401
    assert api.get(SUGGESTIONS).status_code == 401


def test_coordinators_see_only_their_municipalitys_rounds(api, coordinator, vantaa_coordinator, world):
    espoo = create(api, coordinator).json()
    vantaa = create(api, vantaa_coordinator).json()
    assert vantaa["municipality"] == "vantaa"
    assert [p["need"]["title"] for p in vantaa["pairs"]] == ["Murtolukupeli Vantaalle"]

    listed = api.as_user(coordinator).get(URL).json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == espoo["id"]
    assert listed["results"][0]["pairs_kept"] == 3
    assert "pairs" not in listed["results"][0]

    outsider = api.as_user(vantaa_coordinator)
    assert outsider.get(f"{URL}{espoo['id']}/").status_code == 404
    pair = espoo["pairs"][0]["id"]
    assert outsider.post(f"{URL}{espoo['id']}/remove/", {"pairs": [pair]}, format="json").status_code == 404
    assert outsider.post(f"{URL}{espoo['id']}/confirm/").status_code == 404
    assert outsider.post(f"{URL}{espoo['id']}/cancel/").status_code == 404
    assert Round.objects.get(pk=espoo["id"]).status == "draft"
    assert not RoundPair.objects.filter(removed=True).exists()


# Remove, confirm, cancel


@pytest.fixture
def draft(api, coordinator, world):
    return create(api, coordinator).json()


def test_coordinator_removes_pairs_from_a_draft(api, coordinator, draft):
    removed = draft["pairs"][0]["id"]
    response = api.as_user(coordinator).post(f"{URL}{draft['id']}/remove/", {"pairs": [removed]}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["pairs_kept"] == 2
    assert [p["removed"] for p in body["pairs"] if p["id"] == removed] == [True]
    entry = AuditEntry.objects.get(object_id=draft["id"], content_type__model="round", action="remove_pairs")
    assert entry.data == {"pairs": [removed]}


@pytest.mark.parametrize("pairs", [[], [999999], "x", None])
def test_removing_unknown_pairs_is_a_field_error_and_changes_nothing(api, coordinator, draft, pairs):
    known = draft["pairs"][0]["id"]
    body = {"pairs": pairs + [known] if isinstance(pairs, list) and pairs else pairs}
    response = api.as_user(coordinator).post(f"{URL}{draft['id']}/remove/", body, format="json")
    assert response.status_code == 400
    assert "pairs" in response.json()["errors"]
    assert not RoundPair.objects.filter(removed=True).exists()


def test_pairs_of_another_round_cannot_be_removed(api, coordinator, draft):
    second = create(api, coordinator).json()
    response = api.as_user(coordinator).post(
        f"{URL}{draft['id']}/remove/", {"pairs": [second["pairs"][0]["id"]]}, format="json"
    )
    assert response.status_code == 400
    assert not RoundPair.objects.filter(removed=True).exists()


def test_confirming_tells_both_sides_of_each_kept_pair(
    api, coordinator, draft, mailoutbox, django_capture_on_commit_callbacks
):
    removed = next(p for p in draft["pairs"] if p["need"]["organisation"]["name"] == "Mattlidens skola")
    client = api.as_user(coordinator)
    client.post(f"{URL}{draft['id']}/remove/", {"pairs": [removed["id"]]}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}{draft['id']}/confirm/", {"comment": "Kevään kierros"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["confirmed_at"]
    recipients = Counter(m.to[0] for m in mailoutbox)
    # Two kept pairs, both for the teacher's school: each pair tells the school and its company.
    assert recipients["teacher@auroran.example"] == 2
    assert recipients["teacher@mattliden.example"] == 0  # the removed pair's school hears nothing
    companies = {p["proposal"]["organisation"]["name"] for p in body["pairs"] if not p["removed"]}
    reps = {"Laskuri Oy": "rep@laskuri.example", "Kielikone Oy": "rep@kielikone.example"}
    for name in companies:
        assert recipients[reps[name]] >= 1
    assert all("Murtolu" in m.subject for m in mailoutbox)
    assert AuditEntry.objects.filter(object_id=draft["id"], from_state="draft", to_state="confirmed").exists()


def test_a_confirmed_round_is_final(api, coordinator, draft):
    client = api.as_user(coordinator)
    assert client.post(f"{URL}{draft['id']}/confirm/").status_code == 200
    for action, body in (("confirm", {}), ("cancel", {}), ("remove", {"pairs": [draft["pairs"][0]["id"]]})):
        response = client.post(f"{URL}{draft['id']}/{action}/", body, format="json")
        assert response.status_code == 409, action
        assert response.json()["status"] == "confirmed"
    assert not RoundPair.objects.filter(removed=True).exists()


def test_a_cancelled_round_suggests_nothing(api, coordinator, teacher, draft):
    client = api.as_user(coordinator)
    response = client.post(f"{URL}{draft['id']}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert client.post(f"{URL}{draft['id']}/confirm/").status_code == 409
    assert api.as_user(teacher).get(SUGGESTIONS).json()["count"] == 0


# Suggestions


@pytest.fixture
def confirmed(api, coordinator, draft):
    response = api.as_user(coordinator).post(f"{URL}{draft['id']}/confirm/")
    assert response.status_code == 200
    return response.json()


def test_drafts_suggest_nothing_yet(api, teacher, representative, draft):
    assert api.as_user(teacher).get(SUGGESTIONS).json()["count"] == 0
    assert api.as_user(representative).get(SUGGESTIONS).json()["count"] == 0


def test_each_side_sees_its_own_suggestions(
    api, teacher, principal, other_teacher, representative, coordinator, school, company, confirmed
):
    kept = confirmed["pairs"]
    mine = api.as_user(teacher).get(SUGGESTIONS).json()
    expected = {p["id"] for p in kept if p["need"]["organisation"]["id"] == school.pk}
    assert {s["id"] for s in mine["results"]} == expected
    assert all(s["side"] == "school" and s["round"] == confirmed["id"] for s in mine["results"])
    assert all(s["reasons"] for s in mine["results"])
    assert {s["id"] for s in api.as_user(principal).get(SUGGESTIONS).json()["results"]} == expected

    company_side = api.as_user(representative).get(SUGGESTIONS).json()["results"]
    assert {s["id"] for s in company_side} == {
        p["id"] for p in kept if p["proposal"]["organisation"]["id"] == company.pk
    }
    assert all(s["side"] == "company" for s in company_side)

    others = {s["id"] for s in api.as_user(other_teacher).get(SUGGESTIONS).json()["results"]}
    assert not others & expected
    assert api.as_user(coordinator).get(SUGGESTIONS).json()["count"] == 0


def test_removed_pairs_are_not_suggested(api, coordinator, teacher, draft, school):
    mine = [p for p in draft["pairs"] if p["need"]["organisation"]["id"] == school.pk]
    client = api.as_user(coordinator)
    client.post(f"{URL}{draft['id']}/remove/", {"pairs": [mine[0]["id"]]}, format="json")
    client.post(f"{URL}{draft['id']}/confirm/")
    assert {s["id"] for s in api.as_user(teacher).get(SUGGESTIONS).json()["results"]} == {p["id"] for p in mine[1:]}


def _before_offers():
    """Suggestions of a round confirmed before offers existed: no offer rows, no places kept."""
    for offer in Offer.objects.all():
        Proposal.objects.filter(pk=offer.proposal_id).update(groups_accepted=0)
    Offer.objects.all().delete()


def test_apply_waits_while_the_pair_is_offered(api, teacher, confirmed, school):
    suggestion = next(p for p in confirmed["pairs"] if p["need"]["organisation"]["id"] == school.pk)
    response = api.as_user(teacher).post(f"{SUGGESTIONS}{suggestion['id']}/apply/")
    assert response.status_code == 409
    assert "offer" in response.json()["detail"]
    assert Application.objects.count() == 0


def test_a_school_expresses_interest_from_a_suggestion_in_one_step(api, teacher, confirmed, school):
    _before_offers()
    suggestion = next(p for p in confirmed["pairs"] if p["need"]["organisation"]["id"] == school.pk)
    client = api.as_user(teacher)
    response = client.post(f"{SUGGESTIONS}{suggestion['id']}/apply/", {"message": "Kiinnostaa!"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["initiated_by"] == "school"
    assert body["status"] == "pending"
    assert (body["need"]["id"], body["proposal"]["id"]) == (suggestion["need"]["id"], suggestion["proposal"]["id"])
    application = Application.objects.get(pk=body["id"])
    assert application.created_by == teacher
    assert application.message == "Kiinnostaa!"
    again = client.post(f"{SUGGESTIONS}{suggestion['id']}/apply/", {}, format="json")
    assert again.status_code == 409
    assert Application.objects.count() == 1


def test_a_company_applies_from_a_suggestion(api, representative, confirmed, company):
    _before_offers()
    suggestion = next(p for p in confirmed["pairs"] if p["proposal"]["organisation"]["id"] == company.pk)
    response = api.as_user(representative).post(f"{SUGGESTIONS}{suggestion['id']}/apply/")
    assert response.status_code == 201, response.content
    assert response.json()["initiated_by"] == "company"


def test_outsiders_cannot_apply_from_someone_elses_suggestion(
    api, other_teacher, other_representative, coordinator, confirmed, school, company
):
    suggestion = next(
        p
        for p in confirmed["pairs"]
        if p["need"]["organisation"]["id"] == school.pk and p["proposal"]["organisation"]["id"] == company.pk
    )
    _before_offers()
    for user in (other_teacher, other_representative, coordinator):
        response = api.as_user(user).post(f"{SUGGESTIONS}{suggestion['id']}/apply/")
        assert response.status_code == 404
    assert Application.objects.count() == 0


def test_a_suggestion_whose_proposal_filled_up_answers_409(api, teacher, confirmed, school):
    _before_offers()
    suggestion = next(p for p in confirmed["pairs"] if p["need"]["organisation"]["id"] == school.pk)
    Proposal.objects.filter(pk=suggestion["proposal"]["id"]).update(status=Proposal.Status.CLOSED)
    response = api.as_user(teacher).post(f"{SUGGESTIONS}{suggestion['id']}/apply/")
    assert response.status_code == 409
    assert Application.objects.count() == 0


def test_round_endpoints_take_a_bounded_number_of_queries(
    api, coordinator, world, school, django_assert_max_num_queries
):
    for i in range(10):
        NeedFactory(organisation=school, title=f"Murtolukupeli {i}")
    client = api.as_user(coordinator)
    round_id = create(api, coordinator).json()["id"]
    with django_assert_max_num_queries(8):
        assert len(client.get(f"{URL}{round_id}/").json()["pairs"]) == 6
    with django_assert_max_num_queries(6):
        client.get(URL)
