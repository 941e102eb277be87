"""The country brief and the comparison: figures that link to the lists they count."""

import csv
import html
import io
import re

import pytest

from tests.explore.test_lists import world  # noqa: F401  (fixture)

# A figure: a link to a filtered list, then its count.
FIGURE = re.compile(
    r'<a class="bars__label" href="(/(?:programmes|institutions|cities)/\?[^"]+)">[^<]+</a>\s*'
    r'<span class="bars__count">(\d+)</span>'
)
TOTAL = re.compile(
    r'<li><a href="(/(?:programmes|institutions|cities)/\?[^"]+)"><strong>(\d+)</strong>'
)
PARTNER = re.compile(
    r'<a class="bars__count" href="(/programmes/\?all_countries=[^"]+)"[^>]*>(\d+)</a>'
)


def head(body: str) -> str:
    return body[body.index('id="glance-heading"') : body.index('id="programmes-heading"')]


def api_count(client, url: str) -> int:
    return client.get("/api/v1" + html.unescape(url)).json()["count"]


def test_svg_and_bar_numbers_stay_plain_in_spanish(client, world):  # noqa: F811
    body = client.get("/es/countries/mx/").content.decode()
    widths = re.findall(r'style="width: ([^%"]+)%"', body)
    assert widths and all(re.fullmatch(r"\d+", width) for width in widths)


def test_a_country_without_programmes_says_why_the_list_is_empty(client, db):
    from tests.factories import make_country

    make_country(iso2="CH", name="Switzerland")
    page = html.unescape(client.get("/countries/ch/").content.decode())
    assert "The paper locates no programme in Switzerland." in page
    assert "those whose location it does not state are placed in no country" in page
    spanish = html.unescape(client.get("/es/countries/ch/").content.decode())
    assert "El documento no sitúa ningún programa en Suiza." in spanish


def test_a_brief_draws_its_dated_programmes_and_locates_its_places(client, world):  # noqa: F811
    world["mx"].cities.update(latitude=19.43, longitude=-99.13)
    for language in ("", "/es"):
        body = client.get(f"{language}/countries/mx/").content.decode()
        pictures = body[body.index('class="brief__pictures"') : body.index('id="partners-heading"')]
        # The timeline: each dated programme a link, undated ones left out.
        venus = (
            f'<a href="{language}/programmes/venus/" aria-label="Venus transit expedition, 1874">'
        )
        assert venus in pictures
        assert "/programmes/bogota-forum/" not in pictures
        # The locator: Mexico's shape highlighted, its place marked.
        assert 'class="land locator__own"' in pictures
        assert "<title>Bogotá</title>" in pictures
        # Plain numbers in the pictures' coordinates, whatever the language (485,8 is no
        # coordinate a browser can read).
        coordinates = re.findall(r' (?:x|y|cx|cy|r|width|stroke-width)="([^"]*)"', pictures)
        assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates)


# Last in the module: the paper's catalogue stays loaded from here to the module's end.
@pytest.mark.parametrize("code", ["MX", "US", "CL"])
def test_every_figure_of_a_brief_counts_the_list_it_links_to(client, full_catalogue, code):
    body = client.get(f"/countries/{code.lower()}/").content.decode()
    figures = FIGURE.findall(head(body)) + TOTAL.findall(head(body)) + PARTNER.findall(body)
    assert len(figures) > 10
    for url, count in figures:
        assert api_count(client, url) == int(count), url


@pytest.mark.parametrize("code", ["MX", "US", "CL"])
def test_a_briefs_programme_figures_are_the_apis_facet_counts(client, full_catalogue, code):
    facets = client.get(f"/api/v1/programmes/facets/?country={code}").json()
    body = head(client.get(f"/countries/{code.lower()}/").content.decode())
    shown = {html.unescape(url): int(count) for url, count in FIGURE.findall(body)}
    for name in ("pillar", "kind", "status", "decade"):
        for entry in facets["facets"][name]:
            assert shown[f"/programmes/?country={code}&{name}={entry['value']}"] == entry["count"]
    assert f"<strong>{facets['count']}</strong> programmes" in body


def test_a_brief_ranks_partners_and_names_programmes_in_no_pillar(client, full_catalogue):
    body = client.get("/countries/mx/").content.decode()
    partners = [html.unescape(url) for url, _ in PARTNER.findall(body)]
    for code in ("US", "ES", "DE", "GB", "FR", "CA", "AT"):  # missing from the old network
        assert f"/programmes/?all_countries=MX,{code}" in partners
    counts = [int(count) for _, count in PARTNER.findall(body)]
    assert counts == sorted(counts, reverse=True)
    assert "No pillar" in head(body) and "Not dated" in head(body)
    # Figures first, the lists after them, the evidence last.
    assert body.index("glance-heading") < body.index("partners-heading")
    assert body.index("partners-heading") < body.index("programmes-heading")
    assert body.index("programmes-heading") < body.index("evidence-heading")


def test_a_brief_prints_with_its_source_and_says_how_without_javascript(client, full_catalogue):
    body = client.get("/countries/mx/").content.decode()
    assert "Country brief from DiploHub" in body and "catalogue as of" in body
    assert "use your browser&#x27;s Print command" in body or "use your browser's Print" in body
    assert '<button type="button" class="print-control__button" hidden>' in body
    spanish = client.get("/es/countries/mx/").content.decode()
    assert "Imprimir o guardar como PDF" in spanish
    assert "México" in spanish


def test_compare_shows_the_figures_side_by_side_with_links_that_agree(client, full_catalogue):
    body = client.get("/compare/?countries=MX,CL,US").content.decode()
    table = body[body.index('class="compare-figures__table"') : body.index("</table>")]
    cells = re.findall(r'<a href="(/[a-z]+/\?[^"]+)">(\d+)</a>', table)
    assert len(cells) > 20
    for url, count in cells:
        assert api_count(client, url) == int(count), url
    assert "only Mexico" in table  # e.g. its proposals
    assert 'href="/compare/export.csv?countries=MX,CL,US"' in body


def test_compare_exports_its_table_as_csv(client, full_catalogue):
    response = client.get("/compare/export.csv?countries=MX,CL")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Section", "Figure", "MX", "CL"]
    programmes = next(row for row in rows if row[1] == "Programmes")
    assert programmes[2:] == [
        str(client.get("/api/v1/programmes/?country=MX").json()["count"]),
        str(client.get("/api/v1/programmes/?country=CL").json()["count"]),
    ]


@pytest.mark.parametrize("query", ["countries=MX", "countries=MX,ZZ", "countries=MX,CL,US,GB,FR"])
def test_a_bad_comparison_export_is_a_400_with_a_message(client, full_catalogue, query):
    response = client.get(f"/compare/export.csv?{query}")
    assert response.status_code == 400
    assert response.content.decode().strip()
