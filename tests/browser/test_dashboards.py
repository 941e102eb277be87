"""The country brief, the comparison, the map's network, the timeline, home and about in
Chromium: their figures are the API's counts, the brief prints on two A4 pages, nothing
scrolls sideways at 360 px, axe-core finds nothing, in both languages."""

import re
from itertools import combinations

import pytest
from playwright.sync_api import Page

from initiatives.models import Programme
from tests.browser.checks import axe_violations, sideways_overflow

pytestmark = pytest.mark.django_db(transaction=True)

DASHBOARDS = [
    "/",
    "/about/",
    "/countries/mx/",
    "/countries/us/",
    "/compare/?countries=MX,CL,US",
    "/map/",
    "/map/?pillar=diplomacy-for-science&kind=network&min_shared=2",
    "/timeline/",
    "/timeline/?country=MX&pillar=diplomacy-for-science",
]

# Every figure that links to a list: the link and the number shown with it, as rendered.
LINKED_FIGURES = """(selector) => [...document.querySelectorAll(selector)].map((a) => {
  const row = a.closest('.bars__row, td, li');
  const number = a.querySelector('strong') || row.querySelector('.bars__count') || a;
  return [a.getAttribute('href'), number.textContent.trim()];
})"""


def api_count(page: Page, site: str, href: str) -> int:
    response = page.request.get(f"{site}/api/v1{href}")
    assert response.ok, href
    return response.json()["count"]


@pytest.mark.parametrize("code", ["mx", "us", "cl"])
def test_a_briefs_figures_are_the_apis_counts(page: Page, site, code):
    page.goto(f"{site}/countries/{code}/")
    figures = page.evaluate(
        LINKED_FIGURES,
        ".brief__totals a[href*='?'], .bars__row a[href^='/programmes/?'], "
        ".bars__row a[href^='/institutions/?'], .bars__row a[href^='/cities/?']",
    )
    assert len(figures) > 10
    for href, number in figures:
        assert api_count(page, site, href) == int(number), href


def test_a_comparisons_figures_are_the_apis_counts(page: Page, site):
    page.goto(f"{site}/compare/?countries=MX,CL,US")
    figures = page.evaluate(LINKED_FIGURES, ".compare-figures__table td a")
    assert len(figures) > 15
    for href, number in figures:
        assert api_count(page, site, href) == int(number), href


@pytest.fixture
def country_pairs(site) -> set[tuple[str, str]]:
    """Every pair of countries some programme joins, read from the database. A fixture
    requested before `page`: with Playwright's loop running, the ORM would open a connection
    of its own that nothing closes, and the test database could not be dropped."""
    pairs = set()
    for programme in Programme.objects.prefetch_related("countries"):
        pairs.update(combinations(sorted(c.iso2 for c in programme.countries.all()), 2))
    return pairs


def test_the_networks_pairs_are_the_programmes_country_pairs(country_pairs, page: Page, site):
    pairs = country_pairs
    page.goto(f"{site}/map/")
    assert page.locator(".ranked li").count() == len(pairs)
    assert page.locator("svg line.edge").count() == len(pairs)
    assert f"All {len(pairs)} pairs of countries" in page.locator(".network__count").inner_text()
    # Each ranked pair's count is the API's count of the programmes both take part in.
    counts = page.evaluate(
        "() => [...document.querySelectorAll('.ranked li')].map((li) => "
        "[li.querySelector('a').getAttribute('href'), "
        "li.querySelector('.ranked__count').textContent])"
    )
    for href, number in counts[:12]:
        assert api_count(page, site, href) == int(number), href


@pytest.mark.parametrize("query", ["", "?country=MX", "?pillar=diplomacy-for-science"])
def test_the_timeline_says_how_many_are_dated_as_the_api_counts(page: Page, site, query):
    page.goto(f"{site}/timeline/{query}")
    text = page.locator(".figure-count").inner_text()
    dated, total = map(int, re.match(r"(\d+) of (\d+) programmes", text).groups())
    joiner = "&" if query else "?"
    assert dated == api_count(page, site, f"/programmes/{query}{joiner}start_year__gte=1000")
    assert total == api_count(page, site, f"/programmes/{query}")
    assert page.locator(".timeline-list li").count() == dated


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
        if overflow := sideways_overflow(page):
            problems.append(f"{path}: {overflow}px sideways")
        problems += [f"{language}{path}: {v}" for v in axe_violations(page, axe_source)]
    context.close()
    assert problems == []
