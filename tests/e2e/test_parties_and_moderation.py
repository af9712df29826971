"""Journeys of issue 14 in a real browser, on a 390×844 phone and a 1280×900 desktop, in Finnish, with
axe-core on every page:

- the agreement filled in by both parties: the teacher completes and marks the school's part, asks the
  company; the company fills in the data annex and marks its part, which submits the agreement; the
  principal signs under a plain statement with the hash in a disclosure;
- fair moderation: the coordinator asks for changes, the company sees the request and edits it away;
  the coordinator closes with a reason and a confirmation (also without JavaScript) and reopens;
- a round with a minimum fit, from which the coordinator removes several pairs at once in place.

With KYKY_SCREENSHOTS=<folder> the agreement and round pages are saved there as PNGs at both widths.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from contracts import services as agreement_services
from contracts.models import Agreement
from kyky.matching.models import Round, RoundPair
from kyky.pilots import services
from kyky.pilots.models import ProposalChangeRequest, ProposalClosure
from kyky.process import services as process
from tests.e2e.conftest import _visit
from tests.factories import NeedFactory, ProposalFactory, spring

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


@pytest.fixture(autouse=True)
def _fresh_match_index():
    from kyky.matching.indexes import process_cache

    process_cache().clear()
    yield
    process_cache().clear()


@pytest.fixture(params=list(VIEWPORTS))
def both(request, browser, live_server, axe_source):
    """The same journey on a phone and on a desktop."""
    context, visit = _visit(browser, live_server, axe_source, **VIEWPORTS[request.param])
    context.set_default_timeout(20_000)
    visit.width = request.param
    yield visit
    visit.assert_every_page_checked()
    context.close()


def screenshot(visit, name: str) -> None:
    folder = os.environ.get("KYKY_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(Path(folder) / f"{name}-{visit.width}.png"), full_page=True)


def log_out(visit) -> None:
    page = visit.page
    visit.open_menu()  # on a phone the user line is behind the menu button
    visit.submit(page.get_by_role("button", name="Kirjaudu ulos"))


def part(page, side: str):
    return page.locator(f"#parts section.part:has(#part-{side})")


# The agreement, filled in by both parties


@pytest.fixture
def accepted(company, school, teacher, principal, representative, coordinator):
    proposal = ProposalFactory(organisation=company, title="Murtolukupeli", processes_personal_data=True)
    need = NeedFactory(organisation=school, created_by=teacher, title="Murtoluvut haltuun")
    application = services.application_create(actor=representative, proposal=proposal, need=need)
    return process.application_accept(actor=principal, application=application).agreement


def test_both_parties_fill_in_their_parts_and_the_principal_signs(
    both, accepted, teacher, principal, representative, coordinator, mailoutbox
):
    visit, page = both, both.page
    agreement = accepted
    visit.log_in(teacher)
    visit.goto(f"/agreements/{agreement.pk}/")
    school, company = part(page, "school"), part(page, "company")
    expect(school).to_contain_text("Ei vielä valmis")
    expect(company).to_contain_text("Ei vielä valmis")
    expect(company).to_contain_text("Käsiteltävät henkilötiedot")  # what the company still lacks
    expect(school).to_contain_text("Osuutenne on täytetty: merkitse se valmiiksi.")
    expect(school.get_by_role("heading")).to_contain_text("teidän osuutenne")

    # The school's form is the school's part: groups and place, no data annex.
    visit.submit(school.get_by_role("link", name="Täytä osuutesi"))
    expect(page.locator("#id_pd_categories")).to_have_count(0)
    page.locator("#id_groups").fill("4A")
    visit.submit(page.get_by_role("button", name="Tallenna"))
    expect(page.locator("#messages")).to_contain_text("Sopimuksen tiedot tallennettiin.")

    # The teacher marks the school's part ready, though the company's annex is still empty.
    visit.submit(part(page, "school").get_by_role("button", name="Merkitse osuutemme valmiiksi"))
    expect(page.locator("#messages")).to_contain_text("Osuutesi on merkitty valmiiksi.")
    expect(page.locator("#mark-school")).to_contain_text("Valmis")
    expect(page.locator("#mark-company")).to_contain_text("Ei vielä valmis")
    assert Agreement.objects.get().ready == {"school": True, "company": False}

    # …and asks the company to complete its part; the button then gives way to when it may ask again.
    visit.submit(part(page, "company").get_by_role("button", name="Pyydä osapuolta Laskuri Oy täydentämään osuutensa"))
    expect(page.locator("#messages")).to_contain_text("Osapuolta Laskuri Oy pyydettiin täydentämään osuutensa.")
    expect(part(page, "company")).to_contain_text("voit pyytää uudelleen")
    assert [m.to for m in mailoutbox][-1:] == [[representative.email]]
    screenshot(visit, "agreement-parts")
    log_out(visit)

    # The company sees both marks and what is missing from its part, and fills in the data annex.
    visit.log_in(representative)
    visit.goto(f"/agreements/{agreement.pk}/")
    expect(page.locator("#mark-school")).to_contain_text("Valmis")
    expect(part(page, "company")).to_contain_text("Osuudestanne puuttuu vielä:")
    visit.submit(part(page, "company").get_by_role("link", name="Täytä osuutesi"))
    expect(page.locator("#id_groups")).to_have_count(0)
    expect(page.locator("#marks-clear")).to_contain_text("Auroran koulu on merkinnyt osuutensa valmiiksi.")
    page.locator("#id_pd_categories").fill("etunimi\npelin edistyminen")
    page.locator("#id_pd_purpose").fill("Oppilaan edistymisen tallentaminen")
    page.locator("#id_pd_storage_location").fill("Suomi (EU)")
    page.locator("#id_pd_retention").fill("Poistetaan 30 päivän kuluessa pilotin päätyttyä")
    visit.submit(page.get_by_role("button", name="Tallenna"))
    expect(page.locator("#mark-school")).to_contain_text("Valmis")  # completing its own part kept the mark
    visit.submit(part(page, "company").get_by_role("button", name="Merkitse osuutemme valmiiksi"))
    expect(page.locator("#messages")).to_contain_text("Molemmat osuudet ovat valmiit")
    expect(page.locator(".meta .status")).to_have_text("Lähetetty")
    assert Agreement.objects.get().status == "submitted"
    log_out(visit)

    # Approved; the principal reads the PDF and signs under a plain statement.
    agreement_services.agreement_approve(actor=coordinator, agreement=agreement)
    agreement_services.ensure_approved_pdf(Agreement.objects.get())
    visit.log_in(principal)
    visit.goto(f"/agreements/{agreement.pk}/")
    sign = page.locator("#sign")
    expect(sign.locator("#sign-statement")).to_have_text(
        f"Allekirjoitan sopimuksen {agreement.number} organisaation Auroran koulu puolesta (tehtävä: rehtori)."
    )
    link = sign.get_by_role("link", name=re.compile("hyväksytty sopimus"))
    response = page.request.get(visit.base_url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    expect(sign.locator("#approved-sha256")).to_be_hidden()  # the hash waits behind the disclosure
    sign.locator("summary").click()
    expect(sign.locator("#approved-sha256")).to_have_text(Agreement.objects.get().approved_sha256)
    expect(sign.locator("input[type=checkbox]")).to_have_count(0)
    screenshot(visit, "agreement-sign")
    visit.submit(sign.get_by_role("button", name="Allekirjoita", exact=True))
    expect(page.locator("#signatures")).to_contain_text("Odottaa yrityksen edustajan allekirjoitusta.")
    assert Agreement.objects.get().signatures.get().party == "school"


# Moderation


@pytest.fixture
def offer(company, representative):
    return ProposalFactory(organisation=company, title="Murtolukupeli")


def test_the_coordinator_asks_for_changes_closes_with_a_reason_and_reopens(
    both, offer, coordinator, representative, mailoutbox
):
    visit, page = both, both.page
    visit.log_in(coordinator)
    visit.goto(f"/proposals/{offer.pk}/")
    moderation = page.locator("#moderation")
    moderation.get_by_role("button", name="Pyydä muutoksia").click()  # no comment yet
    page.wait_for_load_state()
    visit.check()
    expect(page.locator("#id_changes_comment_error")).to_be_visible()
    page.locator("#id_changes_comment").fill("Poistakaa kuvauksesta mainos oppilaille.")
    visit.submit(page.locator("#moderation").get_by_role("button", name="Pyydä muutoksia"))
    expect(page.locator("#messages")).to_contain_text("Yritystä pyydettiin tekemään muutoksia.")
    expect(page.locator("#moderation")).to_contain_text("Espoo pyytää muutoksia")
    log_out(visit)

    # The company sees the request on its offer's page and edits the offer: the request clears.
    visit.log_in(representative)
    visit.goto(f"/proposals/{offer.pk}/")
    expect(page.locator("#moderation")).to_contain_text("Poistakaa kuvauksesta mainos oppilaille.")
    visit.submit(page.locator("#moderation").get_by_role("link", name="Muokkaa tarjousta"))
    page.locator("#id_description").fill("Oppilaat pelaavat murtolukupeliä tableteilla. Ei mainoksia.")
    visit.submit(page.get_by_role("button", name=re.compile("^Tallenna")))
    assert not ProposalChangeRequest.objects.exists()
    expect(page.locator("#moderation")).to_have_count(0)
    log_out(visit)

    # Closing: the reason, then a confirmation; nothing is closed before it.
    visit.log_in(coordinator)
    visit.goto(f"/proposals/{offer.pk}/")
    visit.submit(page.get_by_role("link", name="Sulje omassa kunnassani…"))
    page.locator("#id_comment").fill("Tarjous mainostaa maksullista versiota oppilaille.")
    visit.submit(page.get_by_role("button", name="Jatka"))
    expect(page.locator("#confirm-close")).to_contain_text("Tarjous mainostaa maksullista versiota oppilaille.")
    assert not ProposalClosure.objects.exists()
    visit.submit(page.get_by_role("button", name="Sulje se kunnassa Espoo"))
    expect(page.locator("#messages")).to_contain_text("Tarjous on suljettu kunnassa Espoo.")
    assert ProposalClosure.objects.get().comment == "Tarjous mainostaa maksullista versiota oppilaille."
    assert any("suljettiin kunnassa Espoo" in m.subject for m in mailoutbox)
    visit.submit(page.locator("#moderation").get_by_role("button", name="Avaa uudelleen omassa kunnassani"))
    assert not ProposalClosure.objects.exists()


def test_closing_works_without_javascript(no_js_visit, offer, coordinator):
    visit, page = no_js_visit, no_js_visit.page
    visit.log_in(coordinator)
    visit.goto("/coordinator/")
    visit.submit(page.locator(f"#moderate-{offer.pk}").get_by_role("link", name=re.compile("Sulje omassa kunnassani")))
    visit.submit(page.get_by_role("button", name="Jatka"))  # no reason
    expect(page.locator("#id_comment_error")).to_be_visible()
    page.locator("#id_comment").fill("Mainontaa oppilaille.")
    visit.submit(page.get_by_role("button", name="Jatka"))
    visit.submit(page.get_by_role("button", name="Muuta syytä"))
    expect(page.locator("#id_comment")).to_have_value("Mainontaa oppilaille.")
    visit.submit(page.get_by_role("button", name="Jatka"))
    visit.submit(page.get_by_role("button", name="Sulje se kunnassa Espoo"))
    assert page.url.endswith("/coordinator/#moderation")
    expect(page.locator(f"#closed-{offer.pk}")).to_contain_text("Mainontaa oppilaille.")


# Rounds


@pytest.fixture
def round_world(school, other_school, company, other_company, teacher, other_teacher, representative):
    ProposalFactory(organisation=company, title="Murtolukupeli", capacity=6)
    for n in range(4):
        NeedFactory(organisation=school if n % 2 else other_school, title=f"Murtoluvut ryhmälle {n + 1}")
    NeedFactory(
        organisation=school,
        title="Stressinhallintaa koeviikoille",
        description="Yhdeksäsluokkalaiset tarvitsevat keinoja stressin hallintaan koeviikoilla.",
        subjects=["wellbeing", "health_education"],
        levels=["grade_9"],
    )
    ProposalFactory(
        organisation=other_company,
        title="Yrittäjyyspeli",
        description="Oppilaat perustavat harjoitusyrityksen ja myyvät tuotteensa.",
        subjects=["entrepreneurship"],
        levels=["grade_9"],
    )


def test_a_round_with_a_minimum_fit_and_pairs_removed_together_in_place(both, coordinator, round_world):
    visit, page = both, both.page
    visit.log_in(coordinator)
    visit.goto("/coordinator/")
    rounds = page.locator("#rounds")
    expect(rounds.get_by_label("Vähimmäissopivuus (%)")).to_have_value("40")
    rounds.get_by_label("Alkaen").fill(str(spring().starts_on))
    rounds.get_by_label("Päättyen").fill(str(spring().ends_on))
    visit.submit(rounds.get_by_role("button", name="Suorita kierros"))
    round_ = Round.objects.get()
    titles = set(RoundPair.objects.filter(round=round_).values_list("need__title", flat=True))
    assert titles == {f"Murtoluvut ryhmälle {n}" for n in range(1, 5)}  # no stress need with the business game
    expect(page.locator("#round-meta")).to_contain_text("vähimmäissopivuus 40 %")

    pairs = list(RoundPair.objects.filter(round=round_).order_by("-score", "id"))
    last = page.locator(f"#pair-{pairs[-1].pk}")
    last.scroll_into_view_if_needed()
    page.evaluate("window.stillTheSamePage = true")
    for pair in pairs[-2:]:
        page.locator(f"#select-pair-{pair.pk}").check()
    before = page.evaluate("window.scrollY")
    page.get_by_role("button", name="Poista valitut parit").click()
    expect(page.locator("#messages")).to_contain_text("Parit poistettiin kierrokselta.")
    expect(page.locator(f"#pair-{pairs[-1].pk}")).to_contain_text("Poistettu")
    expect(page.locator(f"#pair-{pairs[-2].pk}")).to_contain_text("Poistettu")
    expect(page.locator("#round-meta")).to_contain_text("2 paria")
    assert page.evaluate("window.stillTheSamePage === true"), "htmx should have swapped the pairs only"
    assert abs(page.evaluate("window.scrollY") - before) < 200, "the page should keep the coordinator's place"
    visit.check()
    assert set(RoundPair.objects.filter(removed=True).values_list("pk", flat=True)) == {p.pk for p in pairs[-2:]}
    screenshot(visit, "round")
