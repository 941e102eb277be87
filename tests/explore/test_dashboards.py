"""Home, about, the map's filters and the timeline's axis and filters (#15)."""

import html
import re
from itertools import combinations

import pytest

from explore.timeline import MARGIN, WIDTH
from initiatives.filtersets import ProgrammeFilterSet
from initiatives.models import Programme
from tests.factories import make_country, make_pillar, make_programme

EDGE = re.compile(r'\?all_countries=([A-Z]{2}),([A-Z]{2})(?:&amp;[^"]*)?" aria-label="[^"]*"><line')
SPAN = re.compile(r'<rect class="span[^"]*" x="([\d.]+)" y="[\d.-]+" width="([\d.]+)"')
TICK = re.compile(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">(\d{4})</text>')


def pairs_of(programmes) -> dict[tuple[str, str], int]:
    """How many of `programmes` each pair of countries shares, read from the records."""
    pairs: dict[tuple[str, str], int] = {}
    for programme in programmes.prefetch_related("countries"):
        codes = sorted(country.iso2 for country in programme.countries.all())
        for pair in combinations(codes, 2):
            pairs[pair] = pairs.get(pair, 0) + 1
    return pairs


def drawn(body: str) -> set[tuple[str, str]]:
    network = body[body.index('id="network-heading"') :]
    return {tuple(sorted(pair)) for pair in EDGE.findall(network)}


@pytest.fixture
def two_pillars(db):
    """Two pillars; three countries sharing one programme in each, a fourth in one only."""
    sid = make_pillar(slug="science-in-diplomacy", name="Science in diplomacy", position=1)
    dfs = make_pillar(slug="diplomacy-for-science", name="Diplomacy for science", position=2)
    a, b, c = (make_country(region="americas") for _ in range(3))
    d = make_country(region="asia")
    make_programme(countries=[a, b, c], pillars=[sid], kind="fund")
    make_programme(countries=[a, b], pillars=[dfs], kind="network")
    make_programme(countries=[a, d], pillars=[dfs], kind="network")
    return {"sid": sid, "dfs": dfs, "countries": (a, b, c, d)}


@pytest.mark.parametrize(
    "query",
    ["pillar=science-in-diplomacy", "pillar=diplomacy-for-science", "kind=network", "region=asia"],
)
def test_the_network_shows_the_pairs_of_the_programmes_the_lists_filter_keeps(
    client, two_pillars, query
):
    body = client.get(f"/map/?{query}").content.decode()
    params = dict(part.split("=") for part in query.split("&"))
    kept = ProgrammeFilterSet(params, queryset=Programme.objects.all()).qs
    expected = pairs_of(kept)
    assert drawn(body) == set(expected) != set()
    assert f"All {len(expected)} pair" in body
    assert "share one of the programmes these filters keep" in body
    # Each pair opens the programme list with the same filters.
    assert f"&amp;{html.escape(query)}" in body.split('id="pairs-heading"')[1]


def test_the_network_keeps_pairs_sharing_at_least_so_many_programmes(client, two_pillars):
    a, b, *_ = two_pillars["countries"]
    body = client.get("/map/?min_shared=2").content.decode()
    assert drawn(body) == {tuple(sorted((a.iso2, b.iso2)))}
    assert (
        "1 of the 4 pairs of countries that share these programmes: those that share at "
        "least 2 programmes" in body
    )
    body = client.get("/map/?min_shared=3").content.decode()
    assert "None of the 4 pairs that share these programmes shares that many." in body


@pytest.mark.parametrize(
    "query, message",
    [
        ("pillar=no-such-pillar", "no-such-pillar"),
        ("kind=galaxy", "galaxy"),
        ("min_shared=0", "greater than or equal to 1"),
        ("contry=MX", "contry"),
    ],
)
def test_a_bad_map_or_timeline_parameter_is_a_400_that_says_why(
    client, two_pillars, query, message
):
    for page in ("/map/", "/timeline/"):
        if page == "/timeline/" and query.startswith("min_shared"):
            continue  # the network's own parameter
        response = client.get(f"{page}?{query}")
        assert response.status_code == 400, (page, query)
        assert message in html.unescape(response.content.decode())


def test_the_timeline_says_how_many_are_dated_and_filters_as_the_list(client, two_pillars):
    sid = two_pillars["sid"]
    a, *_ = two_pillars["countries"]
    make_programme(name="Dated", countries=[a], pillars=[sid], start_year=1990, end_year=2022)
    make_programme(name="Elsewhere", start_year=2001)

    body = client.get("/timeline/").content.decode()
    assert "2 of 5 programmes are dated in the paper." in body
    body = client.get(f"/timeline/?country={a.iso2}&pillar=science-in-diplomacy").content.decode()
    assert "1 of 2 programmes is dated in the paper." in body
    assert "Dated (1990–2022)" in body and "Elsewhere" not in body
    assert f'href="/programmes/?country={a.iso2}&amp;pillar=science-in-diplomacy"' in body


def test_the_timeline_keeps_every_bar_inside_its_axis(client, full_catalogue):
    body = client.get("/timeline/").content.decode()
    ticks = {int(year): float(x) for x, year in TICK.findall(body)}
    bars = [(float(x), float(width)) for x, width in SPAN.findall(body)]
    assert bars and ticks
    for x, width in bars:
        assert x >= MARGIN and x + width <= WIDTH - MARGIN
    # The axis runs past 2020 for the programme the paper dates to 2022.
    assert "(2016–2022)" in body and max(ticks) >= 2022
    # The years 2010-2020, when most of the dated programmes start, get at least twice the
    # share of the axis a continuous 1870-2025 axis would give them; the skips are marked.
    assert (ticks[2020] - ticks[2010]) / (WIDTH - 2 * MARGIN) >= 2 * 10 / (2025 - 1870)
    assert 'class="axis-break"' in body and "The axis skips the decades" in body


def test_home_says_what_a_reader_can_do_in_one_place(client, full_catalogue):
    body = client.get("/").content.decode()
    for url in ("/programmes/", "/compare/", "/map/", "/timeline/", "/api/v1/", "/about/"):
        assert f'href="{url}"' in body
    assert 'href="/api/v1/archive/"' in body  # the dataset, until its own page exists
    for slug in ("science-in-diplomacy", "science-for-diplomacy", "diplomacy-for-science"):
        count = client.get(f"/api/v1/programmes/?pillar={slug}").json()["count"]
        assert re.search(rf'\?pillar={slug}"><span class="pillar-count">{count}</span>', body), slug
    # The paper's opening sentence on the pillars is on the pillar pages, not three times here.
    opening = "based on three main pillars of action"
    assert opening not in body
    assert opening in client.get("/pillars/science-in-diplomacy/").content.decode()


def test_about_explains_the_method_citation_licence_and_corrections(client, full_catalogue):
    body = html.unescape(client.get("/about/").content.decode())
    for words in (
        "Verbatim evidence.",
        "Say less.",
        "How pillars are placed.",
        "What is not located.",
        "CC BY 4.0",
        "Suggest a correction",
        "BibTeX and RIS",
    ):
        assert words in body, words
    assert 'href="/programmes/?pillar_basis=definition"' in body
    assert "The dataset, and how to cite it" in body
    # In the footer of every page, in both languages.
    assert 'href="/about/"' in client.get("/programmes/").content.decode()
    spanish = client.get("/es/about/").content.decode()
    assert 'href="/es/about/"' in spanish and "Acerca del catálogo" in spanish
