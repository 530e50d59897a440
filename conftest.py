"""Shared pytest fixtures: a real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, and axe.

Browser tests are marked ``@pytest.mark.browser`` and use pytest-django's ``live_server``."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test itself (fixtures
# that create data) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Test databases are throw-away: the demo may create its published-password accounts in them.
os.environ.setdefault("YHTEISO_DEMO_ACCOUNTS", "true")

try:  # CI draws the same Hypothesis examples every run, so a red run can be reproduced exactly.
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
    if os.environ.get("CI"):
        _hypothesis_settings.load_profile("ci")
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pass

CHROMIUM = os.environ.get("YHTEISO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def _playwright_browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="yhteiso-chromium-")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser_page(_playwright_browser):
    """A fresh page (own cookies) in headless Chromium; JavaScript enabled."""
    context = _playwright_browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def browser_page_nojs(_playwright_browser):
    """A fresh page with JavaScript disabled: every page must work without it."""
    context = _playwright_browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False, locale="fi-FI"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _axe_violations(page, *, tags=None) -> list[dict]:
    """Run axe-core on the page; return the WCAG 2.1 A/AA violations (id, help, nodes' targets)."""
    from axe_playwright_python.sync_playwright import Axe

    # A click that navigates returns once the new document has committed, before it is parsed: wait for it.
    page.wait_for_load_state("load")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags or WCAG_TAGS}})
    return [
        {"id": v["id"], "impact": v.get("impact"), "help": v["help"],
         "targets": [n["target"] for n in v.get("nodes", [])][:5]}
        for v in results.response["violations"]
    ]


@pytest.fixture
def axe_violations():
    """``axe_violations(page) -> list`` of WCAG 2.1 A/AA violations found by axe-core on the current page."""
    return _axe_violations
