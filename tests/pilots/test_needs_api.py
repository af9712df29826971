"""Learning needs through the API, for every role, including the denials."""

from __future__ import annotations

import pytest

from kyky.core.models import AuditEntry
from kyky.pilots.models import Need
from tests.factories import NeedFactory, spring, window

pytestmark = pytest.mark.django_db

URL = "/api/v1/needs/"


def payload(**changes):
    data = {
        "title": "Murtoluvut toiminnallisesti",
        "description": "4B-luokka tarvitsee konkreettisia tapoja ymmärtää murtolukuja.",
        "subjects": ["mathematics"],
        "levels": ["grade_4"],
        "language": "fi",
        "group_size": 22,
        **window(ends_on=spring().friday(13)),
        "accepts_remote": True,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("user", ["teacher", "principal"])
def test_unit_staff_create_needs_for_their_own_unit(api, request, user, school, other_school):
    response = api.as_user(request.getfixturevalue(user)).post(
        URL, payload(organisation=other_school.pk, municipality="vantaa"), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation"]["id"] == school.pk
    assert body["municipality"] == "espoo"  # the unit's, whatever the body says
    assert body["status"] == "draft"
    assert AuditEntry.objects.filter(object_id=body["id"], action="create").exists()


@pytest.mark.parametrize("user", ["representative", "coordinator"])
def test_companies_and_coordinators_cannot_create_needs(api, request, user):
    assert api.as_user(request.getfixturevalue(user)).post(URL, payload(), format="json").status_code == 403
    assert Need.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": "2000-01-01"}, "ends_on"),  # before the start
        ({"group_size": 0}, "group_size"),
        ({"group_size": 501}, "group_size"),
        ({"levels": []}, "levels"),
        ({"language": "de"}, "language"),
        ({"title": ""}, "title"),
        ({"description": "y" * 5001}, "description"),
        ({"starts_on": "not a date"}, "starts_on"),
    ],
)
def test_bad_input_gets_field_errors_and_creates_nothing(api, teacher, changes, field):
    response = api.as_user(teacher).post(URL, payload(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Need.objects.count() == 0


def test_drafts_stay_private_to_their_unit(api, school, teacher, principal, other_teacher, representative, coordinator):
    draft = NeedFactory(organisation=school, status="draft")
    assert api.as_user(principal).get(f"{URL}{draft.pk}/").status_code == 200
    for outsider in (other_teacher, representative, coordinator):
        client = api.as_user(outsider)
        assert client.get(f"{URL}{draft.pk}/").status_code == 404
        assert client.get(URL).json()["count"] == 0


def test_published_need_visible_to_companies_but_not_editable(api, school, representative, other_teacher):
    need = NeedFactory(organisation=school)
    for user in (representative, other_teacher):
        client = api.as_user(user)
        assert client.get(f"{URL}{need.pk}/").status_code == 200
        assert client.patch(f"{URL}{need.pk}/", {"title": "x"}, format="json").status_code == 403
        assert client.post(f"{URL}{need.pk}/close/").status_code == 403
        assert client.delete(f"{URL}{need.pk}/").status_code == 403


def test_teacher_edits_publishes_and_closes_own_units_need(api, teacher, principal):
    created = api.as_user(teacher).post(URL, payload(), format="json").json()
    detail = f"{URL}{created['id']}/"
    client = api.as_user(principal)  # a colleague in the same unit
    assert client.patch(detail, {"group_size": 18}, format="json").json()["group_size"] == 18
    assert client.post(f"{detail}publish/").json()["status"] == "published"
    response = client.post(f"{detail}publish/")
    assert response.status_code == 409
    assert response.json()["status"] == "published"
    assert client.post(f"{detail}close/").json()["status"] == "closed"
    assert client.post(f"{detail}close/").status_code == 409
    assert client.patch(detail, {"group_size": 10}, format="json").status_code == 409


def test_matched_need_can_be_closed(api, school, teacher):
    need = NeedFactory(organisation=school, status="matched")
    response = api.as_user(teacher).post(f"{URL}{need.pk}/close/")
    assert response.status_code == 200
    assert AuditEntry.objects.get(object_id=need.pk, to_state="closed").from_state == "matched"
