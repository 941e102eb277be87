"""The two journeys of the issue, in a real browser."""

import csv
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def row_slugs(page: Page) -> list[str]:
    return page.locator(".rows [data-slug]").evaluate_all(
        "rows => rows.map(row => row.dataset.slug)"
    )


def test_diplomat_filters_compares_and_exports(page: Page, site, tmp_path):
    page.goto(site + "/")
    # Picks Mexico on the map ...
    page.get_by_role("link", name=re.compile(r"^Mexico: \d+ programmes?$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mexico")
    # ... opens its programmes and narrows them to one pillar.
    page.locator(".brief__totals a").first.click()  # "31 programmes"
    expect(page).to_have_url(re.compile(r"/programmes/\?country=MX$"))
    everything = len(row_slugs(page))
    pillar = (
        page.locator("fieldset.facet").filter(has_text="Pillar").locator("input[type=checkbox]")
    )
    pillar.first.check()  # applies at once (JavaScript runs here)
    expect(page).to_have_url(re.compile(r"country=MX.*pillar=|pillar=.*country=MX"))
    filtered_url = page.url
    shown = row_slugs(page)
    assert 0 < len(shown) <= everything
    expect(page.locator(".chips")).to_contain_text("Mexico")

    # Compares Mexico with Chile.
    page.goto(site + "/countries/mx/")
    page.get_by_role("link", name="Compare with other countries").click()
    expect(page.get_by_label("Country 1")).to_have_value("MX")
    page.get_by_label("Country 2").select_option("CL")
    page.get_by_role("button", name="Compare", exact=True).click()
    table = page.locator("table.comparison")
    expect(table.get_by_role("columnheader", name="Mexico")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Chile")).to_be_visible()

    # Back on the filtered list, the CSV export holds exactly the rows shown.
    page.goto(filtered_url)
    with page.expect_download() as download:
        page.locator(".results-bar").get_by_role("link", name="CSV").click()  # beside the count
    path = tmp_path / "programmes.csv"
    download.value.save_as(path)
    with path.open(encoding="utf-8") as file:
        exported = [row["id"] for row in csv.DictReader(file)]
    assert exported == row_slugs(page) == shown


def test_researcher_searches_follows_evidence_and_switches_to_spanish(page: Page, site):
    page.goto(site + "/")
    page.get_by_label("Search every record").fill("Newton Fund")
    page.get_by_label("Search every record").press("Enter")
    result = page.locator('.rows [data-slug="newton-fund"]')
    expect(result.locator("mark").first).to_have_text("Newton")
    result.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Newton Fund")

    # Reads the evidence's footnote in place, then follows it to the references page.
    page.locator(".evidence details.footnotes summary").first.click()
    footnote = page.locator(".evidence a.footnote-link").first
    number = footnote.inner_text()
    footnote.click()
    expect(page).to_have_url(re.compile(rf"/references/#fn{number}$"))
    expect(page.locator(f"#fn{number}")).to_be_in_viewport()
    expect(page.locator(f"#fn{number}")).to_contain_text("Newton Fund")

    # Switches the interface to Spanish, staying on the same page, under /es/.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referencias")
    expect(page).to_have_url(re.compile(r"/es/references/$"))
    # ... and back to English.
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/references/$"))
