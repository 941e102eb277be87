"""Search forgives typos (names that come close) and knows countries by their Spanish names on
the Spanish site; the top of the page says what the query matched."""

import html
import re

import pytest

from tests.explore.conftest import slugs
from tests.factories import make_city, make_country, make_programme


@pytest.fixture
def mistyped(db):
    mexico = make_country(iso2="MX", iso3="MEX", name="Mexico", region="americas")
    make_country(iso2="DE", iso3="DEU", name="Germany", region="europe")
    make_country(iso2="US", iso3="USA", name="United States", region="americas")
    brazil = make_country(iso2="BR", iso3="BRA", name="Brazil", region="americas")
    make_city(name="São Paulo", slug="sao-paulo", country=brazil, summary="A state capital.")
    make_programme(slug="sd-center", name="Science Diplomacy Center", summary="A centre.")
    make_programme(
        slug="conacyt-fund",
        name="Conacyt sectorial fund",
        summary="A fund of Mexico.",
        countries=[mexico],
    )
    make_programme(slug="brasil-forum", name="Brasil forum", summary="A forum.")


@pytest.mark.parametrize(
    ("query", "meant"),
    [("diplomcy", "sd-center"), ("Conacit", "conacyt-fund"), ("Sao Paolo", "sao-paulo")],
)
def test_a_mistyped_query_finds_the_names_that_come_close(client, mistyped, query, meant):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert slugs(response)[0] == meant
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())))
    assert f"No record holds the words “{query}”." in text


def test_names_come_close_only_when_nothing_holds_the_words(client, mistyped):
    # Records hold "Brazil": the names close to it ("Brasil forum") are not offered beside them.
    response = client.get("/search/", {"q": "Brazil"})
    assert "br" in slugs(response)
    assert "brasil-forum" not in slugs(response)
    assert "No record holds" not in response.content.decode()
    assert "brasil-forum" in slugs(client.get("/search/", {"q": "Brasill"}))
    assert slugs(client.get("/search/", {"q": "zzyzx"})) == []
    # Lists and the API keep their exact meaning: every word must be found.
    assert slugs(client.get("/programmes/", {"q": "diplomcy"})) == []


@pytest.mark.parametrize(
    ("query", "iso2", "name"),
    [
        ("Alemania", "de", "Alemania"),
        ("Estados Unidos", "us", "Estados Unidos"),
        ("México", "mx", "México"),
        ("mexico", "mx", "México"),
    ],
)
def test_a_country_is_found_by_its_spanish_name_on_the_spanish_site(
    client, mistyped, query, iso2, name
):
    response = client.get("/es/search/", {"q": query})
    rows = slugs(response)
    assert rows[0] == iso2  # named so: first
    assert f">{name}<" in re.sub(r"</?mark>", "", response.content.decode())
    assert iso2 in slugs(client.get("/es/countries/", {"q": query}))
    # The English site knows the English names only.
    if query == "Alemania":
        assert slugs(client.get("/search/", {"q": query})) == []


def test_the_top_of_the_page_says_what_the_query_matched(client, mistyped):
    body = client.get("/search/", {"q": "mexico"}).content.decode()
    summary = body[body.index('class="result-count search-summary"') :]
    summary = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", summary[: summary.index("</p>")]))
    assert summary.endswith("2 results for “mexico”: 1 programme, 1 country")
    assert '<a href="/countries/?q=mexico">1 country</a>' in body
    spanish = client.get("/es/search/", {"q": "mexico"}).content.decode()
    assert '<a href="/es/countries/?q=mexico">1 país</a>' in spanish
