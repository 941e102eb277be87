"""Browser tests: Playwright driving Debian's chromium against a live server.

Playwright is started and stopped around each test (not once per session, as
pytest-playwright does): its event loop would otherwise stay open in the main thread and make
every later test's ORM call fail Django's async-safety check.

Without /usr/bin/chromium these tests skip, saying why; with DIPLOHUB_REQUIRE_BROWSER=1 (set
by CI) a missing browser is a failure instead. Never `playwright install`: the browser is
Debian's (`apt-get install -y chromium`).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("DIPLOHUB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def require(available: bool, reason: str) -> None:
    """Skip for want of a tool, or fail when CI says the tool must be there."""
    if available:
        return
    if os.environ.get("DIPLOHUB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (DIPLOHUB_REQUIRE_BROWSER=1: not skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch):
    """Playwright runs an event loop in the test thread, where fixtures still use the ORM.

    Set per test (not at import) so that no other test, nor a subprocess one starts, sees it.
    Autouse, so it is set before `page` starts the loop and undone after `page` stops it.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    require(Path(CHROMIUM).exists(), f"no chromium at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's URL, with the real catalogue (fixtures/) loaded for this test."""
    call_command("load_catalogue", verbosity=0)
    return live_server.url


@pytest.fixture
def axe_source() -> str:
    require(AXE.exists(), f"axe-core is not installed at {AXE}: run `make vendor` (npm ci)")
    return AXE.read_text(encoding="utf-8")
