"""`cached()`: a computed value kept for the catalogue as it is now."""

import pytest
from django.core.cache import cache

from catalogue.caching import cached
from tests.factories import make_pillar


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_value_is_computed_once_per_catalogue_version(db):
    calls = []

    def compute():
        calls.append(1)
        return {"kind": [{"value": "fund", "count": len(calls)}]}

    assert cached("facets", compute) == {"kind": [{"value": "fund", "count": 1}]}
    assert cached("facets", compute) == {"kind": [{"value": "fund", "count": 1}]}
    assert len(calls) == 1

    make_pillar(slug="new-pillar")  # a write anywhere: a new version

    assert cached("facets", compute) == {"kind": [{"value": "fund", "count": 2}]}
    assert len(calls) == 2


def test_names_and_versions_keep_values_apart():
    assert cached("a", lambda: 1, version="v1") == 1
    assert cached("b", lambda: 2, version="v1") == 2
    assert cached("a", lambda: 3, version="v2") == 3
    assert cached("a", lambda: 4, version="v1") == 1


def test_falsy_values_are_cached_too():
    calls = []
    assert cached("empty", lambda: calls.append(1), version="v1") is None
    assert cached("empty", lambda: calls.append(1), version="v1") is None
    assert calls == [1]


def test_any_name_is_a_valid_key():
    name = "page:es:http://testserver/programmes/?q=" + "bogotá " * 100
    assert cached(name, lambda: "page", version="v1") == "page"
    assert cached(name, lambda: "other", version="v1") == "page"
