"""Phase-2 journeys in a real browser, in Finnish (the default), with axe-core on every page:

- the company's: create and publish a proposal, see the needs that fit, apply to one in a click,
  accept a school's interest, fill in the agreement and submit it, sign it once approved;
- the coordinator's: approve one agreement and return another with a comment from the dashboard,
  run a matchmaking round, remove a pair, confirm;
- the principal's, on a phone: accept an application, sign the agreement, download the PDFs,
  switch to Swedish;
- the teacher's: express interest in two clicks (with and without JavaScript).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.utils import timezone

from contracts import services as agreement_services
from contracts.models import Agreement
from kyky.core.schoolyear import next_term
from kyky.matching.models import Round, RoundPair
from kyky.pilots import services
from kyky.pilots.models import Application, Proposal
from kyky.process import services as process
from tests.factories import NeedFactory, ProposalFactory, spring

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _fresh_match_index():
    from kyky.matching.indexes import process_cache

    process_cache().clear()
    yield
    process_cache().clear()


def nav(page, name: str):
    """A link of the main navigation, opening the menu first on a phone."""
    button = page.locator("details[data-menu] > summary")
    if button.is_visible() and not button.evaluate("summary => summary.parentElement.open"):
        button.click()
    return page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name=name)


def accept_and_create_agreement(actor, application) -> Agreement:
    return process.application_accept(actor=actor, application=application).agreement


def approve(agreement, *, submitter, company, coordinator) -> Agreement:
    agreement_services.agreement_submit(actor=submitter, agreement=agreement)
    agreement_services.agreement_submit(actor=company, agreement=agreement)
    return agreement_services.agreement_approve(actor=coordinator, agreement=agreement)


# The company


def test_company_proposes_applies_answers_fills_in_and_signs(
    visit, representative, teacher, principal, coordinator, school, company
):
    page = visit.page
    NeedFactory(
        organisation=school,
        title="Sanavarasto kasvuun",
        description="Kolmosluokka tarvitsee pelillisen tavan kasvattaa sanavarastoa.",
        subjects=["mother_tongue"],
        levels=["grade_3"],
    )
    interested = NeedFactory(organisation=school, title="Murtoluvut haltuun")
    existing = ProposalFactory(organisation=company, title="Murtolukupeli")
    services.application_create(actor=teacher, proposal=existing, need=interested, message="Kiinnostaa meitä!")

    visit.log_in(representative)
    visit.submit(nav(page, "Uusi pilottitarjous"))
    page.locator("#id_title").fill("Sanaseikkailu")
    page.locator("#id_summary").fill("Sanapeli, joka kasvattaa sanavarastoa.")
    page.locator("#id_description").fill(
        "Kuuden viikon pilotti: oppilaat pelaavat sanapeliä ja kasvattavat sanavarastoa."
    )
    page.get_by_label("3. luokka").check()
    page.get_by_label("Äidinkieli ja kirjallisuus").check()
    page.get_by_label("suomi", exact=True).check()
    page.locator("#id_starts_on").fill(str(spring().monday(5)))
    page.locator("#id_ends_on").fill(str(spring().friday(17)))
    page.get_by_label("Espoo", exact=True).check()
    page.locator("#id_capacity").fill("2")
    page.locator("#id_teacher_hours").fill("4")
    visit.submit(page.get_by_role("button", name="Tallenna luonnos"))
    visit.submit(page.get_by_role("button", name="Julkaise"))

    # The needs that fit, with their reasons; apply to one in a click.
    matches = page.locator("#matches")
    expect(matches.get_by_role("heading", name="Oppimistarpeet, joihin tämä tarjous sopii")).to_be_visible()
    expect(matches.get_by_role("link", name="Sanavarasto kasvuun")).to_be_visible()
    expect(matches).to_contain_text("Sama kieli: suomi")
    visit.submit(matches.get_by_role("button", name=re.compile(r"^Hae\W+Sanavarasto kasvuun$")))
    expect(page.locator("#messages")).to_contain_text("Hakemuksesi lähetettiin yksikölle Auroran koulu")
    expect(page.locator("#matches")).to_contain_text("Jo tarjottu")
    assert Application.objects.filter(initiated_by="company", proposal__title="Sanaseikkailu").exists()

    # Answer the school's interest: accepting leads to the new agreement.
    visit.submit(nav(page, "Hakemukset"))
    received = page.locator("#received")
    expect(received).to_contain_text("Kiinnostaa meitä!")
    visit.submit(received.get_by_role("button", name="Hyväksy"))
    expect(page.locator("h1")).to_have_text("Murtolukupeli")
    expect(page.locator(".meta .status")).to_have_text("Luonnos")

    # Fill in the company's part: an error first, kept input, then saved.
    visit.submit(page.get_by_role("link", name="Täytä osuutesi"))
    page.locator("#id_company_provides").fill("Pelin lisenssit ja opettajien perehdytys")
    page.locator("#id_contact_phone").fill("+358 40 123 4567")
    page.locator("#id_contact_email").fill("ei-osoite")
    visit.submit(page.get_by_role("button", name="Tallenna"))
    expect(page.locator("#id_contact_email_error")).to_be_visible()
    expect(page.locator("#id_company_provides")).to_have_value("Pelin lisenssit ja opettajien perehdytys")
    page.locator("#id_contact_email").fill("rep@laskuri.example")
    visit.submit(page.get_by_role("button", name="Tallenna"))
    expect(page.locator("#messages")).to_contain_text("Sopimuksen tiedot tallennettiin.")
    expect(page.get_by_text("Pelin lisenssit ja opettajien perehdytys")).to_be_visible()
    visit.submit(page.get_by_role("button", name="Merkitse osuutemme valmiiksi"))
    agreement = Agreement.objects.get()
    assert (agreement.status, agreement.ready) == ("draft", {"school": False, "company": True})
    agreement_services.agreement_submit(actor=teacher, agreement=agreement)
    assert Agreement.objects.get().status == "submitted"

    # Approved by the city: sign the approved document.
    agreement_services.agreement_approve(actor=coordinator, agreement=agreement)
    visit.goto(f"/agreements/{agreement.pk}/")
    digest = Agreement.objects.get().approved_sha256
    expect(page.locator("#sign-statement")).to_have_text(
        f"Allekirjoitan sopimuksen {agreement.number} organisaation Laskuri Oy puolesta (tehtävä: edustaja)."
    )
    page.locator("#sign summary").click()
    expect(page.locator("#approved-sha256")).to_have_text(digest)
    visit.submit(page.get_by_role("button", name="Allekirjoita", exact=True))
    expect(page.locator("#messages")).to_contain_text("Allekirjoitit sopimuksen")
    expect(page.locator("#signatures")).to_contain_text("Odottaa yksikön rehtorin allekirjoitusta.")
    assert agreement.signatures.get().party == "company"


# The coordinator


@pytest.fixture
def two_submitted(company, school, representative, teacher, principal, coordinator):
    agreements = []
    for title in ("Murtolukupeli", "Sanaseikkailu"):
        proposal = ProposalFactory(organisation=company, title=title)
        need = NeedFactory(organisation=school, title=f"Tarve: {title}")
        application = services.application_create(actor=representative, proposal=proposal, need=need)
        agreement = accept_and_create_agreement(principal, application)
        agreement_services.agreement_submit(actor=teacher, agreement=agreement)
        agreements.append(agreement_services.agreement_submit(actor=representative, agreement=agreement))
    return agreements


def test_coordinator_approves_returns_and_runs_a_round(
    visit, coordinator, two_submitted, school, other_school, company
):
    page = visit.page
    first, second = two_submitted
    NeedFactory(organisation=school, title="Murtoluvut nelosille")
    NeedFactory(organisation=other_school, title="Murtoluvut Mattlidenissa")
    ProposalFactory(organisation=company, title="Murtolukuseikkailu", capacity=2)

    visit.log_in(coordinator)
    visit.submit(nav(page, "Koordinaattorin näkymä"))
    expect(page.locator("h1")).to_have_text("Koordinaattorin näkymä")

    # Approve the first inline (htmx swaps only its row).
    page.evaluate("window.stillTheSamePage = true")
    row = page.locator(f"#review-{first.pk}")
    row.get_by_role("button", name="Hyväksy").click()
    expect(page.locator("#messages")).to_contain_text(f"Sopimus {first.number} on hyväksytty")
    expect(page.locator(f"#review-{first.pk}")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage === true")
    visit.check()

    # Return the second: the comment is required.
    row = page.locator(f"#review-{second.pk}")
    row.get_by_role("button", name="Palauta kommentin kanssa").click()
    expect(page.locator(f"#id_comment_{second.pk}_error")).to_be_visible()
    visit.check()
    page.locator(f"#id_comment_{second.pk}").fill("Lisätkää huoltajien tiedottaminen.")
    page.locator(f"#review-{second.pk}").get_by_role("button", name="Palauta kommentin kanssa").click()
    expect(page.locator("#messages")).to_contain_text("palautettiin osapuolille")
    expect(page.get_by_text("Hyväksyntääsi ei odota yhtään sopimusta.")).to_be_visible()
    visit.check()
    assert [a.status for a in Agreement.objects.order_by("pk")] == ["approved", "returned"]
    assert Agreement.objects.get(pk=second.pk).return_comment == "Lisätkää huoltajien tiedottaminen."

    # A matchmaking round for the next term: preview, remove a pair, confirm.
    rounds = page.locator("#rounds")
    expect(rounds.get_by_label("Alkaen")).to_have_value(str(next_term(timezone.localdate()).starts_on))
    rounds.get_by_label("Alkaen").fill(str(spring().starts_on))  # the term the needs above fall in
    rounds.get_by_label("Päättyen").fill(str(spring().ends_on))
    visit.submit(rounds.get_by_role("button", name="Suorita kierros"))
    expect(page.locator("h1")).to_contain_text("Yhdistämiskierros")
    round_ = Round.objects.get()
    pairs = list(RoundPair.objects.filter(round=round_).select_related("need"))
    assert {pair.need.title for pair in pairs} == {"Murtoluvut nelosille", "Murtoluvut Mattlidenissa"}
    expect(page.locator(".score").first).to_contain_text("sopivuus")
    removed = next(pair for pair in pairs if pair.need.title == "Murtoluvut Mattlidenissa")
    page.evaluate("window.stillTheSamePage = true")
    page.locator(f"#pair-{removed.pk}").get_by_role("button", name="Poista").click()  # htmx swaps the pairs
    expect(page.locator(f"#pair-{removed.pk}")).to_contain_text("Poistettu")
    expect(page.locator("#messages")).to_contain_text("Pari poistettiin kierrokselta.")
    assert page.evaluate("window.stillTheSamePage === true")
    visit.check()
    visit.submit(page.get_by_role("button", name="Vahvista kierros"))
    expect(page.locator("#messages")).to_contain_text("Kierros on vahvistettu")
    assert Round.objects.get().status == "confirmed"


# The principal, on a phone


def test_principal_accepts_signs_and_downloads_the_pdf_on_a_phone(
    phone_visit, principal, teacher, representative, coordinator, school, company
):
    visit, page = phone_visit, phone_visit.page
    proposal = ProposalFactory(organisation=company, title="Murtolukupeli")
    need = NeedFactory(organisation=school, title="Murtoluvut haltuun")
    services.application_create(actor=representative, proposal=proposal, need=need, message="Tarjoamme pilottia.")

    visit.log_in(principal)
    visit.submit(nav(page, "Hakemukset"))
    visit.submit(page.locator("#received").get_by_role("button", name="Hyväksy"))
    agreement = Agreement.objects.get()
    expect(page).to_have_url(re.compile(rf"/agreements/{agreement.pk}/$"))
    approve(agreement, submitter=teacher, company=representative, coordinator=coordinator)

    visit.goto(f"/agreements/{agreement.pk}/")
    link = page.locator("#sign").get_by_role("link", name=re.compile("hyväksytty sopimus"))
    response = page.request.get(visit.base_url + link.get_attribute("href"))  # opens in the browser
    assert response.headers["content-disposition"].startswith("inline")
    approved_pdf = response.body()
    assert hashlib.sha256(approved_pdf).hexdigest() == Agreement.objects.get().approved_sha256
    page.locator("#sign summary").click()
    expect(page.locator("#approved-sha256")).to_have_text(hashlib.sha256(approved_pdf).hexdigest())
    visit.submit(page.get_by_role("button", name="Allekirjoita", exact=True))
    expect(page.locator("#signatures")).to_contain_text("Odottaa yrityksen edustajan allekirjoitusta.")

    digest = Agreement.objects.get().approved_sha256
    agreement_services.agreement_sign(actor=representative, agreement=agreement, document_sha256=digest)
    visit.goto(f"/agreements/{agreement.pk}/")
    expect(page.locator(".meta .status")).to_have_text("Allekirjoitettu")
    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa allekirjoitettu PDF").click()
    signed_pdf = Path(download.value.path()).read_bytes()
    assert signed_pdf.startswith(b"%PDF")
    assert hashlib.sha256(signed_pdf).hexdigest() == Agreement.objects.get().final_sha256

    # The same page in Swedish.
    visit.open_menu()
    visit.submit(page.get_by_role("button", name="Svenska"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator(".meta .status")).to_have_text("Undertecknat")
    expect(page.get_by_role("link", name="Ladda ner den undertecknade PDF:en")).to_be_visible()


# The teacher


@pytest.fixture
def offer_and_two_needs(company, school, representative, teacher):
    ProposalFactory(organisation=company, title="Murtolukupeli")
    NeedFactory(organisation=school, title="Murtoluvut haltuun")
    NeedFactory(organisation=school, title="Murtoluvut kakkosille", levels=["grade_2"])  # the offer is for 3–4


def test_teacher_expresses_interest_in_two_clicks(any_visit, teacher, offer_and_two_needs):
    visit, page = any_visit, any_visit.page
    visit.log_in(teacher)
    visit.goto(f"/proposals/{Proposal.objects.get().pk}/")
    page.evaluate("window.stillTheSamePage = true")
    pairing = page.locator("#pairing")
    expect(pairing.get_by_role("heading", name="Kiinnostaako tämä pilotti?")).to_be_visible()
    pairing.get_by_label("Murtoluvut kakkosille", exact=False).check()  # click 1
    pairing.get_by_role("button", name="Ilmaise kiinnostus").click()  # click 2
    expect(page.locator("#messages")).to_contain_text("Kiinnostuksesi lähetettiin yritykselle Laskuri Oy")
    expect(page.locator("#pairing")).to_contain_text("Auroran koulu ilmaisi kiinnostuksensa")
    assert page.evaluate("window.stillTheSamePage === true"), "htmx should have swapped only the section"
    visit.check()
    application = Application.objects.get()
    assert (application.initiated_by, application.need.title) == ("school", "Murtoluvut kakkosille")


def test_teacher_expresses_interest_without_javascript(no_js_visit, teacher, offer_and_two_needs):
    visit, page = no_js_visit, no_js_visit.page
    visit.log_in(teacher)
    visit.goto(f"/proposals/{Proposal.objects.get().pk}/")
    # The need the offer fits comes first and is chosen already; the other is marked as not fitting.
    expect(page.get_by_label(re.compile(r"Murtoluvut haltuun \(sopivuus \d+ %\)"))).to_be_checked()
    expect(page.get_by_label("Murtoluvut kakkosille (ei sovi tähän tarjoukseen)")).not_to_be_checked()
    visit.submit(page.get_by_role("button", name="Ilmaise kiinnostus"))
    expect(page.locator("#messages")).to_contain_text("Kiinnostuksesi lähetettiin")
    assert Application.objects.get().need.title == "Murtoluvut haltuun"


# The remaining pages, each checked with axe-core, errors shown


def test_the_other_workflow_pages_are_accessible(visit, teacher, representative, principal, school, company):
    page = visit.page
    proposal = ProposalFactory(organisation=company, title="Murtolukupeli", capacity=3)
    declined = services.application_create(
        actor=representative, proposal=proposal, need=NeedFactory(organisation=school), message="Pitkä viesti. " * 40
    )
    accepted = services.application_create(
        actor=representative, proposal=proposal, need=NeedFactory(organisation=school)
    )
    agreement = accept_and_create_agreement(principal, accepted)
    draft = NeedFactory(organisation=school, title="Luonnostarve", status="draft")

    visit.log_in(teacher)
    visit.submit(nav(page, "Hakemukset"))
    item = page.locator(f"#application-{declined.pk}")
    visit.submit(item.get_by_role("link", name="Lue koko viesti"))
    page.get_by_label("Kommentti (vapaaehtoinen)").fill("Ei tällä kertaa.")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Hylkää").click()  # htmx swaps the application in place
    expect(page.locator(f"#application-{declined.pk} .status")).to_have_text("Hylätty")
    expect(page.locator("#messages")).to_contain_text("Hakemus hylättiin.")
    assert page.evaluate("window.stillTheSamePage === true")
    visit.check()

    visit.submit(nav(page, "Sopimukset"))
    page.get_by_label("Tila").select_option("draft")
    expect(page).to_have_url(re.compile(r"status=draft"))
    expect(page.locator("#result-count")).to_have_text("1 sopimus")
    visit.check()
    visit.submit(page.get_by_role("link", name=agreement.number))
    visit.submit(page.get_by_role("link", name="Peru sopimus"))
    visit.submit(page.get_by_role("button", name="Peru sopimus"))
    expect(page.locator("#id_confirm_error")).to_be_visible()
    visit.submit(page.get_by_role("link", name="Säilytä sopimus"))

    visit.goto(f"/needs/{draft.pk}/")
    visit.submit(page.get_by_role("link", name="Poista luonnos"))
    visit.submit(page.get_by_role("button", name="Poista"))
    expect(page.locator("#messages")).to_contain_text("poistettiin")
