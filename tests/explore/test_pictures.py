"""Home, compare, timeline, map and the cooperation network."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings

from explore.maps import country_shapes
from tests.explore.conftest import slugs
from tests.explore.test_lists import world  # noqa: F401  (fixture)
from tests.factories import make_country

REAL_WORLD = Path(settings.WORLD_MAP_SHAPES)


def test_home_has_pillars_in_the_papers_words_counts_search_and_entry_points(
    client, sample_catalogue
):
    body = client.get("/").content.decode()
    # Each pillar in one sentence (its definition); its verbatim passages are on its page.
    assert "Science providing data and evidence to design and implement foreign policy." in body
    assert "Science in diplomacy highlights science" not in body
    assert "Science in diplomacy highlights science" in (
        client.get("/pillars/science-in-diplomacy/").content.decode()
    )
    assert '<a href="/programmes/">2 programmes</a>' in body
    assert 'action="/search/"' in body
    for url in (
        "/programmes/",
        "/institutions/",
        "/countries/",
        "/cities/",
        "/pillars/",
        "/references/",
        "/map/",
        "/timeline/",
        "/compare/",
    ):
        assert f'href="{url}"' in body


def test_world_map_shades_countries_and_marks_cities(client, sample_catalogue):
    body = client.get("/map/").content.decode()
    assert (
        '<a href="/countries/mx/" aria-label="Mexico: 1 programme"><path class="land shade-1"'
        in body
    )
    assert '<a href="/cities/yokohama/"' in body
    assert '<circle class="city"' in body
    # The same information as a list.
    assert '<li><a href="/countries/mx/">Mexico</a>: 1</li>' in body


def test_cooperation_network_links_to_the_all_countries_list(client, world):  # noqa: F811
    body = client.get("/map/").content.decode()
    assert "/programmes/?all_countries=" in body
    pair = client.get("/programmes/?all_countries=MX,CL")
    assert slugs(pair) == ["newton-fund"]


def test_timeline_draws_each_dated_programme_with_a_link(client, world):  # noqa: F811
    body = client.get("/timeline/").content.decode()
    assert '<a href="/programmes/venus/" aria-label="Venus transit expedition, 1874">' in body
    assert '<a href="/programmes/chile-network/" aria-label="Chilean network, 2001–2010">' in body
    assert "/programmes/bogota-forum/" not in body  # undated in the paper


def test_compare_puts_countries_side_by_side(client, world):  # noqa: F811
    response = client.get("/compare/?countries=MX,CL")
    assert response.status_code == 200
    body = response.content.decode()
    start = body.index('class="comparison"')  # the lists by pillar, after the figures
    table = body[start : body.index("</table>", start)]
    assert '<th scope="col"><a href="/countries/mx/">Mexico</a></th>' in table
    assert table.index("Mexico") < table.index("Chile")
    assert 'href="/programmes/bogota-forum/"' in table
    assert 'href="/programmes/chile-network/"' in table
    shared = body[body.index('id="shared-heading"') :]
    assert 'href="/programmes/newton-fund/"' in shared
    assert 'href="/programmes/?all_countries=MX,CL"' in shared


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("countries=MX,CL,GB,MX,ZZ", "Unknown country code: ZZ."),
        ("countries=MX,CL,FR", "Unknown country code: FR."),
        ("countries=MX,ZZ", "Unknown country code: ZZ."),
    ],
)
def test_compare_explains_invalid_choices(client, world, query, message):  # noqa: F811
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_compare_refuses_more_than_four_countries(client, world, db):  # noqa: F811
    for iso2, iso3 in (("AR", "ARG"), ("BR", "BRA")):
        make_country(iso2=iso2, iso3=iso3, name=iso3)
    response = client.get("/compare/?countries=MX,CL,GB,AR,BR")
    assert response.status_code == 400
    assert "Choose two to four countries." in response.content.decode()


def test_compare_without_countries_shows_the_form_and_a_prompt(client, world):  # noqa: F811
    response = client.get("/compare/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="countries"' in body
    assert "Choose two to four countries to compare." in body
    assert 'class="field-error"' not in body


def test_a_country_pages_compare_link_prefills_that_country(client, world):  # noqa: F811
    country_page = _page(client, "/countries/mx/")
    link = re.search(r'href="([^"]+)">Compare with other countries', country_page)
    response = client.get(html.unescape(link.group(1)))
    assert response.status_code == 200
    body = response.content.decode()
    first = body[body.index('id="compare-1"') : body.index("</select>")]
    assert '<option value="MX" selected>Mexico</option>' in first
    assert "Choose one to three countries to compare with Mexico." in body
    assert 'class="field-error"' not in body


def test_each_compare_select_has_its_own_label(client, world):  # noqa: F811
    body = _page(client, "/compare/?countries=MX,CL")
    for n in range(1, 5):
        # The label sits right before its select, in one cell of the form's grid.
        assert re.search(
            rf'<div class="compare-form__choice">\s*<label for="compare-{n}">Country {n}</label>'
            rf'\s*<select id="compare-{n}" name="countries"',
            body,
        ), n


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.skipif(not REAL_WORLD.is_file(), reason="run `make vendor` for the world-atlas shapes")
def test_the_vendored_world_has_every_country_but_antarctica(settings):
    settings.WORLD_MAP_SHAPES = REAL_WORLD
    codes = {iso2 for iso2, _name, _d in country_shapes()}

    assert len(codes) > 170
    assert {"MX", "US", "ES", "JP", "XK"} <= codes
    assert "AQ" not in codes


def test_without_shapes_the_map_page_shows_its_list(client, sample_catalogue, settings, tmp_path):
    settings.WORLD_MAP_SHAPES = tmp_path / "absent.json"
    body = client.get("/map/").content.decode()

    assert 'class="world-map"' not in body
    assert '<li><a href="/countries/mx/">Mexico</a>: 1</li>' in body
