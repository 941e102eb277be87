"""Every page runs the same number of SQL queries whatever the number of rows.

Each page is measured at two catalogue sizes; both must equal the pinned number, so an N+1
in a template or a missing prefetch fails here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.explore.conftest import build_catalogue, query_count

PROGRAMMES_FILTERED = (
    "/programmes/?country={country.iso2}&pillar=science-in-diplomacy&q=programme&year=1995"
)
PAGES = {
    # cold cache: the version query, then the pictures (the matrix counts every programme)
    "home": (lambda r: "/", 14),
    # Lists, details and search read the catalogue's version first (the key of the cached page).
    # The version; the count, the rows and their pillars and countries; one grouped count
    # per facet (two for regions and sub-regions) and the names of the pillars, countries,
    # cities and institutions.
    "programme-list": (lambda r: "/programmes/", 19),
    # ... plus validating two keys.
    "programme-list-filtered": (lambda r: PROGRAMMES_FILTERED.format(**r), 22),
    # Other lists: the version, their count, rows and prefetches, and their facets as above.
    "institution-list": (lambda r: "/institutions/?kind=government_agency", 12),
    "country-list": (lambda r: "/countries/?region=europe", 7),
    "city-list": (lambda r: f"/cities/?country={r['country'].iso2}", 9),
    "pillar-list": (lambda r: "/pillars/", 3),
    "reference-list": (lambda r: "/references/", 8),
    "programme-detail": (lambda r: r["programmes"][0].get_absolute_url(), 10),
    "institution-detail": (lambda r: r["institution"].get_absolute_url(), 7),
    # The record and its relations (8), then its brief: the key checked, the facet counts
    # (two reads for regions; city, institution and pillar basis too), the pillars' and
    # countries' names, programmes in no pillar, institutions and places by kind.
    "country-detail": (lambda r: r["country"].get_absolute_url(), 27),
    "city-detail": (lambda r: r["city"].get_absolute_url(), 6),
    "pillar-detail": (lambda r: r["pillar"].get_absolute_url(), 10),
    # the version, then one query per record type: its best matches, ranked
    "search": (lambda r: "/search/?q=programme", 7),
    # In Spanish, countries are matched by their Spanish names too (pycountry's: nothing read).
    "search-spanish": (lambda r: "/es/search/?q=programme", 7),
    # Nothing holds a mistyped word: then one query per type for the names that come close.
    "search-near": (lambda r: "/search/?q=programmme", 13),
    # Countries that must all take part, chosen with the country facet's checkbox.
    "programme-list-all-countries": (
        lambda r: (
            "/programmes/?country_match=all&country="
            + ",".join(c.iso2 for c in r["programmes"][0].countries.all())
        ),
        # as the filtered list: the countries' keys, and the selection the facets count in
        21,
    ),
    "compare": (
        lambda r: (
            "/compare/?countries=" + ",".join(c.iso2 for c in r["programmes"][0].countries.all())
        ),
        # the lists by pillar (8), then the version, each country's brief (the second
        # reads the pillars' and countries' names from the cache) and the pillars' order
        34,
    ),
    "compare-export": (
        lambda r: (
            "/compare/export.csv?countries="
            + ",".join(c.iso2 for c in r["programmes"][0].countries.all())
        ),
        27,  # the countries' keys, the version, the two briefs and the pillars' order
    ),
    # the version, its first rows, how many are dated of how many, and the names its
    # form offers (countries, pillars)
    "timeline": (lambda r: "/timeline/", 6),
    # cold cache: the version query, then the pictures, then the pillars its form offers
    "map": (lambda r: "/map/", 6),
    # The pillar's key, the rows, and the API's eight relations (the CSV is the API's).
    "export-csv": (lambda r: "/programmes/export.csv?pillar=science-in-diplomacy", 10),
    "export-json": (lambda r: "/institutions/export.json", 1),
    "feed": (lambda r: "/countries/feed.atom", 2),  # the version (its ETag), the rows
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_fixed(client, db, page):
    url_for, expected = PAGES[page]
    small = build_catalogue(2)
    assert query_count(client, url_for(small)) == expected
    large = build_catalogue(7)
    assert query_count(client, url_for(large)) == expected


# A page seen before under the same catalogue version comes from the cache as rendered (its
# status too): what remains is reading the version.
REPEATED = {
    "programme-detail": (lambda r: r["programmes"][0].get_absolute_url(), 1),
    "country-detail": (lambda r: r["country"].get_absolute_url(), 1),
    "pillar-detail": (lambda r: r["pillar"].get_absolute_url(), 1),
    "search": (lambda r: "/search/?q=programme", 1),
    "programme-list": (lambda r: "/programmes/", 1),
    "programme-list-filtered": (lambda r: PROGRAMMES_FILTERED.format(**r), 1),
    "institution-list": (lambda r: "/institutions/?kind=government_agency", 1),
    "country-list": (lambda r: "/countries/?region=europe", 1),
}


@pytest.mark.parametrize("page", REPEATED)
def test_a_repeated_page_is_served_as_rendered(client, db, page):
    url_for, expected = REPEATED[page]
    url = url_for(build_catalogue(3))
    response = client.get(url)
    first = response.content

    with CaptureQueriesContext(connection) as queries:
        repeated = client.get(url)
    assert len(queries.captured_queries) == expected
    assert repeated.status_code == response.status_code  # a 400 stays a 400
    again = repeated.content
    # The same page but for the language form's CSRF token, which is new on every request.
    assert again.split(b"<main")[1] == first.split(b"<main")[1]
    assert (
        again.split(b"<title>")[1].split(b"</title>")[0]
        == (first.split(b"<title>")[1].split(b"</title>")[0])
    )
