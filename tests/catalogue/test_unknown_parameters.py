"""Issue #18: pages, exports and feeds refuse parameters they do not take, with a 400 listing
those they do, as the API does (one rule); only valid pages are cached, under a canonical key."""

import pytest
from django.core.cache import caches

from tests.explore.conftest import build_catalogue, query_count
from tests.factories import make_country, make_programme

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/programmes/",
    "/institutions/",
    "/countries/",
    "/programmes/export.csv",
    "/programmes/export.json",
    "/programmes/feed.atom",
    "/api/v1/programmes/",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_mistyped_filter_is_a_400_naming_the_accepted_ones(client, url):
    make_programme(countries=[make_country(iso2="MX", iso3="MEX")])
    response = client.get(url, {"contry": "MX"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "contry" in body
    assert "Unknown parameter; this endpoint takes:" in body
    assert "modified_since" in body.split("this endpoint takes:")[1]


@pytest.mark.parametrize("url", ["/programmes/", "/programmes/export.csv", "/programmes/feed.atom"])
def test_paging_is_known_everywhere_a_page_query_goes(client, url):
    assert client.get(url, {"page": 1, "page_size": 50}).status_code == 200


def test_a_known_filter_still_works(client):
    make_programme(slug="mx", countries=[make_country(iso2="MX", iso3="MEX")])
    make_programme(slug="other")
    response = client.get("/programmes/", {"country": "MX"})
    assert response.status_code == 200
    assert 'data-slug="mx"' in response.content.decode()
    assert 'data-slug="other"' not in response.content.decode()


def test_parameters_in_another_order_are_the_same_cached_page(client):
    build_catalogue(2)
    first = client.get("/programmes/?kind=fund&status=active")
    assert first.status_code == 200
    assert query_count(client, "/programmes/?status=active&kind=fund") == 1  # the version


@pytest.mark.parametrize("junk", ["contry=MX", "country=ZZ"])
def test_invalid_pages_do_not_grow_the_cache(client, monkeypatch, junk):
    build_catalogue(2)
    stored = set()
    default = caches["default"]
    set_value = default.set
    monkeypatch.setattr(
        default,
        "set",
        lambda key, *args, **kwargs: stored.add(key) or set_value(key, *args, **kwargs),
    )
    assert client.get(f"/programmes/?{junk}").status_code == 400
    after_one = len(stored)
    # A client varying junk cannot fill the cache: twenty more invalid addresses store nothing.
    for n in range(20):
        assert client.get(f"/programmes/?{junk}{n}&page={n + 1}").status_code == 400
    assert len(stored) == after_one
    assert client.get("/programmes/?kind=fund").status_code == 200
    assert len(stored) > after_one  # while a valid page is kept
