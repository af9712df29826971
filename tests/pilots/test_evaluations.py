"""The end-of-pilot evaluation: each side's answer, its corrections until completion, the group's faces,
when each side is asked, and when the coordinator may complete the pilot."""

from __future__ import annotations

import datetime as dt

import pytest

from kyky.core.models import AuditEntry
from kyky.pilots import selectors
from kyky.pilots.models import Feedback, Pilot
from kyky.process import services as process
from tests.pilots.running import ANSWER, at, running_pilot

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(company, school, representative, principal, teacher, coordinator):
    return running_pilot(company=company, school=school, representative=representative, principal=principal)


def url(pilot, action="feedback"):
    return f"/api/v1/pilots/{pilot.pk}/{action}/"


def test_each_side_gives_its_evaluation(api, pilot, teacher, representative):
    response = api.as_user(teacher).post(url(pilot), {**ANSWER, "rating": 5, "faces": ""}, format="json")
    assert response.status_code == 200, response.content
    response = api.as_user(representative).post(url(pilot), {**ANSWER, "goals": "partly", "again": False})
    assert response.status_code == 200, response.content
    answers = {item["side"]: item for item in response.json()["feedback"]}
    assert answers["school"]["rating"] == 5 and answers["school"]["goals"] == "yes" and answers["school"]["again"]
    assert answers["company"]["goals"] == "partly" and answers["company"]["again"] is False
    assert (
        answers["company"]["worked"] == "Oppilaat innostuivat."
        and answers["company"]["change"] == "Lyhyemmät tehtävät."
    )
    entries = AuditEntry.objects.filter(content_type__model="pilot", object_id=pilot.pk, action="feedback")
    assert sorted(entry.data["side"] for entry in entries) == ["company", "school"]
    assert all("Oppilaat" not in str(entry.data) for entry in entries)  # the texts stay out of the trail


def test_an_answer_is_corrected_until_the_pilot_is_completed(api, pilot, teacher, representative, coordinator):
    client = api.as_user(teacher)
    client.post(url(pilot), ANSWER, format="json")
    response = client.post(url(pilot), {**ANSWER, "rating": 2, "change": "Enemmän tukea."}, format="json")
    assert response.status_code == 200
    school = Feedback.objects.get(pilot=pilot, side="school")
    assert (school.rating, school.change) == (2, "Enemmän tukea.")
    api.as_user(representative).post(url(pilot), ANSWER, format="json")
    assert api.as_user(coordinator).post(url(pilot, "complete")).status_code == 200
    late = client.post(url(pilot), {**ANSWER, "rating": 5}, format="json")
    assert late.status_code == 409 and late.json()["status"] == "completed"
    assert Feedback.objects.get(pilot=pilot, side="school").rating == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"goals": "maybe"}, "goals"),
        ({"goals": None}, "goals"),
        ({"again": None}, "again"),
        ({"worked": "x" * 5001}, "worked"),
        ({"change": "x" * 5001}, "change"),
        ({"faces": "angry"}, "faces"),
    ],
)
def test_a_bad_evaluation_is_refused_with_its_field_and_changes_nothing(api, pilot, teacher, change, field):
    body = {key: value for key, value in {**ANSWER, **change}.items() if value is not None}
    response = api.as_user(teacher).post(url(pilot), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Feedback.objects.exists()
    assert not AuditEntry.objects.filter(action="feedback").exists()


def test_outsiders_do_not_see_the_pilot_and_the_coordinator_does_not_evaluate(
    api, pilot, other_teacher, other_representative, vantaa_coordinator, coordinator
):
    for outsider in (other_teacher, other_representative, vantaa_coordinator):
        assert api.as_user(outsider).post(url(pilot), ANSWER, format="json").status_code == 404
    assert api.as_user(coordinator).post(url(pilot), ANSWER, format="json").status_code == 403
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("level", ["ece", "pre_primary", "grade_1", "grade_2"])
def test_the_teacher_records_the_faces_of_a_young_group(
    api, company, school, representative, principal, teacher, level
):
    young = running_pilot(company=company, school=school, representative=representative, principal=principal,
                          levels=[level])  # fmt: skip
    response = api.as_user(teacher).post(url(young), {**ANSWER, "faces": "happy"}, format="json")
    assert response.status_code == 200, response.content
    assert Feedback.objects.get(pilot=young).faces == "happy"
    refused = api.as_user(representative).post(url(young), {**ANSWER, "faces": "sad"}, format="json")
    assert refused.status_code == 400 and "faces" in refused.json()["errors"]


def test_there_are_no_faces_for_older_groups(api, pilot, teacher):
    response = api.as_user(teacher).post(url(pilot), {**ANSWER, "faces": "neutral"}, format="json")
    assert response.status_code == 400 and "faces" in response.json()["errors"]


def test_the_coordinator_completes_once_both_sides_have_answered(api, pilot, teacher, representative, coordinator):
    client = api.as_user(coordinator)
    assert "complete" not in client.get(f"/api/v1/pilots/{pilot.pk}/").json()["actions"]
    api.as_user(teacher).post(url(pilot), ANSWER, format="json")
    refused = client.post(url(pilot, "complete"))
    assert refused.status_code == 409 and "once both parties have given their evaluation" in refused.json()["detail"]
    assert Pilot.objects.get(pk=pilot.pk).status == "running"
    api.as_user(representative).post(url(pilot), ANSWER, format="json")
    assert "complete" in client.get(f"/api/v1/pilots/{pilot.pk}/").json()["actions"]
    assert client.post(url(pilot, "complete")).json()["status"] == "completed"


def test_without_answers_the_coordinator_completes_30_days_after_the_end(api, pilot, coordinator, time_machine):
    client = api.as_user(coordinator)
    ends_on = pilot.ends_on
    time_machine.move_to(at(ends_on + dt.timedelta(days=29)))
    assert "complete" not in client.get(f"/api/v1/pilots/{pilot.pk}/").json()["actions"]
    assert client.post(url(pilot, "complete")).status_code == 409
    time_machine.move_to(at(ends_on + dt.timedelta(days=30)))
    assert "complete" in client.get(f"/api/v1/pilots/{pilot.pk}/").json()["actions"]
    assert client.post(url(pilot, "complete")).status_code == 200


def test_each_side_is_asked_once_the_end_date_has_passed(client, api, pilot, teacher, representative, time_machine):
    def due(user):
        response = api.as_user(user).get(f"/api/v1/pilots/{pilot.pk}/")
        assert response.status_code == 200 and response.content.startswith(b"{"), response.content[:300]
        return response.json()["feedback_due"]

    assert not due(teacher) and not due(representative)
    assert not selectors.pilot_feedback_due(actor=teacher).exists()
    time_machine.move_to(at(pilot.ends_on + dt.timedelta(days=1)))
    assert due(teacher) and due(representative)
    assert list(selectors.pilot_feedback_due(actor=representative)) == [pilot]
    client.force_login(teacher)
    page = client.get(f"/agreements/{pilot.agreement.pk}/").text
    assert 'id="feedback-due"' in page and "The pilot ended on" in page
    api.as_user(teacher).post(url(pilot), ANSWER, format="json")
    assert not due(teacher) and due(representative)
    assert not selectors.pilot_feedback_due(actor=teacher).exists()
    assert list(selectors.pilot_feedback_due(actor=representative)) == [pilot]
    assert 'id="feedback-due"' not in client.get(f"/agreements/{pilot.agreement.pk}/").text


def test_the_evaluation_page_in_finnish(client, company, school, representative, principal, teacher):
    young = running_pilot(company=company, school=school, representative=representative, principal=principal,
                          levels=["pre_primary"])  # fmt: skip
    client.force_login(teacher)
    body = {"rating": "5", "goals": "partly", "again": "no", "worked": "Laulut", "change": "", "faces": "happy"}
    response = client.post(f"/pilots/{young.pk}/feedback/", body, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 302
    feedback = Feedback.objects.get(pilot=young)
    assert (feedback.goals, feedback.again, feedback.faces) == ("partly", False, "happy")
    page = client.get(f"/agreements/{young.agreement.pk}/", HTTP_ACCEPT_LANGUAGE="fi").text
    assert "Korjaa arviointiasi" in page and "Laulut" in page


def test_completing_the_pilot_completes_its_agreement(pilot, teacher, representative, coordinator):
    from kyky.pilots import services

    for actor in (teacher, representative):
        services.pilot_feedback(actor=actor, pilot=pilot, **ANSWER)
    from contracts.models import Agreement

    process.pilot_complete(actor=coordinator, pilot=Pilot.objects.get(pk=pilot.pk))
    assert Agreement.objects.get(pk=pilot.agreement.pk).status == "completed"
