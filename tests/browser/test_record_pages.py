"""Record pages in Chromium, at 1366 and 360 px, in both languages: the side column beside
the text on a wide screen, nothing sideways on a phone, a quote's footnote opens in place,
axe-core finds nothing."""

import pytest

from tests.browser.checks import axe_violations, sideways_overflow

pytestmark = pytest.mark.django_db(transaction=True)

# One page of each record type; CERN's quotes carry footnote 8, the GCRF's a figure in words.
RECORDS = [
    "/programmes/cern/",
    "/programmes/global-challenges-research-fund/",
    "/institutions/cern/",
    "/countries/su/",
    "/cities/mexico-city/",
    "/pillars/science-for-diplomacy/",
]


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("language", ["", "/es"])
def test_record_pages_use_the_width_fit_a_phone_and_pass_axe(browser, site, axe_source, language):
    problems = []
    for width, height in ((1366, 900), (360, 800)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for path in RECORDS:
            assert page.goto(f"{site}{language}{path}").status == 200
            facts, main = box(page, ".record__facts"), box(page, ".record__main")
            cite = box(page, ".record__side .cite")
            if width == 1366:
                # Facts and citation beside the text, to its right, the citation below the facts.
                if not (facts["x"] > main["x"] + main["width"] - 1 and cite["x"] == facts["x"]):
                    problems.append(f"{path} at {width}: no side column")
                if not cite["y"] > facts["y"] + facts["height"] - 1:
                    problems.append(f"{path} at {width}: citation not under the facts")
            else:
                # One column: facts, then the text, then the citation.
                if not (facts["y"] < main["y"] < cite["y"] and facts["x"] == main["x"]):
                    problems.append(f"{path} at {width}: not one column")
                if overflow := sideways_overflow(page):
                    problems.append(f"{path} at {width}: {overflow}px sideways")
            problems += [
                f"{language}{path} at {width}: {v}" for v in axe_violations(page, axe_source)
            ]
        context.close()
    assert problems == []


@pytest.mark.parametrize(("language", "summary"), [("", "Footnote 8"), ("/es", "Nota 8")])
def test_a_quotes_footnote_opens_in_place(browser, site, language, summary):
    for width in (1366, 360):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(f"{site}{language}/programmes/cern/")
        footnote = page.locator(".evidence details.footnotes").first
        text = footnote.locator(".footnotes__list")
        assert not text.is_visible()
        footnote.locator("summary").click()
        assert text.is_visible()
        assert footnote.locator("summary").inner_text() == summary
        assert "22 member states" in text.inner_text()
        # The number still leads to the paper's list of references.
        text.locator("a.footnote-link").click()
        page.wait_for_url(f"**{language}/references/#fn8")
        context.close()
