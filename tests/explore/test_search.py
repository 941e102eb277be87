"""One search across every record type: ranked, highlighted, blind to case and accents."""

import html
import re

import pytest

from tests.explore.conftest import slugs
from tests.factories import make_city, make_country, make_programme


@pytest.fixture
def places(db):
    colombia = make_country(iso2="CO", iso3="COL", name="Colombia", region="americas")
    make_city(name="Bogotá", slug="bogota", country=colombia, summary="The capital.")
    make_programme(slug="in-summary", name="Andean forum", summary="Met in Bogotá in 2019.")
    make_programme(slug="in-name", name="Bogotá science agenda", summary="An agenda.")
    make_programme(slug="elsewhere", name="Newton Fund", summary="A British fund.")


@pytest.mark.parametrize("query", ["Bogota", "bogotá", "BOGOTA", "Bogotá"])
def test_accents_and_case_do_not_matter(client, places, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert set(slugs(response)) == {"bogota", "in-summary", "in-name"}


def test_results_are_ranked_and_highlighted(client, places):
    response = client.get("/search/", {"q": "bogota"})
    rows = slugs(response)
    assert rows.index("in-name") < rows.index("in-summary")  # a name outranks a summary
    body = response.content.decode()
    assert "<mark>Bogotá</mark> science agenda" in body
    assert "Met in <mark>Bogotá</mark> in 2019." in body
    assert "3 results for “bogota”" in body


def test_every_word_must_match(client, places):
    assert slugs(client.get("/search/", {"q": "newton fund"})) == ["elsewhere"]
    assert slugs(client.get("/search/", {"q": "newton bogota"})) == []


def test_search_spans_record_types_with_links_to_filtered_lists(client, sample_catalogue):
    response = client.get("/search/", {"q": "yokohama"})
    rows = slugs(response)
    assert "yokohama" in rows  # the city
    assert "venus-transit-expedition-1874" in rows  # the programme (in its summary)
    assert 'href="/cities/?q=yokohama"' in response.content.decode()


def test_list_q_matches_the_search_page(client, places):
    assert set(slugs(client.get("/programmes/", {"q": "BOGOTA"}))) == {"in-summary", "in-name"}
    assert slugs(client.get("/cities/", {"q": "bogota"})) == ["bogota"]


def test_empty_and_too_long_queries(client, places):
    assert slugs(client.get("/search/")) == []
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters" in response.content.decode()
    assert client.get("/search/", {"q": "!!!"}).status_code == 200


def test_a_snippet_is_escaped_once_with_its_words_marked(client, db):
    summary = 'Mexico\'s "joint" R&D fund <b>for</b> science.'
    make_programme(slug="quoted", name="Quoted fund", summary=summary)

    body = client.get("/search/", {"q": "joint"}).content.decode()
    row = body[body.index('data-slug="quoted"') :]
    row = row[row.index('<p class="row__summary">') :]
    snippet = row[: row.index("</p>")]
    assert snippet == (
        '<p class="row__summary">Mexico&#x27;s &quot;<mark>joint</mark>&quot; '
        "R&amp;D fund &lt;b&gt;for&lt;/b&gt; science."
    )
    # What a reader sees: the summary's own characters, no entity shown as text.
    text = re.sub(r"</?mark>", "", snippet.removeprefix('<p class="row__summary">'))
    assert html.unescape(text) == summary


def test_each_search_the_home_page_suggests_finds_records(client, full_catalogue):
    home = client.get("/").content.decode()
    examples = home[home.index('class="search-examples"') :]
    links = re.findall(
        r'<a href="(/search/\?q=[^"]+)">([^<]+)</a>', examples[: examples.index("</p>")]
    )
    assert len(links) >= 3
    for url, text in links:
        response = client.get(html.unescape(url))
        assert response.status_code == 200
        assert slugs(response), f"{text} finds nothing"
