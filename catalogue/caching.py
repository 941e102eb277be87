"""Caching keyed by the catalogue's version: a write anywhere makes every key new, so nothing
stale is ever served and nothing needs invalidating by hand. The cache is the local-memory one
by default and Redis (REDIS_URL) when several processes serve the site; each process then
also keeps the entries it used last, so that a repeated page costs no round trip to Redis."""

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cache as once
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from catalogue.version import catalogue_version

T = TypeVar("T")
# Old versions' entries are never read again; they expire after this long.
TIMEOUT_SECONDS = 6 * 60 * 60
# What each process keeps of a shared cache's entries, at most.
PROCESS_CACHE_BYTES = 32 * 1024 * 1024


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
    key = _key(name, version)
    recent = process_cache()
    value = recent.get(key) if recent else None
    if value is None:
        value = cache.get(key)
        if value is not None and recent:
            recent.set(key, value)
    return value


def store(name: str, version: str, value) -> None:
    key = _key(name, version)
    cache.set(key, value, TIMEOUT_SECONDS)
    if recent := process_cache():
        recent.set(key, value)


class ProcessCache:
    """The entries of the shared cache this process used last, up to `max_bytes`, pickled
    as the shared cache keeps them (so no caller can change another's copy).

    Its keys hold the catalogue's version like the shared cache's, so it is never stale
    either; it spares a round trip to the shared cache, a third of a repeated page's time.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            data = self._entries.get(key)
            if data is None:
                return None
            self._entries.move_to_end(key)
        return pickle.loads(data)

    def set(self, key: str, value) -> None:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.max_bytes // 16:  # a rare, huge entry would evict many others
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self.size += len(data) - (len(old) if old is not None else 0)
            self._entries[key] = data
            while self.size > self.max_bytes:
                _key, evicted = self._entries.popitem(last=False)
                self.size -= len(evicted)


@once
def process_cache() -> ProcessCache | None:
    """This process's copy of recent entries, when the cache is shared (not when the cache
    is the process's own local memory already)."""
    if isinstance(caches["default"], LocMemCache):
        return None
    return ProcessCache(PROCESS_CACHE_BYTES)


def _key(name: str, version: str) -> str:
    # Names can hold a whole query string, of any length and any characters: hashed.
    return f"diplohub:{hashlib.sha256(name.encode()).hexdigest()[:40]}:{version}"


def page_key(request) -> str:
    """What a page is cached under, with the catalogue's version: its language and address."""
    return f"page:{get_language()}:{request.build_absolute_uri()}"


# What a cached page holds in place of the CSRF token of its forms, which differs per visitor.
CSRF_SLOT = "csrf-token-of-this-response"


class CachedPageMixin:
    """A page view whose responses are kept as rendered (status, headers and body) for the
    catalogue as it is now, the language and the address: a page seen before costs reading
    the version and one cache read, however much it took to compute.

    Only the CSRF token of the page's forms differs between visitors: the page is rendered
    with a slot in its place, and every response fills it with the visitor's own token.
    `self.version` is the catalogue version's token, for the view's own caches.
    """

    cached_statuses = (200, 400, 404)

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        self.version = catalogue_version().token
        name = page_key(request)
        stored = lookup(name, self.version)
        if stored is None:
            response = super().dispatch(request, *args, **kwargs)
            if not isinstance(response, TemplateResponse):
                return response
            response.context_data = {**(response.context_data or {}), "csrf_token": CSRF_SLOT}
            response.render()
            stored = (response.status_code, dict(response.headers), response.content)
            if response.status_code in self.cached_statuses:
                store(name, self.version, stored)
        status, headers, content = stored
        content = content.replace(CSRF_SLOT.encode(), get_token(request).encode())
        return HttpResponse(content, status=status, headers=headers)
