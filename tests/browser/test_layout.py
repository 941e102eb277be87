"""Phones: no page is wider than a 360 px screen, in either language."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 800}
PAGES = [
    "/",
    "/programmes/",
    "/programmes/?country=MX&pillar=diplomacy-for-science",
    "/institutions/",
    "/countries/",
    "/cities/",
    "/pillars/",
    "/references/",
    "/search/?q=science",
    "/search/?q=Mexico",
    "/programmes/newton-fund/",
    "/institutions/amexcid/",
    "/countries/mx/",
    "/cities/barcelona/",
    "/pillars/science-in-diplomacy/",
    "/compare/",
    "/compare/?countries=MX,CL,BR",
    "/map/",
    "/timeline/",
]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways_on_a_phone(phone, site):
    too_wide = []
    for language in ("", "/es"):
        for path in PAGES:
            response = phone.goto(site + language + path)
            assert response.status == 200, language + path
            width = phone.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{language}{path}: {width} px")
    assert too_wide == []
