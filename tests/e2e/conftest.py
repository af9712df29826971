"""Browser tests: Playwright for Python driving the system's Chromium against pytest-django's live server.

Without Chromium the tests are skipped with a message, unless KYKY_REQUIRE_BROWSER=1 (CI), which makes a
missing browser an error. Every page a test lands on is checked with axe-core; a serious or critical
violation fails the test.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse database access.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("KYKY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"  # tests/factories.py
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BLOCKING_IMPACTS = ("serious", "critical")


def _unavailable() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (install Debian's chromium, or set KYKY_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def browser(django_db_setup):
    reason = _unavailable()
    if reason:
        if os.environ.get("KYKY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KYKY_REQUIRE_BROWSER=1 but {reason}.", pytrace=False)
        pytest.skip(f"Browser tests skipped: {reason}. Set KYKY_REQUIRE_BROWSER=1 to make this an error.")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps its connections in context variables, and Playwright's sync API switches contexts: after
    # it starts, this thread gets fresh connection objects. Hand them the snapshot that serialized_rollback
    # restores (the code lists created by migrations), or a test after a flush would find no codes.
    snapshots = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _kept_reads(settings):
    """The journeys run with kept answers on (kyky.core.read_cache), as production does: every step that writes
    and then lists must see its own change. The live server is a thread of this process, so the process's
    cache is shared as production's is."""
    settings.READ_CACHE_BYTES = 8 * 1024 * 1024


@pytest.fixture(scope="session")
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def wait_until(page, expression: str, timeout: float = 30.0) -> None:
    """Wait until the JavaScript expression is true in the page.

    Playwright's wait_for_function polls with code it compiles in the page, which the Content-Security-Policy
    (no 'unsafe-eval') refuses; page.evaluate goes through the DevTools protocol, which the policy allows.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"Still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


class Visit:
    """A browser tab on the live server that checks every page it lands on with axe-core."""

    def __init__(self, page, base_url: str, axe_source: str, audit: bool = True) -> None:
        self.page = page
        self.audit = audit
        self.base_url = base_url
        self.axe_source = axe_source
        self.checked: list[str] = []
        self.landed: list[str] = []
        page.on("load", lambda: self.landed.append(page.url))

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def submit(self, locator) -> None:
        """Click something that loads a new page, then check that page."""
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state()
        if not self.audit:  # axe needs JavaScript; the same pages are checked by the other tests
            return
        wait_until(page, "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(self.axe_source)
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        self.checked.append(page.url)
        if blocking:
            lines = [f"axe-core found {len(blocking)} serious or critical violations on {page.url}:"]
            for violation in blocking:
                lines.append(
                    f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
                )
                for node in violation["nodes"][:5]:
                    lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1]}")
            pytest.fail("\n".join(lines), pytrace=False)

    def _unfold(self, summary: str) -> None:
        button = self.page.locator(summary)
        if button.is_visible() and not button.evaluate("summary => summary.parentElement.open"):
            button.click()

    def open_menu(self) -> None:
        """On a phone the header's links and language buttons are behind the menu button: open it."""
        self._unfold("details[data-menu] > summary")

    def open_filters(self) -> None:
        """On a phone a list's filters are behind "Filters (n)": open them."""
        self._unfold("details.filter-panel > summary")

    def log_in(self, user, password: str = PASSWORD) -> None:
        self.goto("/accounts/login/")
        self.page.fill("#id_username", user.email)
        self.page.fill("#id_password", password)
        self.submit(self.page.locator("main button[type=submit]"))

    def assert_every_page_checked(self) -> None:
        unchecked = [url for url in self.landed if url not in self.checked]
        assert not unchecked, f"pages loaded but never checked with axe-core: {unchecked}"


def _visit(browser, live_server, axe_source, **context_options):
    context = browser.new_context(locale="fi-FI", reduced_motion="reduce", **context_options)
    context.set_default_timeout(30_000)  # a cold matching index takes seconds on a busy machine
    audit = context_options.get("java_script_enabled", True)
    visit = Visit(context.new_page(), live_server.url, axe_source, audit=audit)
    return context, visit


@pytest.fixture
def visit(browser, live_server, axe_source):
    """A desktop-sized tab; Finnish is the browser's language, as for most users of an Espoo service."""
    context, visit = _visit(browser, live_server, axe_source, viewport=DESKTOP)
    yield visit
    visit.assert_every_page_checked()
    context.close()


@pytest.fixture(params=["desktop", "phone"])
def any_visit(request, browser, live_server, axe_source):
    """The same journey on a laptop and on a 390×844 phone."""
    options = (
        {"viewport": DESKTOP}
        if request.param == "desktop"
        else {"viewport": PHONE, "is_mobile": True, "has_touch": True}
    )
    context, visit = _visit(browser, live_server, axe_source, **options)
    yield visit
    visit.assert_every_page_checked()
    context.close()


@pytest.fixture
def phone_visit(browser, live_server, axe_source):
    """A 390×844 phone, for journeys run on a phone only."""
    context, visit = _visit(browser, live_server, axe_source, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    yield visit
    visit.assert_every_page_checked()
    context.close()


@pytest.fixture
def no_js_visit(browser, live_server, axe_source):
    context, visit = _visit(browser, live_server, axe_source, viewport=DESKTOP, java_script_enabled=False)
    yield visit
    context.close()


@pytest.fixture(scope="session", autouse=True)
def _warm_text_model():
    """The first match index a process builds loads the language data, which takes seconds on a busy
    machine: load it once before any page waits for it within a click's timeout."""
    import datetime as dt

    from kyky.matching.engine import ProposalDoc, ProposalIndex

    day = dt.date(2000, 1, 3)
    doc = ProposalDoc(1, "Murtolukupeli", "Peli", "Oppilaat pelaavat.", frozenset(), frozenset({"grade_4"}),
                      frozenset({"fi", "sv", "en"}), day, day, "onsite", frozenset(), 1)  # fmt: skip
    ProposalIndex.build([doc])
