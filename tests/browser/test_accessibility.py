"""axe-core finds no accessibility violation on the pages the issue lists."""

import pytest
from playwright.sync_api import Page

from tests.browser.checks import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/programmes/?country=MX&pillar=diplomacy-for-science",
    "/programmes/?country=ZZ",
    "/institutions/?country=MX&kind=ministry",
    "/countries/?region=americas",
    "/cities/?country=ES",
    "/pillars/",
    "/references/?q=ibid",
    "/programmes/newton-fund/",
    "/institutions/amexcid/",
    "/countries/mx/",
    "/cities/barcelona/",
    "/pillars/science-in-diplomacy/",
    "/search/?q=Bogota",
    "/compare/?countries=MX,CL,BR",
    "/compare/?countries=MX",
    "/programmes/?show=country",
    "/map/",
    "/timeline/",
]


@pytest.mark.parametrize("language", ["", "/es"])
def test_no_axe_violations(page: Page, site, axe_source, language):
    problems = []
    for path in (language + path for path in PAGES):
        response = page.goto(site + path)
        assert response.status in (200, 400), path
        problems += [f"{path}: {violation}" for violation in axe_violations(page, axe_source)]
    assert problems == []
