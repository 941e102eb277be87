"""The country brief, the comparison and the map's network in Chromium: the brief prints on
two A4 pages, nothing scrolls sideways at 360 px, axe-core finds nothing, in both languages."""

import re

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.django_db(transaction=True)

DASHBOARDS = ["/countries/mx/", "/countries/us/", "/compare/?countries=MX,CL,US", "/map/"]


@pytest.mark.parametrize("language", ["", "/es"])
def test_a_brief_prints_on_two_a4_pages(page: Page, site, language):
    for code in ("mx", "us", "cl"):  # Mexico has the most programmes of the catalogue
        page.goto(f"{site}{language}/countries/{code}/")
        pdf = page.pdf(format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 2, (code, pages)
    # As printed: the source line and the address show, the print control does not.
    page.emulate_media(media="print")
    assert page.locator(".brief__source").is_visible()
    assert page.locator(".brief__address").is_visible()
    assert not page.locator(".print-control").is_visible()


def test_the_print_button_shows_with_javascript_and_the_instruction_without(browser, site):
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{site}/countries/mx/")
        assert page.locator(".print-control__button").is_visible() is javascript
        assert page.locator(".print-control__hint").is_visible() is not javascript
        context.close()


@pytest.mark.parametrize("language", ["", "/es"])
def test_dashboards_fit_a_phone_and_pass_axe(browser, site, axe_source, language):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    problems = []
    for path in DASHBOARDS:
        assert page.goto(f"{site}{language}{path}").status == 200
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"{path}: {overflow}px sideways")
        page.evaluate(axe_source)
        for violation in page.evaluate("async () => (await axe.run()).violations"):
            problems.append(
                f"{language}{path}: {violation['id']} {violation['nodes'][0]['target']}"
            )
    context.close()
    assert problems == []
