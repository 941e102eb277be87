"""Lists in a real browser: filters apply as soon as they are chosen where JavaScript runs
(announced to screen readers), fold into "Filters (n)" on phones, long facets narrow by
typing; without JavaScript the same form works with its sticky Apply button."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.checks import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 800}
WORDS = {
    "": {
        "summary": "Filters",
        "mexico": "Mexico",
        "japan": "Japan",
        "narrow": "Type to narrow the list",
    },
    "/es": {
        "summary": "Filtros",
        "mexico": "México",
        "japan": "Japón",
        "narrow": "Escriba para acotar la lista",
    },
}


def facet(page: Page, name: str):
    return page.locator(f'fieldset.facet[data-facet="{name}"]')


def row_count(page: Page) -> int:
    return page.locator(".rows [data-slug]").count()


def test_filters_apply_as_chosen_at_both_widths_in_both_languages(browser, site, axe_source):
    for language, words in WORDS.items():
        for viewport in (WIDE, PHONE):
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            where = f"{language or '/en'} at {viewport['width']} px"
            page.goto(site + language + "/programmes/")
            summary = page.locator(".filters-panel__summary")
            form = page.locator("#filter-form")
            if viewport is PHONE:
                # Results first; the filters folded under "Filters".
                expect(summary, where).to_have_text(words["summary"])
                expect(form, where).to_be_hidden()
                expect(page.locator("#results-heading")).to_be_in_viewport()
                summary.click()
            else:
                expect(summary, where).to_be_hidden()
            expect(form, where).to_be_visible()
            # No Apply button: each choice applies at once.
            expect(form.locator("button[type=submit]"), where).to_be_hidden()
            before = page.locator("#results-heading").inner_text()

            mexico = facet(page, "country").locator('input[value="MX"]')
            mexico.check()
            expect(page, where).to_have_url(re.compile(r"/programmes/\?country=MX$"))
            heading = page.locator("#results-heading")
            expect(heading, where).not_to_have_text(before)
            # The new count is announced, focus stays on the box just ticked, and on a phone
            # the panel stays open.
            expect(page.locator("#listing-status"), where).to_have_text(heading.inner_text())
            focused = page.evaluate(
                "document.activeElement.name + '=' + document.activeElement.value"
            )
            assert focused == "country=MX", where
            expect(page.locator(".chips"), where).to_contain_text(words["mexico"])
            expect(form, where).to_be_visible()
            if viewport is PHONE:
                expect(summary, where).to_have_text(f"{words['summary']} (1)")
            mexicans = row_count(page)

            # Typing narrows the long country facet, over all its values.
            narrow = facet(page, "country").get_by_label(words["narrow"])
            narrow.fill("jap")
            japan = facet(page, "country").locator(".facet__options .option:visible")
            expect(japan, where).to_have_count(2)  # Japan, and Mexico, chosen
            expect(japan.filter(has_text=words["japan"]), where).to_have_count(1)
            japan.filter(has_text=words["japan"]).locator("input").check()
            expect(page, where).to_have_url(re.compile(r"country=MX&country=JP"))
            # What was typed stays, narrowing the new options.
            expect(facet(page, "country").locator(".facet__narrow"), where).to_have_value("jap")

            # Both countries, not either: the facet's checkbox.
            facet(page, "country").locator('input[name="country_match"]').check()
            expect(page, where).to_have_url(re.compile(r"country_match=all"))
            expect(page.locator("#listing-status"), where).to_have_text(re.compile(r"^[1-9]\d* "))
            assert 0 < row_count(page) < mexicans, where
            # Back returns to the list before.
            page.go_back()
            expect(page, where).not_to_have_url(re.compile(r"country_match"))
            expect(
                facet(page, "country").locator('input[name="country_match"]')
            ).not_to_be_checked()

            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            assert axe_violations(page, axe_source) == [], where
            context.close()


def test_without_javascript_the_form_applies_with_its_sticky_button(browser, site):
    for language, words in WORDS.items():
        for viewport in (WIDE, PHONE):
            context = browser.new_context(viewport=viewport, java_script_enabled=False)
            page = context.new_page()
            where = f"{language or '/en'} at {viewport['width']} px, no JavaScript"
            page.goto(site + language + "/programmes/")
            form = page.locator("#filter-form")
            if viewport is PHONE:
                expect(form, where).to_be_hidden()
                summary = page.locator(".filters-panel__summary")
                expect(summary, where).to_have_text(words["summary"])
                summary.click()
            expect(form, where).to_be_visible()  # on wide screens, open without a click
            facet(page, "country").locator('input[value="MX"]').check()
            facet(page, "country").locator('input[value="CL"]').check()
            facet(page, "country").locator('input[name="country_match"]').check()
            # Long facets keep their "show all" link; nothing to type in.
            expect(facet(page, "country").locator(".facet__narrow"), where).to_have_count(0)
            expect(facet(page, "country").locator(".facet__more"), where).to_be_visible()
            apply = form.locator("button[type=submit]")
            expect(apply, where).to_be_in_viewport()  # sticky, though the form is long
            apply.click()
            expect(page, where).to_have_url(re.compile(r"country=MX&country=CL&country_match=all"))
            expect(page.locator("#results-heading"), where).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            context.close()
