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
from pytest_django.live_server_helper import LiveServer

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
HERE = Path(__file__).resolve().parent
AXE = HERE.parents[1] / "node_modules" / "axe-core" / "axe.min.js"


def require(available: bool, reason: str) -> None:
    """Skip for want of a tool, or fail when CI says the tool must be there."""
    if available:
        return
    if os.environ.get("DIPLOHUB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (DIPLOHUB_REQUIRE_BROWSER=1: not skipping)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items):
    """Each browser test reads the database the live server serves: marked so, as pytest-django
    sets up the test database only for marked tests. Each runs in a transaction rolled back
    after it, inside the catalogue that `site` loaded once."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.django_db)


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


@pytest.fixture(scope="package")
def site(django_db_setup, django_db_blocker):
    """A live server's URL over the real catalogue (fixtures/), loaded once for the browser
    tests that a test worker runs one after another, and emptied after the last of them.

    Every browser test only reads, so one load serves them all (loading takes seconds; per
    test it made the suite minutes slower). pytest-django's `live_server` fixture cannot
    serve here: whoever uses it gets `transactional_db`, which empties the database after
    each test. Its server class can, and shares an in-memory SQLite connection with the
    server thread as that fixture does. Database access stays open to these tests, for the
    few that read the catalogue themselves.
    """
    # Never the development database: `pytest_collection_modifyitems` (above) marks the
    # browser tests, so `django_db_setup` has set up the test database.
    with django_db_blocker.unblock():
        call_command("load_catalogue", verbosity=0)
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def axe_source() -> str:
    require(AXE.exists(), f"axe-core is not installed at {AXE}: run `make vendor` (npm ci)")
    return AXE.read_text(encoding="utf-8")
