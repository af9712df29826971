"""Pilot proposals through the API, for every role, including the denials."""

from __future__ import annotations

import datetime as dt

import pytest

from kyky.core.models import AuditEntry
from kyky.pilots.models import Proposal
from tests.factories import ProposalFactory, spring, window

pytestmark = pytest.mark.django_db

URL = "/api/v1/proposals/"


def payload(**changes):
    data = {
        "title": "Murtolukuseikkailu",
        "summary": "Peli, jossa murtoluvut tulevat tutuiksi.",
        "description": "Neljän viikon pilotti: oppilaat pelaavat tableteilla kahdesti viikossa.",
        "subjects": ["mathematics"],
        "levels": ["grade_3", "grade_4"],
        "languages": ["fi", "sv"],
        **window(ends_on=spring().friday(17)),
        "capacity": 4,
        "teacher_hours": 6,
        "requirements": "Tabletit, wifi",
        "delivery": "hybrid",
        "municipalities": ["espoo", "vantaa"],
        "processes_personal_data": False,
    }
    data.update(changes)
    return data


def test_representative_creates_a_draft_owned_by_their_company(api, representative, company, other_company):
    response = api.as_user(representative).post(URL, payload(organisation=other_company.pk), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["organisation"]["id"] == company.pk  # never from the request body
    assert body["languages"] == ["fi", "sv"]
    assert body["capacity_left"] == 4
    proposal = Proposal.objects.get(pk=body["id"])
    assert proposal.created_by == representative
    assert AuditEntry.objects.filter(object_id=proposal.pk, action="create", to_state="draft").exists()


@pytest.mark.parametrize("user", ["teacher", "principal", "coordinator"])
def test_only_representatives_create_proposals(api, request, user):
    response = api.as_user(request.getfixturevalue(user)).post(URL, payload(), format="json")
    assert response.status_code == 403
    assert Proposal.objects.count() == 0


def test_anonymous_gets_401(api):
    assert api.get(URL).status_code == 401
    assert api.post(URL, payload(), format="json").status_code == 401


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": "2000-01-01"}, "ends_on"),  # before the start
        ({"capacity": 0}, "capacity"),
        ({"capacity": 101}, "capacity"),
        ({"teacher_hours": 501}, "teacher_hours"),
        ({"levels": []}, "levels"),
        ({"levels": ["grade_10"]}, "levels"),
        ({"subjects": ["astrology"]}, "subjects"),
        ({"languages": []}, "languages"),
        ({"title": "x" * 201}, "title"),
        ({"summary": "x" * 301}, "summary"),
        ({"description": "x" * 5001}, "description"),
        ({"delivery": "teleport"}, "delivery"),
        ({"municipalities": ["atlantis"]}, "municipalities"),
    ],
)
def test_bad_input_gets_field_errors_and_creates_nothing(api, representative, changes, field):
    response = api.as_user(representative).post(URL, payload(**changes), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]
    assert Proposal.objects.count() == 0


def test_outsider_cannot_see_draft(api, representative, other_representative, teacher, coordinator):
    draft = ProposalFactory(organisation=representative.member.organisation, status="draft")
    assert api.as_user(representative).get(f"{URL}{draft.pk}/").status_code == 200
    for outsider in (other_representative, teacher, coordinator):
        client = api.as_user(outsider)
        assert client.get(f"{URL}{draft.pk}/").status_code == 404
        assert draft.pk not in [p["id"] for p in client.get(URL).json()["results"]]
        assert client.patch(f"{URL}{draft.pk}/", {"title": "x"}, format="json").status_code == 404
        assert client.post(f"{URL}{draft.pk}/publish/").status_code == 404


def test_published_proposal_is_readable_by_every_signed_in_user(api, company, teacher, other_representative):
    proposal = ProposalFactory(organisation=company)
    for user in (teacher, other_representative):
        response = api.as_user(user).get(f"{URL}{proposal.pk}/")
        assert response.status_code == 200
        assert response.json()["title"] == proposal.title


def test_insider_without_the_right_gets_403(api, company, teacher, other_representative):
    proposal = ProposalFactory(organisation=company)
    for user in (teacher, other_representative):
        client = api.as_user(user)
        assert client.patch(f"{URL}{proposal.pk}/", {"title": "Hacked"}, format="json").status_code == 403
        assert client.post(f"{URL}{proposal.pk}/close/").status_code == 403
    proposal.refresh_from_db()
    assert proposal.title != "Hacked"
    assert proposal.status == "published"


def test_owner_edits_publishes_and_closes(api, representative):
    client = api.as_user(representative)
    created = client.post(URL, payload(), format="json").json()
    detail = f"{URL}{created['id']}/"
    response = client.patch(detail, {"title": "Murtolukuseikkailu 2", "levels": ["grade_5"]}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Murtolukuseikkailu 2"
    assert response.json()["levels"] == ["grade_5"]
    assert response.json()["subjects"] == ["mathematics"]  # untouched by a partial update

    response = client.post(f"{detail}publish/")
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["published_at"]

    response = client.post(f"{detail}publish/")
    assert response.status_code == 409
    assert response.json()["status"] == "published"
    assert "published" in response.json()["detail"]

    response = client.post(f"{detail}close/", {"comment": "Täynnä"}, format="json")
    assert response.json()["status"] == "closed"
    trail = list(
        AuditEntry.objects.filter(object_id=created["id"], content_type__model="proposal")
        .order_by("id")
        .values_list("action", "from_state", "to_state")
    )
    assert trail == [
        ("create", "", "draft"),
        ("edit", "draft", "draft"),
        ("publish", "draft", "published"),
        ("close", "published", "closed"),
    ]
    edit = AuditEntry.objects.get(object_id=created["id"], action="edit")
    assert edit.data["changes"]["title"] == ["Murtolukuseikkailu", "Murtolukuseikkailu 2"]
    assert edit.data["changes"]["levels"] == [["grade_3", "grade_4"], ["grade_5"]]
    assert AuditEntry.objects.get(object_id=created["id"], to_state="closed").comment == "Täynnä"

    assert client.patch(detail, {"title": "Again"}, format="json").status_code == 409
    assert client.delete(detail).status_code == 409


def test_closing_a_draft_is_409(api, representative):
    draft = ProposalFactory(organisation=representative.member.organisation, status="draft")
    response = api.as_user(representative).post(f"{URL}{draft.pk}/close/")
    assert response.status_code == 409
    assert response.json() == {"detail": response.json()["detail"], "code": "invalid_transition", "status": "draft"}


def test_publishing_an_ended_proposal_is_400(api, representative):
    draft = ProposalFactory(
        organisation=representative.member.organisation,
        status="draft",
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2020, 2, 1),
    )
    response = api.as_user(representative).post(f"{URL}{draft.pk}/publish/")
    assert response.status_code == 400
    assert "ends_on" in response.json()["errors"]
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_patch_with_end_before_start_changes_nothing(api, representative):
    proposal = ProposalFactory(organisation=representative.member.organisation, title="Alkuperäinen")
    response = api.as_user(representative).patch(
        f"{URL}{proposal.pk}/", {"title": "Uusi", "ends_on": "2000-01-01"}, format="json"
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.title == "Alkuperäinen"


def test_delete_only_drafts(api, representative, other_representative):
    organisation = representative.member.organisation
    draft = ProposalFactory(organisation=organisation, status="draft")
    published = ProposalFactory(organisation=organisation)
    client = api.as_user(representative)
    assert client.delete(f"{URL}{published.pk}/").status_code == 409
    assert api.as_user(other_representative).delete(f"{URL}{draft.pk}/").status_code == 404
    assert api.as_user(representative).delete(f"{URL}{draft.pk}/").status_code == 204
    assert not Proposal.objects.filter(pk=draft.pk).exists()


def test_espoo_coordinator_closes_a_proposal_for_espoo_only(api, company, coordinator, vantaa_coordinator):
    in_espoo = ProposalFactory(organisation=company, municipalities=["espoo"])
    anywhere = ProposalFactory(organisation=company, municipalities=[])
    only_vantaa = ProposalFactory(organisation=company, municipalities=["vantaa"])
    client = api.as_user(coordinator)
    response = client.post(f"{URL}{in_espoo.pk}/close/", {"comment": "Ei sovi"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "published"  # open elsewhere: the moderation stops at the border
    assert "close_here" not in response.json()["actions"]
    assert "reopen_here" in response.json()["actions"]
    assert client.post(f"{URL}{anywhere.pk}/close/").status_code == 400  # a reason is required
    assert client.post(f"{URL}{only_vantaa.pk}/close/", {"comment": "x"}, format="json").status_code == 403
    assert api.as_user(vantaa_coordinator).post(f"{URL}{only_vantaa.pk}/close/", {"comment": "x"}).status_code == 200
    entry = AuditEntry.objects.get(object_id=in_espoo.pk, content_type__model="proposal", action="close_here")
    assert (entry.actor, entry.comment, entry.data) == (coordinator, "Ei sovi", {"municipality": "espoo"})
    assert client.post(f"{URL}{in_espoo.pk}/close/", {"comment": "again"}, format="json").status_code == 409


def test_an_offer_closed_in_espoo_stays_open_in_vantaa(api, company, representative, teacher, coordinator):
    from tests.factories import MembershipFactory, OrganisationFactory

    vantaa_school = OrganisationFactory(name="Vantaan koulu", municipality_id="vantaa")
    vantaa_teacher = MembershipFactory(organisation=vantaa_school, role="teacher").user
    offer = ProposalFactory(organisation=company, municipalities=[])
    client = api.as_user(coordinator)
    assert client.post(f"{URL}{offer.pk}/close/", {"comment": "Mainontaa oppilaille"}, format="json").status_code == 200

    espoo_ids = [p["id"] for p in api.as_user(teacher).get(URL).json()["results"]]
    vantaa_ids = [p["id"] for p in api.as_user(vantaa_teacher).get(URL).json()["results"]]
    assert offer.pk not in espoo_ids
    assert offer.pk in vantaa_ids
    assert api.as_user(teacher).get(f"{URL}{offer.pk}/").status_code == 404
    own = api.as_user(representative).get(f"{URL}{offer.pk}/")
    assert own.status_code == 200 and own.json()["status"] == "published"

    reopened = client.post(f"{URL}{offer.pk}/reopen/", {"comment": "Korjattu"}, format="json")
    assert reopened.status_code == 200
    assert offer.pk in [p["id"] for p in api.as_user(teacher).get(URL).json()["results"]]
    assert client.post(f"{URL}{offer.pk}/reopen/").status_code == 409


def test_coordinator_cannot_edit_a_proposal(api, company, coordinator):
    proposal = ProposalFactory(organisation=company)
    assert api.as_user(coordinator).patch(f"{URL}{proposal.pk}/", {"title": "x"}, format="json").status_code == 403


def test_capacity_cannot_drop_below_accepted_groups(api, representative):
    proposal = ProposalFactory(organisation=representative.member.organisation, capacity=5)
    Proposal.objects.filter(pk=proposal.pk).update(groups_accepted=3)
    response = api.as_user(representative).patch(f"{URL}{proposal.pk}/", {"capacity": 2}, format="json")
    assert response.status_code == 400
    assert "capacity" in response.json()["errors"]
    response = api.as_user(representative).get(f"{URL}{proposal.pk}/")
    assert response.json()["capacity_left"] == 2


def test_unknown_id_is_404(api, representative):
    assert api.as_user(representative).get(f"{URL}999999/").status_code == 404
    assert api.as_user(representative).get(f"{URL}abc/").status_code == 404


def test_an_offer_closed_in_espoo_is_not_matched_to_espoo_needs(api, company, school, teacher, coordinator):
    from tests.factories import NeedFactory

    offer = ProposalFactory(organisation=company, municipalities=[])
    need = NeedFactory(organisation=school)
    url = f"/api/v1/needs/{need.pk}/matches/"
    assert offer.pk in [m["proposal"]["id"] for m in api.as_user(coordinator).get(url).json()["results"]]
    api.as_user(coordinator).post(f"{URL}{offer.pk}/close/", {"comment": "Ei sovi"}, format="json")
    for user in (teacher, coordinator):
        assert offer.pk not in [m["proposal"]["id"] for m in api.as_user(user).get(url).json()["results"]]
    response = api.as_user(teacher).post(
        "/api/v1/applications/", {"proposal": offer.pk, "need": need.pk}, format="json"
    )
    assert response.status_code == 404  # gone for Espoo's teachers
