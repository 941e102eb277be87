"""Caching keyed by the catalogue's version, through Django's cache framework.

Every entry is stored with the catalogue version's token as its cache `version`, so a write
anywhere makes every old entry unreachable: nothing stale is served and nothing needs
invalidating by hand. The cache is the local-memory one by default and Redis (REDIS_URL,
through django-redis) when several processes serve the site.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language

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

    cached_statuses = (200, 400, 404)

    def dispatch(self, request, *args, **kwargs):
        self.catalogue = catalogue_version()
        self.version = self.catalogue.token
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        key = _key(f"page:{get_language()}:{request.build_absolute_uri()}")
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
