"""The user's own settings: GET/PATCH /api/v1/me/, the settings page, the language at first login."""

from __future__ import annotations

import pytest

from kyky.accounts.models import User

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def test_me_shows_the_settings_and_a_private_calendar_url(api, teacher, settings):
    settings.SITE_URL = "https://kyky.example.fi"
    body = api.as_user(teacher).get(ME).json()
    assert (
        body["email"] == teacher.email and body["role"] == "teacher" and body["organisation"]["name"] == "Auroran koulu"
    )
    assert body["notifications"] == "immediately"
    teacher.refresh_from_db()
    assert body["calendar_url"] == f"https://kyky.example.fi/calendar/{teacher.calendar_secret}.ics"
    assert len(teacher.calendar_secret) >= 40
    assert api.as_user(teacher).get(ME).json()["calendar_url"] == body["calendar_url"]  # made once


def test_patch_changes_language_and_notifications(api, teacher):
    response = api.as_user(teacher).patch(ME, {"language": "sv", "notifications": "digest"}, format="json")
    assert response.status_code == 200
    assert response.json()["language"] == "sv" and response.json()["notifications"] == "digest"
    teacher.refresh_from_db()
    assert (teacher.language, teacher.notifications) == ("sv", "digest")


@pytest.mark.parametrize("body", [{"language": "de"}, {"notifications": "hourly"}, {"language": ""}])
def test_bad_values_are_field_errors_and_change_nothing(api, teacher, body):
    response = api.as_user(teacher).patch(ME, body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(body)
    teacher.refresh_from_db()
    assert teacher.notifications == "immediately" and teacher.language == ""


def test_the_email_and_calendar_url_cannot_be_changed(api, teacher):
    api.as_user(teacher).patch(ME, {"email": "x@example.com", "calendar_url": "x"}, format="json")
    teacher.refresh_from_db()
    assert teacher.email == "teacher@auroran.example"


def test_me_needs_a_signed_in_user(api):
    assert api.get(ME).status_code == 401
    assert api.get(f"{ME}tasks/").status_code == 401


def test_first_login_takes_the_browsers_language(client, teacher):
    client.post("/accounts/login/", {"username": teacher.email, "password": "correct horse battery"},
                HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9,en;q=0.5")  # fmt: skip
    teacher.refresh_from_db()
    assert teacher.language == "sv"


def test_first_login_without_a_known_browser_language_takes_the_units(client, other_school):
    from tests.factories import MembershipFactory

    swede = MembershipFactory(organisation=other_school, role="teacher").user
    client.post("/accounts/login/", {"username": swede.email, "password": "correct horse battery"},
                HTTP_ACCEPT_LANGUAGE="de-DE")  # fmt: skip
    swede.refresh_from_db()
    assert swede.language == "sv"


def test_a_chosen_language_is_never_overwritten_at_login(api, teacher):
    User.objects.filter(pk=teacher.pk).update(language="en")
    api.post("/api/v1/auth/token/", {"email": teacher.email, "password": "correct horse battery"},
             HTTP_ACCEPT_LANGUAGE="fi")  # fmt: skip
    teacher.refresh_from_db()
    assert teacher.language == "en"


def test_the_token_login_also_starts_the_language(api, representative):
    api.post("/api/v1/auth/token/", {"email": representative.email, "password": "correct horse battery"},
             format="json", HTTP_ACCEPT_LANGUAGE="en-GB")  # fmt: skip
    representative.refresh_from_db()
    assert representative.language == "en"


# The settings page


def test_the_settings_page_saves_and_switches_the_pages_language(client, teacher):
    client.force_login(teacher)
    page = client.get("/settings/").text
    assert "Language of your e-mails" in page and "/calendar/" in page
    response = client.post("/settings/", {"language": "fi", "notifications": "off"})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert (teacher.language, teacher.notifications) == ("fi", "off")
    assert response.cookies["django_language"].value == "fi"


def test_the_settings_page_refuses_bad_values(client, teacher):
    client.force_login(teacher)
    response = client.post("/settings/", {"language": "xx", "notifications": "often"})
    assert response.status_code == 400
    teacher.refresh_from_db()
    assert teacher.notifications == "immediately"


def test_rotating_the_calendar_secret_retires_the_old_address(client, api, teacher):
    old = api.as_user(teacher).get(ME).json()["calendar_url"].split("/calendar/")[1]
    assert client.get(f"/calendar/{old}").status_code == 200
    client.force_login(teacher)
    response = client.post("/settings/calendar/")
    assert response.status_code == 302
    new = api.as_user(teacher).get(ME).json()["calendar_url"].split("/calendar/")[1]
    assert new != old
    client.logout()
    assert client.get(f"/calendar/{old}").status_code == 404
    assert client.get(f"/calendar/{new}").status_code == 200


def test_settings_need_a_signed_in_user(client):
    assert client.get("/settings/").status_code == 302
    assert client.post("/settings/calendar/").status_code == 302
