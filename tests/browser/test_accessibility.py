"""axe-core finds no accessibility violation on the pages the issue lists."""

import pytest
from playwright.sync_api import Page

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
        page.evaluate(axe_source)  # evaluated by the browser, not subject to the CSP
        violations = page.evaluate("async () => (await axe.run()).violations")
        for violation in violations:
            targets = [node["target"] for node in violation["nodes"][:3]]
            problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []
