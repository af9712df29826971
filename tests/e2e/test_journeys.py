"""The phase-1 journeys in a real browser: a teacher and a company representative, in Finnish and Swedish,
on a laptop and on a phone, with htmx and without JavaScript. Every page is checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kyky.pilots.models import Need, Proposal
from tests.factories import ProposalFactory, spring

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def offers(company, representative):
    ProposalFactory(
        organisation=company,
        title="Murtolukupeli",
        processes_personal_data=True,
        requirements="Tabletit oppilaille ja koulun wifi.",
    )
    ProposalFactory(
        organisation=company,
        title="Laulupeli",
        summary="Laulua ja rytmejä.",
        description="Lauluja.",
        subjects=["music"],
        levels=["grade_1"],
    )


def test_teacher_browses_opens_an_offer_publishes_a_need_and_switches_to_swedish(any_visit, teacher, offers):
    visit, page = any_visit, any_visit.page
    visit.goto("/")
    expect(page.locator("h1")).to_contain_text("koulut ja yritykset kehittävät oppimistuotteita yhdessä")
    visit.submit(page.get_by_role("link", name="Kirjaudu sisään").first)
    page.get_by_label("Sähköposti").fill(teacher.email)
    page.get_by_label("Salasana").fill("correct horse battery")
    visit.submit(page.get_by_role("button", name="Kirjaudu sisään"))

    # Browse with filters: htmx swaps only the results and keeps the address shareable.
    visit.open_menu()
    visit.submit(page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Pilottitarjoukset"))
    expect(page.locator("#result-count")).to_have_text("2 pilottitarjousta löytyi")
    visit.open_filters()
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Oppiaine").select_option("mathematics")
    expect(page.locator("#result-count")).to_have_text("1 pilottitarjous löytyi")
    expect(page).to_have_url(re.compile(r"subject=mathematics"))
    page.get_by_label("Haku").fill("murtoluku")
    page.get_by_label("Haku").press("Enter")
    expect(page).to_have_url(re.compile(r"q=murtoluku"))
    expect(page.get_by_role("link", name="Murtolukupeli")).to_be_visible()
    expect(page.get_by_role("link", name="Laulupeli")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage === true"), "the filters reloaded the whole page"
    visit.check()

    # One offer: what it asks of the teacher, personal data prominently.
    visit.submit(page.get_by_role("link", name="Murtolukupeli"))
    expect(page.get_by_role("heading", name="Oppilaiden henkilötietoja käsitellään")).to_be_visible()
    expect(page.get_by_text("10 tuntia")).to_be_visible()
    expect(page.get_by_text("Tabletit oppilaille ja koulun wifi.")).to_be_visible()
    expect(page.get_by_role("button", name="Julkaise")).to_have_count(0)

    # A need, with an error fixed on the way.
    visit.open_menu()
    visit.submit(page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Uusi tarve"))
    page.locator("#id_title").fill("Murtoluvut haltuun")
    page.locator("#id_description").fill("Nelosluokka tarvitsee toiminnallisen tavan oppia murtolukuja.")
    page.get_by_label("4. luokka").check()
    page.get_by_label("Matematiikka").check()
    page.locator("#id_group_size").fill("22")
    page.locator("#id_starts_on").fill(str(spring().first_monday))
    page.locator("#id_ends_on").fill(str(spring().first_monday - dt.timedelta(days=10)))
    visit.submit(page.get_by_role("button", name="Tallenna luonnos"))
    expect(page.locator("#id_ends_on_error")).to_contain_text("Päättymispäivä ei voi olla ennen alkamispäivää")
    expect(page.locator("#id_ends_on")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_title")).to_have_value("Murtoluvut haltuun")
    expect(page.get_by_label("4. luokka")).to_be_checked()
    assert not Need.objects.exists()
    page.locator("#id_ends_on").fill(str(spring().last_friday))
    visit.submit(page.get_by_role("button", name="Tallenna luonnos"))
    expect(page.locator("h1")).to_have_text("Murtoluvut haltuun")
    expect(page.locator(".meta .status")).to_have_text("Luonnos")
    visit.submit(page.get_by_role("button", name="Julkaise"))
    expect(page.get_by_role("status")).to_contain_text("Tarve on julkaistu")
    assert Need.objects.get().status == "published"

    # Swedish.
    visit.open_menu()
    visit.submit(page.get_by_role("button", name="Svenska"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("link", name="Alla lärandebehov")).to_be_visible()
    expect(page.locator(".meta .status")).to_have_text("Publicerad")
    visit.open_menu()
    visit.submit(page.get_by_role("link", name="Pilotterbjudanden").first)
    expect(page.locator("#result-count")).to_have_text("2 pilotterbjudanden hittades")


def test_company_representative_creates_and_publishes_a_proposal(visit, representative):
    page = visit.page
    visit.log_in(representative)
    visit.submit(page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Uusi pilottitarjous"))
    page.locator("#id_title").fill("Sanaseikkailu")
    page.locator("#id_summary").fill("Sanapeli, joka kasvattaa sanavarastoa.")
    page.locator("#id_description").fill("Kuuden viikon pilotti: oppilaat pelaavat kahdesti viikossa.")
    page.get_by_label("3. luokka").check()
    page.get_by_label("Äidinkieli ja kirjallisuus").check()
    page.get_by_label("suomi", exact=True).check()
    page.locator("#id_starts_on").fill(str(spring().monday(5)))
    page.locator("#id_ends_on").fill(str(spring().friday(13)))
    page.get_by_label("hybridi").check()
    page.get_by_label("Espoo", exact=True).check()
    page.locator("#id_capacity").fill("2")
    page.locator("#id_teacher_hours").fill("4")
    page.locator("#id_requirements").fill("Tabletit")
    page.locator("#id_processes_personal_data").check()
    visit.submit(page.get_by_role("button", name="Tallenna luonnos"))
    expect(page.locator("h1")).to_have_text("Sanaseikkailu")
    expect(page.get_by_text("Tämä on luonnos")).to_be_visible()
    visit.submit(page.get_by_role("button", name="Julkaise"))
    expect(page.get_by_role("status")).to_contain_text("Pilottitarjous on julkaistu")
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.delivery, proposal.processes_personal_data) == ("published", "hybrid", True)
    visit.submit(page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Pilottitarjoukset"))
    expect(page.get_by_role("link", name="Sanaseikkailu")).to_be_visible()


def test_filters_work_without_javascript(no_js_visit, teacher, offers):
    visit, page = no_js_visit, no_js_visit.page
    visit.log_in(teacher)
    visit.goto("/proposals/")
    page.get_by_label("Oppiaine").select_option("music")
    visit.submit(page.get_by_role("button", name="Näytä tulokset"))
    expect(page).to_have_url(re.compile(r"subject=music"))
    expect(page.locator("#result-count")).to_have_text("1 pilottitarjous löytyi")
    expect(page.get_by_role("link", name="Laulupeli")).to_be_visible()


def test_public_pages_are_accessible(any_visit):
    visit, page = any_visit, any_visit.page
    visit.goto("/accessibility/")
    expect(page.get_by_text("Etelä-Suomen aluehallintovirasto")).to_be_visible()
    expect(page.get_by_text("www.saavutettavuusvaatimukset.fi")).to_be_visible()
    visit.submit(page.get_by_role("contentinfo").get_by_role("link", name="Anna palautetta"))
    visit.submit(page.get_by_role("button", name="Lähetä"))
    expect(page.locator("#id_message_error")).to_be_visible()
    visit.goto("/accounts/login/")
    page.get_by_label("Sähköposti").fill("nobody@example.com")
    page.get_by_label("Salasana").fill("wrong")
    visit.submit(page.get_by_role("button", name="Kirjaudu sisään"))
    expect(page.get_by_role("alert")).to_contain_text("Väärä sähköpostiosoite tai salasana.")
