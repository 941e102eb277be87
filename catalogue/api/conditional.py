"""Conditional GETs: `ETag` and `Last-Modified` from the catalogue's version, `304` on a match.

On `PUT`, `PATCH` and `DELETE`, `If-Match` names the ETag a client read; a record's ETag
ends with the record's own version, and a write is refused (412, nothing changes) if the
record changed since that version, the rule the admin follows (catalogue.concurrency).

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
from django.utils.http import http_date, parse_etags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalogue.api.errors import PreconditionFailed
from catalogue.concurrency import RecordChanged, check_record_version
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

    def check_write_precondition(self, request, record) -> None:
        """For a write to an existing record, once its row is locked: the record's version
        named by `If-Match` (the one in the ETag a GET of the record gave) must still be
        its version, by the rule the admin's change form follows too
        (catalogue.concurrency); else a 412 saying who changed it and when, and nothing
        changes. Without `If-Match`, `If-Unmodified-Since` is checked against the record's
        last change."""
        if not self.conditional or request.method in ("GET", "HEAD", "OPTIONS"):
            return
        header = request.headers.get("If-Match")
        if header is not None:
            tags = parse_etags(header)
            if tags == ["*"]:
                return
            versions = [tag.strip('"').rpartition(".")[2] for tag in tags] or [None]
            for version in versions:
                try:
                    check_record_version(record=record, version=version)
                    return
                except RecordChanged as changed:
                    refused = changed
            raise PreconditionFailed(
                _("%(record)s was changed by %(user)s at %(time)s since the version you read.")
                % {
                    "record": refused.current,
                    "user": refused.by or _("the catalogue loader"),
                    "time": refused.at.isoformat(),
                }
            )
        last_modified = timegm(record.modified.utctimetuple())
        if get_conditional_response(request._request, last_modified=last_modified) is not None:
            raise PreconditionFailed()

    def handle_exception(self, exc):
        if isinstance(exc, _NotModified):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        validators = self.validators
        if validators and response.status_code in (200, 304):
            etag, version = validators
            # A body gzipped when it was cached carries the weak form already.
            response.headers.setdefault("ETag", etag)
            if version.date is not None:
                response.headers["Last-Modified"] = http_date(timegm(version.date.utctimetuple()))
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    def catalogue_version(self) -> CatalogueVersion:
        """The version read for this request (one query), for views that show it."""
        if self.validators:
            return self.validators[1]
        return catalogue_version()

    def record_version(self, request) -> str | None:
        """The version of the record a GET of this URL shows (None for other resources):
        the ETag names it, so that a write can name the version it read."""
        return None

    def _etag(self, request, version: CatalogueVersion) -> str:
        # Exact for the whole representation, then the record's own version (if a record):
        # If-None-Match compares the whole, If-Match on a write the record's version.
        record = self.record_version(request)
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
        digest = hashlib.sha256(basis.encode()).hexdigest()[:32]
        return quote_etag(f"{digest}.{record}" if record else digest)

    def _conditional_response(self, request):
        etag, version = self.validators
        last_modified = timegm(version.date.utctimetuple()) if version.date else None
        response = get_conditional_response(
            request._request, etag=etag, last_modified=last_modified
        )
        if response is not None and response.status_code == 412:
            raise PreconditionFailed()
        return response
