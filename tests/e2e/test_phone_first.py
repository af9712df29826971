"""Pages a busy teacher enjoys on a phone, in a real browser at 390×844 and 1280×900, with axe-core on every
page: the folding header and filters, the count and first results on the first screen, sorting by fit,
forms that survive a language switch, focus on errors, messages in view, and the password reset."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from contracts.models import Agreement
from kyky.pilots import services
from kyky.process import services as process
from tests.e2e.conftest import wait_until
from tests.factories import NeedFactory, ProposalFactory

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _fresh_match_index():
    from kyky.matching.indexes import process_cache

    process_cache().clear()
    yield
    process_cache().clear()


@pytest.fixture
def market(company, school, representative, teacher, principal):
    """Enough on every list to fill a phone's screen, and an agreement for the principal."""
    game = ProposalFactory(organisation=company, title="Murtolukupeli", summary="Murtolukuja pelaten. " * 8)
    for number in range(6):  # newer, so listed first by default
        ProposalFactory(
            organisation=company,
            title=f"Lukupeli {number}",
            levels=["grade_1"],
            subjects=["mother_tongue"],
            summary="Pitkä yhteenveto tuotteesta. " * 8,
        )
    needs = [NeedFactory(organisation=school, created_by=teacher, title=f"Murtoluvut {n}") for n in range(3)]
    services.application_create(actor=representative, proposal=game, need=needs[0], message="Hei! " * 40)
    application = services.application_create(actor=representative, proposal=game, need=needs[1])
    process.application_accept(actor=principal, application=application)
    return game


def in_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.mark.parametrize(
    ("path", "first"),
    [
        ("/proposals/", "#results .item h2 a"),
        ("/needs/", "#results .item h2 a"),
        ("/applications/", ".items .item h3 a"),
        ("/agreements/", "#results table a"),
    ],
)
def test_lists_show_their_count_and_first_results_on_the_first_screen(any_visit, principal, market, path, first):
    visit, page = any_visit, any_visit.page
    visit.log_in(principal)
    visit.goto(path)
    count = page.locator("#result-count, .count-badge").first
    expect(count).to_be_visible()
    assert in_first_screen(page, count), f"{path}: the count is below the first screen"
    assert in_first_screen(page, page.locator(first).first), f"{path}: the first result is below the first screen"
    header = page.locator("header.site").bounding_box()
    if page.viewport_size["width"] < 700:
        assert header["height"] < 80, "the header is one row on a phone"


def test_the_menu_button_folds_the_links_on_a_phone(phone_visit, teacher):
    visit, page = phone_visit, phone_visit.page
    visit.log_in(teacher)
    menu = page.locator("details[data-menu] > summary")
    expect(menu).to_have_accessible_name("Valikko")
    expect(menu).to_have_attribute("aria-expanded", "false")
    links = page.get_by_role("navigation", name="Päävalikko")
    expect(links).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links.get_by_role("link", name="Pilottitarjoukset")).to_be_visible()
    expect(page.get_by_role("button", name="Svenska")).to_be_visible()
    visit.check()  # open, with its links, language buttons and user line
    page.keyboard.press("Escape")
    expect(links).to_be_hidden()
    expect(menu).to_be_focused()
    menu.click()
    visit.submit(links.get_by_role("link", name="Oppimistarpeet"))
    expect(page.locator("h1")).to_have_text("Oppimistarpeet")


def test_the_links_are_in_a_row_on_a_desktop(visit, teacher):
    page = visit.page
    visit.log_in(teacher)
    expect(page.locator("details[data-menu] > summary")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Päävalikko")
    expect(nav.get_by_role("link", name="Pilottitarjoukset")).to_be_visible()
    expect(page.get_by_role("button", name="Svenska")).to_be_visible()
    boxes = [nav.get_by_role("link", name=name).bounding_box() for name in ("Pilottitarjoukset", "Sopimukset")]
    assert boxes[0]["y"] == boxes[1]["y"], "the links share one row"


def test_the_menu_works_without_javascript_on_a_phone(browser, live_server, axe_source, teacher):
    from tests.e2e.conftest import PHONE, _visit

    context, visit = _visit(browser, live_server, axe_source, viewport=PHONE, is_mobile=True, java_script_enabled=False)
    try:
        page = visit.page
        visit.log_in(teacher)
        nav = page.get_by_role("navigation", name="Päävalikko")
        expect(nav).to_be_hidden()
        page.locator("details[data-menu] > summary").click()
        visit.submit(nav.get_by_role("link", name="Sopimukset"))
        expect(page.locator("h1")).to_have_text("Sopimukset")
    finally:
        context.close()


def test_on_a_phone_filters_fold_and_a_change_brings_the_results_into_view(phone_visit, teacher, market):
    visit, page = phone_visit, phone_visit.page
    visit.log_in(teacher)
    visit.goto("/proposals/")
    filters = page.locator("details.filter-panel > summary")
    expect(filters).to_have_text("Rajaukset")
    expect(page.get_by_label("Oppiaine")).to_be_hidden()
    filters.click()
    page.get_by_label("Aste").select_option("grade_4")
    expect(page.locator("#result-count")).to_have_text("1 pilottitarjous löytyi")
    expect(filters).to_have_text(re.compile(r"Rajaukset\s*\(1\)"))
    wait_until(page, "document.getElementById('results-head').getBoundingClientRect().top < innerHeight - 80")
    assert in_first_screen(page, page.locator("#results-head")), "the results were left out of view"
    expect(page.get_by_role("link", name="Murtolukupeli")).to_be_visible()
    visit.check()


def test_best_fit_first_with_a_badge(any_visit, teacher, market):
    visit, page = any_visit, any_visit.page
    visit.log_in(teacher)
    visit.goto("/proposals/")
    expect(page.locator("#results .item").first).not_to_contain_text("Sopii ryhmällesi")
    page.get_by_label("Järjestys").select_option("fit")
    expect(page).to_have_url(re.compile(r"sort=fit"))
    first = page.locator("#results .item").first
    expect(first.get_by_role("link")).to_have_text("Murtolukupeli")
    expect(first).to_contain_text("Sopii ryhmällesi")
    visit.check()


@pytest.mark.parametrize(("switch_to", "heading"), [("Svenska", "Nytt lärandebehov"), ("English", "New learning need")])
def test_switching_language_keeps_what_was_typed(any_visit, teacher, switch_to, heading):
    visit, page = any_visit, any_visit.page
    visit.log_in(teacher)
    visit.goto("/needs/new/")
    page.locator("#id_title").fill("Murtoluvut 4B:lle")
    page.locator("#id_description").fill("Tarvitsemme toiminnallisen tavan oppia murtolukuja.")
    page.get_by_label("4. luokka").check()
    visit.open_menu()
    visit.submit(page.get_by_role("button", name=switch_to))
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator("#id_title")).to_have_value("Murtoluvut 4B:lle")
    expect(page.locator("#id_description")).to_have_value("Tarvitsemme toiminnallisen tavan oppia murtolukuja.")
    expect(page.locator("input[name=levels][value=grade_4]")).to_be_checked()


def test_switching_language_keeps_the_agreement_form_without_javascript(no_js_visit, teacher, market):
    visit, page = no_js_visit, no_js_visit.page
    agreement = Agreement.objects.get()
    visit.log_in(teacher)
    visit.goto(f"/agreements/{agreement.pk}/edit/")
    page.locator("#id_groups").fill("4A ja 4B")
    visit.submit(page.get_by_role("button", name="Svenska"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#id_groups")).to_have_value("4A ja 4B")


def test_errors_take_the_focus_and_sit_next_to_their_fields(any_visit, teacher):
    visit, page = any_visit, any_visit.page
    visit.log_in(teacher)
    visit.goto("/needs/new/")
    page.locator("#id_title").fill("Murtoluvut")
    visit.submit(page.get_by_role("button", name="Tallenna luonnos"))
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("Kuvaus"))).to_be_visible()
    expect(page.locator("#id_description_error")).to_be_visible()
    summary.get_by_role("link", name=re.compile("Kuvaus")).click()
    expect(page.locator("#id_description")).to_be_focused()


def test_a_success_message_stays_in_view_after_a_jump(no_js_visit, teacher, market):
    """Without JavaScript, expressing interest reloads the page at the form, far below the message."""
    visit, page = no_js_visit, no_js_visit.page
    # Made before signing in: the start page builds the match index, and factories skip the services' version bump.
    offer = ProposalFactory(organisation=market.organisation, title="Toinen murtolukupeli", description="Pitkä. " * 400)
    visit.log_in(teacher)
    visit.goto(f"/proposals/{offer.pk}/")
    visit.submit(page.get_by_role("button", name="Ilmaise kiinnostus"))
    expect(page).to_have_url(re.compile(r"#pairing$"))
    message = page.locator("#messages .message")
    expect(message).to_contain_text("Kiinnostuksesi lähetettiin")
    assert in_first_screen(page, message), "the message scrolled out of view"


def test_a_forgotten_password_is_reset_by_email_in_english(visit, teacher):
    page = visit.page
    visit.goto("/accounts/login/")
    visit.open_menu()
    visit.submit(page.get_by_role("button", name="English"))
    visit.submit(page.get_by_role("link", name="Forgot your password?"))
    page.get_by_label("E-mail").fill(teacher.email)
    visit.submit(page.get_by_role("button", name="Send the link"))
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    (message,) = mail.outbox
    assert message.subject == "Choose a new password for KYKY"
    link = re.search(r"https?://\S+(/accounts/reset/\S+/)", message.body).group(1)
    visit.goto(link)
    page.get_by_label("New password", exact=True).fill("a new password for 2027")
    page.get_by_label("New password confirmation").fill("a new password for 2027")
    visit.submit(page.get_by_role("button", name="Save the new password"))
    expect(page.locator("h1")).to_have_text("Your password is changed")
    visit.submit(page.get_by_role("link", name="Log in").last)
    visit.log_in(teacher, password="a new password for 2027")
    expect(page.get_by_role("button", name="Log out")).to_be_attached()
