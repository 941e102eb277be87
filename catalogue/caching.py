"""Caching keyed by the catalogue's version, through Django's cache framework.

Every entry is stored with the catalogue version's token as its cache `version`, so a write
anywhere makes every old entry unreachable: nothing stale is served and nothing needs
invalidating by hand. The cache is the local-memory one by default and Redis (REDIS_URL,
through django-redis) when several processes serve the site.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

from catalogue.version import catalogue_version

T = TypeVar("T")
# Old versions' entries are never read again; they expire after this long.
TIMEOUT_SECONDS = 6 * 60 * 60
_MISSING = object()


def cached(name: str, compute: Callable[[], T], *, version: str | None = None) -> T:
    """`compute()`, or its cached value for the catalogue as it is now (or at `version`)."""
    version = version or catalogue_version().token
    key = _key(name)
    value = cache.get(key, _MISSING, version=version)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT_SECONDS, version=version)
    return value


def _key(name: str) -> str:
    # Names can hold a whole URL, of any length and any characters: hashed.
    return f"diplohub:{hashlib.sha256(name.encode()).hexdigest()[:40]}"


class CachedPageMixin:
    """A page view whose responses are cached whole for the catalogue as it is now, the
    language and the full URL: a page seen before costs reading the version and one cache
    read. Pages hold nothing per visitor (no form posts; the language is in the URL).

    As Django's cache middleware does, a response is stored once rendered.
    `self.version` is the catalogue version's token, for the view's own caches, and
    `self.catalogue` the version itself (with the date the catalogue last changed).
    """

    # Only a page whose parameters were valid: a client sending junk parameters or values
    # (each a 400 or a 404) would otherwise fill the cache with one entry per URL.
    cached_statuses = (200,)

    def dispatch(self, request, *args, **kwargs):
        self.catalogue = catalogue_version()
        self.version = self.catalogue.token
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        # The parameters in a canonical order: `?a=1&b=2` and `?b=2&a=1` are one page.
        query = urlencode(sorted(request.GET.lists()), doseq=True)
        address = request.build_absolute_uri(request.path)
        # And the day: a record page's citation gives the date it was accessed.
        key = _key(f"page:{get_language()}:{date.today()}:{address}?{query}")
        response = cache.get(key, version=self.version)
        if response is None:
            response = super().dispatch(request, *args, **kwargs)
            if (
                isinstance(response, SimpleTemplateResponse)
                and response.status_code in self.cached_statuses
            ):

                def store(rendered) -> None:
                    # None: a callback's other return values replace the response.
                    cache.set(key, rendered, TIMEOUT_SECONDS, version=self.version)

                response.add_post_render_callback(store)
        return response


class CachePaused(Exception):
    """Redis failed a moment ago: not asked again until the pause is over."""


class FailSoftRedisCache(RedisCache):
    """django-redis, which with IGNORE_EXCEPTIONS reads a failing Redis as a miss and drops
    writes, and which, once Redis fails, does not ask it again for `REDIS_PAUSE_SECONDS`:
    a page makes a score of cache calls, and a Redis that never answers would otherwise
    cost each of them its socket timeout."""

    paused_until = 0.0

    @property
    def client(self):
        return _PausingClient(super().client, self)


class _PausingClient:
    def __init__(self, client, cache_):
        self._client = client
        self._cache = cache_

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if time.monotonic() < self._cache.paused_until:
                raise ConnectionInterrupted(connection=None) from CachePaused()
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted:
                self._cache.paused_until = time.monotonic() + settings.REDIS_PAUSE_SECONDS
                raise

        return call
