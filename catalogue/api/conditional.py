"""Conditional GETs: `ETag` and `Last-Modified` from the catalogue's version, `304` on a match.

On `PUT`, `PATCH` and `DELETE`, `If-Match` names the ETag a client read: a stale one is a
412 and the write does nothing.

The ETag is exact: it changes whenever any record, link or piece of evidence is written or
deleted, and it differs per URL, format, host (the body holds absolute URLs) and language
(labels and messages are translated). The
Last-Modified date is when the catalogue last changed (deletions included), at one-second
resolution, so two changes within a second share it; clients that need exactness revalidate
with `If-None-Match`, which takes precedence over `If-Modified-Since` when both are sent.
"""

import hashlib
from calendar import timegm

from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.http import http_date
from django.utils.translation import get_language

from catalogue.api.errors import PreconditionFailed
from catalogue.version import CatalogueVersion, catalogue_version

# Bump when representations change, so that clients' cached ETags stop matching.
REPRESENTATION_VERSION = "1"
MAX_AGE = 60  # seconds a public cache may serve a response without revalidating


class _NotModified(Exception):
    def __init__(self, response):
        self.response = response


class ConditionalGetMixin:
    """For API views: validators on every successful GET, and 304 before any real work."""

    conditional = True
    validators: tuple[str, CatalogueVersion] | None = None

    def check_conditional(self, request) -> None:
        """Call once the request is authenticated, negotiated and its parameters checked."""
        if self.conditional and request.method in ("GET", "HEAD"):
            version = catalogue_version()
            self.validators = (self._etag(request, version), version)
            not_modified = self._conditional_response(request)
            if not_modified is not None:
                raise _NotModified(not_modified)

    def check_write_precondition(self, request) -> None:
        """For a write to an existing record, once its row is locked: `If-Match` (and
        `If-Unmodified-Since`) against the validators a GET of the same URL gives now, so a
        client that read a stale representation gets a 412 and changes nothing."""
        if self.conditional and request.method not in ("GET", "HEAD", "OPTIONS"):
            version = catalogue_version()
            self.validators = (self._etag(request, version), version)
            self._conditional_response(request)
            self.validators = None  # a write's response carries no validators

    def handle_exception(self, exc):
        if isinstance(exc, _NotModified):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        validators = self.validators
        if validators and response.status_code in (200, 304):
            etag, version = validators
            response.headers["ETag"] = etag
            if version.date is not None:
                response.headers["Last-Modified"] = http_date(timegm(version.date.utctimetuple()))
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    def catalogue_version(self) -> CatalogueVersion:
        """The version read for this request (one query), for views that show it."""
        if self.validators:
            return self.validators[1]
        return catalogue_version()

    def _etag(self, request, version: CatalogueVersion) -> str:
        basis = "\n".join(
            [
                REPRESENTATION_VERSION,
                version.token,
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                request.accepted_media_type or "",
                get_language(),
            ]
        )
        return quote_etag(hashlib.sha256(basis.encode()).hexdigest()[:32])

    def _conditional_response(self, request):
        etag, version = self.validators
        last_modified = timegm(version.date.utctimetuple()) if version.date else None
        response = get_conditional_response(
            request._request, etag=etag, last_modified=last_modified
        )
        if response is not None and response.status_code == 412:
            raise PreconditionFailed()
        return response
