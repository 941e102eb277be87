"""The version-keyed caches: what a process keeps of the shared cache."""

import pytest
from django.core.cache import cache

from catalogue import caching
from catalogue.caching import ProcessCache


def test_the_process_cache_keeps_the_most_recently_used_entries_within_its_size():
    recent = ProcessCache(max_bytes=16 * 1100)
    for n in range(20):
        recent.set(f"page-{n}", b"x" * 1000)
    recent.get("page-5")  # used again: kept over older ones
    recent.set("page-20", b"x" * 1000)
    kept = [n for n in range(21) if recent.get(f"page-{n}") is not None]
    assert recent.size <= 16 * 1100
    assert 5 in kept and 20 in kept
    assert 0 not in kept and len(kept) < 21


def test_the_process_cache_hands_out_copies():
    recent = ProcessCache(max_bytes=1 << 20)
    recent.set("facets", {"kind": [{"value": "fund", "count": 3}]})
    recent.get("facets")["kind"].clear()  # a caller changing what it was given ...
    assert recent.get("facets") == {
        "kind": [{"value": "fund", "count": 3}]
    }  # ... changes no other's


def test_a_huge_entry_is_left_to_the_shared_cache():
    recent = ProcessCache(max_bytes=16_000)
    recent.set("export", b"x" * 2000)
    assert recent.get("export") is None


@pytest.fixture
def shared(monkeypatch):
    """As when the cache is shared between processes (Redis): each process keeps copies."""
    recent = ProcessCache(max_bytes=1 << 20)
    monkeypatch.setattr(caching, "process_cache", lambda: recent)
    cache.clear()
    yield recent
    cache.clear()


def test_a_stored_entry_is_served_by_the_process_without_the_shared_cache(shared):
    caching.store("listing", "version-1", b"<html>")
    cache.clear()  # the shared cache lost it (evicted, say): this process still has it
    assert caching.lookup("listing", "version-1") == b"<html>"
    assert caching.lookup("listing", "version-2") is None  # another catalogue version


def test_an_entry_another_process_stored_is_kept_once_read(shared, monkeypatch):
    with monkeypatch.context() as another_process:
        another_process.setattr(caching, "process_cache", lambda: ProcessCache(max_bytes=1 << 20))
        caching.store("listing", "version-1", b"<html>")
    assert caching.lookup("listing", "version-1") == b"<html>"  # from the shared cache
    cache.clear()
    assert caching.lookup("listing", "version-1") == b"<html>"  # this process kept it
