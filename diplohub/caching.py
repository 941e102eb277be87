"""Caching keyed by the catalogue's version: a write anywhere makes every key new, so nothing
stale is ever served and nothing needs invalidating by hand. The cache is the local-memory one
by default and Redis (REDIS_URL) when several processes serve the site."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from diplohub.catalogue_version import catalogue_version

T = TypeVar("T")
# Old versions' entries are never read again; they expire after this long.
TIMEOUT_SECONDS = 6 * 60 * 60


def cached(name: str, compute: Callable[[], T], *, version: str | None = None) -> T:
    """`compute()`, or its cached value for the catalogue as it is now."""
    version = version or catalogue_version().token
    value = lookup(name, version)
    if value is None:
        value = compute()
        store(name, version, value)
    return value


def lookup(name: str, version: str):
    """The value stored under `name` for this catalogue version, or None."""
    return cache.get(_key(name, version))


def store(name: str, version: str, value) -> None:
    cache.set(_key(name, version), value, TIMEOUT_SECONDS)


def _key(name: str, version: str) -> str:
    # Names can hold a whole query string, of any length and any characters: hashed.
    return f"diplohub:{hashlib.sha256(name.encode()).hexdigest()[:40]}:{version}"


def page_key(request, version: str) -> str:
    """What a page's rendered parts are cached under: the version, language and address."""
    return f"{version}:{get_language()}:{request.build_absolute_uri()}"
