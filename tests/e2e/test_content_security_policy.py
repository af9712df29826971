"""The Content-Security-Policy in a real browser: the main pages load with no violation reported, and what
needs JavaScript (the phone's menu, the filters, the htmx task badge) still works under it."""

from __future__ import annotations

import re

import pytest

from contracts.models import Agreement
from tests.e2e.conftest import wait_until
from tests.e2e.test_phone_first import market  # noqa: F401  (a fixture)

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Added before any page script runs (through the DevTools protocol, so the policy does not apply to it).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture(autouse=True)
def _fresh_match_index():
    from kyky.matching.indexes import process_cache

    process_cache().clear()
    yield
    process_cache().clear()


class Watch:
    """Everything the browser says about the policy: console messages and securitypolicyviolation events."""

    def __init__(self, visit) -> None:
        self.visit = visit
        self.console: list[str] = []
        visit.page.context.add_init_script(LISTEN)
        visit.page.on("console", self._console)

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.console.append(f"{self.visit.page.url}: {text}")

    def page(self, path: str):
        page = self.visit.goto(path)
        page.wait_for_load_state("networkidle")
        self.assert_clean()
        return page

    def assert_clean(self) -> None:
        events = self.visit.page.evaluate("window.__cspViolations || []")
        assert not events, f"CSP violations on {self.visit.page.url}: {events}"
        assert not self.console, f"CSP messages in the console: {self.console}"


@pytest.fixture
def watch(visit):
    return Watch(visit)


@pytest.fixture
def phone_watch(phone_visit):
    return Watch(phone_visit)


def test_the_main_pages_load_without_a_violation(watch, market, principal, coordinator):  # noqa: F811
    response = watch.visit.page.goto(watch.visit.base_url + "/")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
    watch.page("/")
    watch.visit.log_in(principal)
    watch.assert_clean()
    watch.page("/")  # the start page with its tasks
    watch.page("/proposals/")
    watch.page(f"/proposals/{market.pk}/")
    watch.page("/needs/")
    agreement = Agreement.objects.filter(pilot__unit=principal.member.organisation).first()
    watch.page(f"/agreements/{agreement.pk}/")
    watch.page(f"/agreements/{agreement.pk}/edit/")
    watch.page("/agreements/")
    watch.page("/settings/")


def test_coordinator_pages_load_without_a_violation(watch, market, coordinator):  # noqa: F811
    watch.visit.log_in(coordinator)
    watch.assert_clean()
    watch.page("/coordinator/")
    watch.page("/coordinator/reports/")
    agreement = Agreement.objects.first()
    watch.page(f"/agreements/{agreement.pk}/")


def test_the_htmx_task_badge_loads_under_the_policy(watch, market, principal):  # noqa: F811
    watch.visit.log_in(principal)
    page = watch.page("/proposals/")  # not the start page: the badge is fetched by htmx after the page loads
    badge = page.get_by_role("navigation").locator(".badge")
    expect(badge).to_be_visible()
    expect(badge).to_have_text(re.compile(r"^\d+"))
    watch.assert_clean()


def test_filters_update_the_results_under_the_policy(watch, market, teacher):  # noqa: F811
    watch.visit.log_in(teacher)
    page = watch.page("/proposals/")
    page.get_by_label("Aste").select_option("grade_4")
    expect(page.locator("#result-count")).to_have_text("1 pilottitarjous löytyi")
    expect(page).to_have_url(re.compile(r"level=grade_4"))  # htmx pushed the filtered address
    watch.assert_clean()


def test_the_phone_menu_works_under_the_policy(phone_watch, teacher):
    visit = phone_watch.visit
    visit.log_in(teacher)
    page = phone_watch.page("/proposals/")
    menu = page.locator("details[data-menu] > summary")
    links = page.get_by_role("navigation", name="Päävalikko")
    expect(links).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")  # set by kyky.js
    expect(links.get_by_role("link", name="Pilottitarjoukset")).to_be_visible()
    page.keyboard.press("Escape")  # kyky.js closes it
    expect(links).to_be_hidden()
    phone_watch.assert_clean()


def test_the_api_docs_load_their_script_under_the_policy(watch):
    watch.visit.audit = False  # Swagger UI's own page is not ours to fix for axe (its <html> has no lang)
    page = watch.page("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("KYKY API")
    watch.assert_clean()
    watch.visit.checked.append(page.url)


def test_the_watch_notices_an_inline_script(watch):
    """The listener works: an inline script (as an injected one would be) is refused and reported."""
    page = watch.page("/accounts/login/")
    page.evaluate(
        "document.body.appendChild(Object.assign(document.createElement('script'), {textContent: 'window.ran = 1'}))"
    )
    wait_until(page, "window.__cspViolations.length > 0", timeout=5)
    assert page.evaluate("window.ran") is None
    with pytest.raises(AssertionError, match="script-src"):
        watch.assert_clean()
