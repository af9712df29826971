"""The private calendar feed (parsed back with icalendar) and what waits for each user (start page, API, badge)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from kyky.accounts.models import User
from kyky.accounts.services import calendar_secret
from kyky.matching import services as matching
from kyky.matching.models import Offer
from kyky.process.selectors import pilot_window
from tests.factories import NeedFactory
from tests.process.conftest import sign

pytestmark = pytest.mark.django_db

TASKS = "/api/v1/me/tasks/"


def feed(client, user) -> Calendar:
    response = client.get(f"/calendar/{calendar_secret(user=user)}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_holds_the_pilots_dates_and_the_deadline_to_sign(client, approved, principal, representative):
    User.objects.filter(pk=principal.pk).update(language="en")
    principal.refresh_from_db()
    calendar = feed(client, principal)
    assert str(calendar["VERSION"]) == "2.0" and "KYKY" in str(calendar["PRODID"])
    found = events(calendar)
    starts, ends = pilot_window(approved.pilot)
    pilot = found["Pilot: Murtolukupeli (Auroran koulu, Laskuri Oy)"]
    assert pilot["DTSTART"].dt == starts and pilot["DTEND"].dt == ends + dt.timedelta(days=1)  # all-day, end exclusive
    assert str(pilot["URL"]).endswith(f"/pilots/{approved.pilot.pk}/")
    sign_by = found[f"Sign by: Agreement {approved.number}: Murtolukupeli"]
    assert sign_by["DTSTART"].dt == timezone.localdate(approved.approved_at) + dt.timedelta(days=3)
    assert all(event["UID"] and event["DTSTAMP"] for event in calendar.walk("VEVENT"))
    assert len({str(event["UID"]) for event in calendar.walk("VEVENT")}) == len(calendar.walk("VEVENT"))

    sign(approved, principal)
    assert not any(s.startswith("Sign by") for s in events(feed(client, principal)))  # signed: no deadline


def test_the_feed_is_in_the_users_language_and_holds_the_answer_days(client, application, principal):
    User.objects.filter(pk=principal.pk).update(language="fi")
    principal.refresh_from_db()
    found = events(feed(client, principal))
    (answer,) = [event for summary, event in found.items() if summary.startswith("Vastattava viimeistään")]
    assert answer["DTSTART"].dt == timezone.localdate(application.created_at) + dt.timedelta(days=5)


def test_an_unknown_or_empty_secret_is_404(client, teacher):
    assert client.get("/calendar/not-a-secret.ics").status_code == 404
    User.objects.filter(pk=teacher.pk).update(calendar_secret="")
    assert client.get("/calendar/.ics").status_code == 404


def test_an_inactive_users_feed_is_gone(client, teacher):
    secret = calendar_secret(user=teacher)
    User.objects.filter(pk=teacher.pk).update(is_active=False)
    assert client.get(f"/calendar/{secret}.ics").status_code == 404


# What waits


def kinds(api, user) -> list[tuple[str, list[str]]]:
    body = api.as_user(user).get(TASKS).json()
    assert body["count"] == len(body["results"])
    return [(task["kind"], task["actions"]) for task in body["results"] if task["kind"] != "match"]


def test_an_application_waits_for_the_answering_side_only(
    api, application, teacher, principal, representative, coordinator
):
    assert kinds(api, principal) == [("application", ["accept", "decline"])]
    assert kinds(api, teacher) == [("application", ["decline"])]
    assert kinds(api, representative) == []  # the sender waits, but has nothing to do
    assert kinds(api, coordinator) == []


def test_an_agreement_waits_for_each_step_in_turn(api, agreement, teacher, representative, coordinator):
    from contracts import services as agreements

    assert ("agreement", ["edit", "submit", "remind"]) in kinds(api, teacher)
    assert ("agreement", ["edit", "submit", "remind"]) in kinds(api, representative)
    assert kinds(api, coordinator) == []
    agreements.agreement_submit(actor=teacher, agreement=agreement)  # the school's part is ready
    assert ("agreement", ["edit", "submit"]) in kinds(api, representative)
    assert kinds(api, coordinator) == []
    agreements.agreement_submit(actor=representative, agreement=agreement)  # and the company's: submitted
    assert kinds(api, coordinator) == [("agreement", ["approve", "return"])]
    assert kinds(api, teacher) == []
    agreements.agreement_approve(actor=coordinator, agreement=agreement)
    assert kinds(api, representative) == [("agreement", ["sign"])]
    assert kinds(api, teacher) == []  # the principal signs for the unit
    task = api.as_user(representative).get(TASKS).json()["results"][0]
    assert task["url"] == f"/agreements/{agreement.pk}/"
    assert task["due_on"] == (timezone.localdate() + dt.timedelta(days=3)).isoformat()


def test_an_offer_waits_for_both_sides(api, coordinator, proposal, need, teacher, principal, representative):
    draft = matching.round_create(actor=coordinator, starts_on=need.starts_on, ends_on=need.ends_on)
    matching.round_confirm(actor=coordinator, round_=draft)
    offer = Offer.objects.get()
    assert kinds(api, teacher) == [("offer", ["decline"])]
    assert kinds(api, principal) == [("offer", ["accept", "decline"])]
    assert kinds(api, representative) == [("offer", ["accept", "decline"])]
    task = api.as_user(principal).get(TASKS).json()["results"][0]
    assert task["url"] == f"/offers/{offer.pk}/" and task["due_on"] == offer.respond_by.isoformat()


def test_new_matches_since_the_last_visit(api, client, teacher, need, company, representative):
    from kyky.pilots import services as pilots
    from tests.factories import ProposalFactory

    client.force_login(teacher)
    client.get("/")  # a visit
    client.logout()
    fresh = ProposalFactory(organisation=company, title="Uusi murtolukupeli", status="draft")
    pilots.proposal_publish(actor=representative, proposal=fresh)
    client.force_login(teacher)  # a new session: a new visit
    page = client.get("/").text
    assert "Uusi murtolukupeli" in page and "New matches since your last visit" in page
    matches = [t for t in api.as_user(teacher).get(TASKS).json()["results"] if t["kind"] == "match"]
    assert [t["url"] for t in matches] == [f"/proposals/{fresh.pk}/"]


def test_the_start_page_lists_what_waits_and_the_landing_page_stays_for_visitors(client, application, principal):
    client.force_login(principal)
    page = client.get("/").text
    assert "What waits for you" in page and f'href="/applications/{application.pk}/"' in page
    assert '<span class="badge">1' in page
    client.logout()
    assert "KYKY: schools and companies develop learning products together" in client.get("/").text


def test_the_navigation_badge_counts_what_waits(client, application, principal, other_teacher):
    client.force_login(principal)
    page = client.get("/proposals/").text
    assert 'hx-get="/tasks/badge/"' in page  # loaded after the page, so no page pays for the count
    assert '<span class="badge">1' in client.get("/tasks/badge/").text
    client.force_login(other_teacher)
    assert "badge" not in client.get("/tasks/badge/").text


def test_tasks_take_a_number_of_queries_that_does_not_grow_with_them(api, principal, representative, school, proposal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kyky.pilots import services as pilots

    def applications(count: int) -> int:
        for index in range(count):
            need = NeedFactory(organisation=school, title=f"Tarve {index}")
            pilots.application_create(actor=representative, proposal=proposal, need=need)
        client = api.as_user(principal)
        client.get(TASKS)  # warm the match index
        with CaptureQueriesContext(connection) as queries:
            response = client.get(TASKS)
        assert len([t for t in response.json()["results"] if t["kind"] == "application"]) >= count
        return len(queries)

    few = applications(4)
    many = applications(8)
    assert many == few <= 60
