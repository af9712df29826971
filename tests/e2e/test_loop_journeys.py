"""Closing the loop in a real browser, in Finnish, with axe-core on every page: the teacher evaluates an ended
pilot (with the group's faces), the coordinator completes it and withdraws the reference it earned, the
coordinator reads the reports (desktop and phone), and a teacher downloads their data and deletes the account."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone

from contracts.models import Agreement
from kyky.accounts.models import User
from kyky.pilots import services
from kyky.pilots.models import Feedback, Pilot
from kyky.references.models import Reference
from tests.pilots.running import ANSWER, running_pilot
from tests.reports.known import build

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _ended(pilot: Pilot, days_ago: int = 3) -> None:
    """Move the agreed schedule into the past: the pilot's end date has passed."""
    agreement = Agreement.objects.get(pilot=pilot)
    today = timezone.localdate()
    terms = {
        **agreement.snapshot["pilot"],
        "starts_on": (today - dt.timedelta(days=60)).isoformat(),
        "ends_on": (today - dt.timedelta(days=days_ago)).isoformat(),
    }
    Agreement.objects.filter(pk=agreement.pk).update(snapshot={**agreement.snapshot, "pilot": terms})


def test_teacher_evaluates_coordinator_completes_and_withdraws_the_reference(
    visit, company, school, representative, principal, teacher, coordinator
):
    page = visit.page
    pilot = running_pilot(company=company, school=school, representative=representative, principal=principal,
                          levels=["pre_primary"])  # fmt: skip
    _ended(pilot)
    agreement_url = f"/agreements/{pilot.agreement.pk}/"

    visit.log_in(teacher)
    visit.goto(agreement_url)
    expect(page.locator("#feedback-due")).to_contain_text("Pilotti päättyi")
    form = page.locator("form.feedback")
    form.get_by_label("4 – hyvä").check()
    form.get_by_role("group", name="Tukiko pilotti oppimisen tavoitteita?").get_by_label("Osittain").check()
    form.get_by_role("group", name="Osallistuisitteko uudelleen?").get_by_label("Kyllä").check()
    form.get_by_label("Mikä toimi?").fill("Lapset lauloivat mukana.")
    form.get_by_role("group", name="Ryhmän naamat (vapaaehtoinen)").get_by_label("Iloinen").check()
    visit.submit(form.get_by_role("button", name="Tallenna arviointi"))
    expect(page.locator("#messages")).to_contain_text("Arviointisi tallennettiin")
    expect(page.locator("#feedback-due")).to_have_count(0)
    expect(page.locator(".evaluations")).to_contain_text("Lapset lauloivat mukana.")
    feedback = Feedback.objects.get(pilot=pilot)
    assert (feedback.rating, feedback.goals, feedback.again, feedback.faces) == (4, "partly", True, "happy")

    services.pilot_feedback(actor=representative, pilot=pilot, **ANSWER)
    visit.submit(page.get_by_role("button", name="Kirjaudu ulos"))
    visit.log_in(coordinator)
    visit.goto(agreement_url)
    visit.submit(page.get_by_role("button", name="Päätä pilotti"))
    expect(page.locator("#pilot-heading")).to_contain_text("Päättynyt")
    visit.submit(page.get_by_role("link", name="Kehitetty yhdessä Espoon koulujen kanssa"))
    expect(page.locator("h1")).to_have_text("Kehitetty yhdessä Espoon koulujen kanssa")
    expect(page.locator("#valid")).to_be_visible()
    page.get_by_label("Referenssin perumisen syy").fill("Tuotetta markkinoitiin harhaanjohtavasti.")
    visit.submit(page.get_by_role("button", name="Peru referenssi"))
    expect(page.locator("#withdrawn")).to_contain_text("Se ei ole enää voimassa.")
    assert not Reference.objects.get().valid


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_coordinator_reads_the_reports(browser, live_server, axe_source, width, school, company, representative,
                                       principal, teacher, coordinator):  # fmt: skip
    from tests.e2e.conftest import DESKTOP, PHONE, _visit

    known = build(school=school, company=company, representative=representative, principal=principal, teacher=teacher)
    options = {"viewport": DESKTOP} if width == "desktop" else {"viewport": PHONE, "is_mobile": True, "has_touch": True}
    context, visit = _visit(browser, live_server, axe_source, accept_downloads=True, **options)
    page = visit.page
    try:
        visit.log_in(coordinator)
        visit.goto("/coordinator/")
        visit.submit(page.locator("#dashboard-toc").get_by_role("link", name="Raportit"))
        page.locator("#id_date_from").fill(known.period.date_from.isoformat())
        page.locator("#id_date_to").fill(known.period.date_to.isoformat())
        visit.submit(page.get_by_role("button", name="Näytä"))
        chart = page.locator("#chart-by-subject")
        expect(chart.get_by_role("img", name=re.compile("Pilotit oppiaineittain"))).to_be_visible()
        expect(chart.locator("table")).to_contain_text("Matematiikka")
        expect(page.locator(".key-figures")).to_contain_text("20,0")
        with page.expect_download() as download:
            page.get_by_role("link", name="Lataa luvut (CSV)").click()
        assert b"by_subject,mathematics,Matematiikka,2" in Path(download.value.path()).read_bytes()
        visit.assert_every_page_checked()
    finally:
        context.close()


def test_a_teacher_downloads_their_data_and_deletes_the_account(browser, live_server, axe_source, teacher):
    from tests.e2e.conftest import DESKTOP, _visit

    context, visit = _visit(browser, live_server, axe_source, accept_downloads=True, viewport=DESKTOP)
    page = visit.page
    try:
        visit.log_in(teacher)
        visit.submit(page.get_by_role("contentinfo").get_by_role("link", name="Omat tietosi"))
        with page.expect_download() as download:
            page.locator("main").get_by_role("link", name="Lataa tietosi").click()
        assert json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["account"]["email"] == teacher.email
        visit.submit(page.get_by_role("link", name="Poista tilisi…"))
        page.get_by_label("Sähköpostiosoitteesi").fill(teacher.email)
        page.get_by_label(re.compile("Kyllä, poista tilini")).check()
        visit.submit(page.get_by_role("button", name="Poista tilini"))
        expect(page.locator("#messages")).to_contain_text("Tilisi poistettiin.")
        assert User.objects.get(pk=teacher.pk).deleted_at is not None
        visit.assert_every_page_checked()
    finally:
        context.close()
