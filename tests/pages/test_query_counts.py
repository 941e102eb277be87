"""Every page runs the same number of SQL queries whatever the number of rows.

Each page is measured at two catalogue sizes; both must equal the pinned number, so an N+1
in a template or a missing prefetch fails here.
"""

import pytest

from tests.pages.conftest import build_catalogue, query_count

PAGES = {
    "home": (lambda r: "/", 13),  # cold cache: the version query, then the pictures
    "programme-list": (lambda r: "/programmes/", 12),
    "programme-list-filtered": (
        lambda r: (
            f"/programmes/?country={r['country'].iso2}&pillar=science-in-diplomacy"
            "&q=programme&year=1995"
        ),
        14,
    ),
    "institution-list": (lambda r: "/institutions/?kind=government_agency", 4),
    "country-list": (lambda r: "/countries/?region=europe", 3),
    "city-list": (lambda r: f"/cities/?country={r['country'].iso2}", 4),
    "pillar-list": (lambda r: "/pillars/", 2),
    "reference-list": (lambda r: "/references/", 7),
    "programme-detail": (lambda r: r["programmes"][0].get_absolute_url(), 9),
    "institution-detail": (lambda r: r["institution"].get_absolute_url(), 6),
    "country-detail": (lambda r: r["country"].get_absolute_url(), 7),
    "city-detail": (lambda r: r["city"].get_absolute_url(), 5),
    "pillar-detail": (lambda r: r["pillar"].get_absolute_url(), 8),
    # one ranked query per record type, and one more to load each type that matched
    "search": (lambda r: "/search/?q=programme", 9),
    "compare": (
        lambda r: (
            "/compare/?countries=" + ",".join(c.iso2 for c in r["programmes"][0].countries.all())
        ),
        8,
    ),
    "timeline": (lambda r: "/timeline/", 1),
    "map": (lambda r: "/map/", 5),  # cold cache: the version query, then the pictures
    "export-csv": (lambda r: "/programmes/export.csv?pillar=science-in-diplomacy", 4),
    "export-json": (lambda r: "/institutions/export.json", 1),
    "feed": (lambda r: "/countries/feed.atom", 1),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_fixed(client, db, page):
    url_for, expected = PAGES[page]
    small = build_catalogue(2)
    assert query_count(client, url_for(small)) == expected
    large = build_catalogue(7)
    assert query_count(client, url_for(large)) == expected
