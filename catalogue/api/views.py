"""The pieces every API endpoint shares, and the endpoints that are not a model's collection.

`CatalogueViewSet` is configured by each resource with a queryset (from a named QuerySet
method), a FilterSet class, a serializer and its lookup; it adds strict query parameters,
the `fields` selection, CSV, conditional GETs and one error shape.
"""

from django.db import transaction
from django.http import FileResponse, HttpResponse, HttpResponsePermanentRedirect
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.views.decorators.gzip import gzip_page
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import APIRootView
from rest_framework.schemas import DefaultSchema
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from catalogue import citations, exports, history
from catalogue.api.conditional import ConditionalGetMixin
from catalogue.api.errors import Gone, ReleaseBuilding, invalid_parameters
from catalogue.api.negotiation import CatalogueContentNegotiation
from catalogue.api.pagination import CataloguePagination
from catalogue.api.permissions import CataloguePermission, ReadOnly
from catalogue.api.renderers import (
    CITATION_RENDERERS,
    CatalogueJSONRenderer,
    CitationRenderer,
    CSVRenderer,
    OctetStreamZipRenderer,
    PreRendered,
    ZipRenderer,
)
from catalogue.caching import cached
from catalogue.concurrency import record_version
from catalogue.dataset import DATA_LICENCE, licence_link_header, rights
from catalogue.filters import unknown_parameters
from catalogue.models import Tombstone, with_tiebreaker
from catalogue.release import ReleaseInProgress, current_release
from catalogue.throttling import DownloadRateThrottle

FORMAT_PARAMETER = "format"
FIELDS_PARAMETER = "fields"
# What gzipping a response sets beside its body (django.middleware.gzip.GZipMiddleware).
ENCODING_HEADERS = ("Content-Encoding", "Vary", "ETag")


class CatalogueAPIMixin(ConditionalGetMixin):
    """Strict parameters, conditional GETs and JSON errors for any API view."""

    renderer_classes = [CatalogueJSONRenderer]
    permission_classes = [ReadOnly]
    content_negotiation_class = CatalogueContentNegotiation
    # Gzipped when the client accepts it (a page of 50 programmes, 81 kB, is 14 kB).
    # Safe from BREACH, which needs a secret in a compressed body beside what an attacker
    # sends: no API response carries one (the site's pages with CSRF tokens stay uncompressed).
    compress = True

    @classmethod
    def as_view(cls, *args, **initkwargs):
        view = super().as_view(*args, **initkwargs)
        return gzip_page(view) if cls.compress else view

    def initial(self, request, *args, **kwargs):
        # The API's addresses carry no language (the pages' do): it follows Accept-Language.
        translation.activate(translation.get_language_from_request(request))
        # Authentication, permission and throttling first: a 401, 403 or 429 wins over a 400.
        super().initial(request, *args, **kwargs)
        self.check_query_parameters(request)
        self.check_conditional(request)

    def allowed_query_parameters(self) -> set[str]:
        return {FORMAT_PARAMETER}

    def check_query_parameters(self, request) -> None:
        errors = unknown_parameters(request.query_params, self.allowed_query_parameters())
        if errors:
            raise invalid_parameters(errors)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            # Whatever the format (a CSV has no place of its own for it), the data's licence.
            response.headers["Link"] = licence_link_header()
        return response

    def handle_exception(self, exc):
        if isinstance(exc, _Redirect):
            query = self.request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(exc.path + (f"?{query}" if query else ""))
        response = super().handle_exception(exc)
        if response.status_code >= 400:
            # Errors are JSON whatever format was asked for.
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response


class FilterSetBackend(DjangoFilterBackend):
    """django-filter's backend, keeping the bound FilterSet on the view (`view.filterset`)."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class CatalogueResourceMixin(CatalogueAPIMixin):
    """What a resource's viewset adds to DRF's: strict parameters, `fields`, CSV, lookups."""

    renderer_classes = [CatalogueJSONRenderer, CSVRenderer]
    permission_classes = [CataloguePermission]
    filter_backends = [FilterSetBackend]
    filterset = None
    pagination_class = CataloguePagination
    lookup_url_kwarg = "id"

    @classproperty
    def lookup_field(cls) -> str:
        # A record's id is its natural key (a slug, an ISO code, a footnote number).
        return cls.queryset.model.natural_key_field

    def get_queryset(self):
        if isinstance(getattr(self.request, "accepted_renderer", None), CitationRenderer):
            # A citation needs the record alone, not the relations its JSON shows.
            return super().get_queryset().model._default_manager.all()
        return super().get_queryset()

    def get_renderers(self):
        renderers = super().get_renderers()
        # A record, not a list, can be cited. A method the record does not take (TRACE) is
        # negotiated the same, so that it answers 405 whatever `format` it names.
        unmapped = self.action is None and self.request.method != "OPTIONS"
        if getattr(self, "detail", False) and (self.action == "retrieve" or unmapped):
            renderers += [renderer() for renderer in CITATION_RENDERERS]
        return renderers

    def allowed_query_parameters(self) -> set[str]:
        allowed = super().allowed_query_parameters()
        if self.request.method not in ("GET", "HEAD"):
            return allowed
        allowed.add(FIELDS_PARAMETER)
        if self.action == "retrieve":
            allowed.add(history.AS_OF)
        if self.action == "list":
            allowed |= set(self.filterset_class.base_filters)
            paginator = self.paginator
            allowed |= {
                paginator.page_query_param,
                paginator.page_size_query_param,
                paginator.cursor_query_param,
            }
        return allowed

    def check_query_parameters(self, request) -> None:
        super().check_query_parameters(request)
        self.selected_fields = self._selected_fields(request)

    def _selected_fields(self, request) -> list[str] | None:
        if FIELDS_PARAMETER not in request.query_params:
            return None
        names = [
            name.strip()
            for value in request.query_params.getlist(FIELDS_PARAMETER)
            for name in value.split(",")
            if name.strip()
        ]
        known = list(self.get_serializer_class()().fields)
        unknown = [name for name in names if name not in known]
        if unknown or not names:
            raise invalid_parameters(
                {
                    FIELDS_PARAMETER: _("Unknown field(s): %(unknown)s. Fields: %(known)s.")
                    % {"unknown": ", ".join(unknown) or "(none)", "known": ", ".join(known)}
                }
            )
        # In the representation's order; `id` and `url` always, so a record stays addressable.
        return [name for name in known if name in {*names, "id", "url"}]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["fields"] = getattr(self, "selected_fields", None)
        context["fields_for"] = self.get_serializer_class()
        return context

    def csv_columns(self) -> list[str]:
        return list(self.get_serializer().fields)

    def filter_queryset(self, queryset):
        # In the same order as the list pages, ties included.
        return with_tiebreaker(super().filter_queryset(queryset))

    def get_object(self):
        # A detail is found by its id alone: the list's filters do not apply to it.
        queryset = self.get_queryset()
        # By action, not method: OPTIONS asks get_object() as if for a PUT, outside any write.
        writing = self.action in ("update", "partial_update", "destroy")
        if writing:
            # The row stays locked until the write commits (see CatalogueViewSet):
            # a concurrent write waits, then reads what this one wrote.
            queryset = queryset.model._default_manager.select_for_update()
        value = self.normalise_id(self.kwargs[self.lookup_url_kwarg])
        try:
            record = queryset.get_by_natural_key(value)
        except queryset.model.DoesNotExist:
            former = None if writing else queryset.former(value)
            if isinstance(former, Tombstone):
                raise Gone(former) from None
            if former is not None:  # the record's id changed: 301 to where it is now
                detail = self.reverse_action("detail", args=[former_id(former)])
                raise _Redirect(detail) from None
            raise exceptions.NotFound(
                _("No %(resource)s with id %(id)s.")
                % {"resource": queryset.model._meta.verbose_name, "id": value}
            ) from None
        self.check_object_permissions(self.request, record)
        if writing:
            self.check_write_precondition(self.request, record)
        return record

    def record_version(self, request) -> str | None:
        if self.action != "retrieve":
            return None
        model = self.get_queryset().model
        key = {self.lookup_field: self.normalise_id(self.kwargs[self.lookup_url_kwarg])}
        found = model._default_manager.filter(**key).only("modified").first()
        return record_version(found) if found is not None else None

    def normalise_id(self, value: str):
        return value.lower()

    def list(self, request, *args, **kwargs):
        return self.cached_representation(self.list_records, request)

    def list_records(self, request):
        """DRF's list, except that an unpaginated list (a CSV of the whole filtered set) is
        streamed: loaded in chunks, each with its prefetched relations, and written a line at
        a time, so memory stays flat however large the catalogue."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        records = exports.represented(queryset, self.get_serializer())
        return exports.csv_response(self.csv_columns(), records, "catalogue")

    def retrieve(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CitationRenderer):
            return self.retrieve_citation(request)
        if history.AS_OF in request.query_params:
            return self.cached_representation(self.retrieve_version, request, *args, **kwargs)
        return self.cached_representation(super().retrieve, request, *args, **kwargs)

    def retrieve_citation(self, request):
        """The record's citation, of its page (the record's URL for people), in the
        catalogue release read for this request."""
        record = self.get_object()
        url = request.build_absolute_uri(record.get_absolute_url())
        citation = citations.Citation.of(record, url, released=self.catalogue_version().date)
        fmt = citations.FORMATS[request.accepted_renderer.format]
        response = Response(fmt.write(citation))
        response["Content-Disposition"] = f'attachment; filename="{citation.key}.{fmt.extension}"'
        return response

    def retrieve_version(self, request, *args, **kwargs):
        """`?as_of=`: the record's own fields and followed links as its history held them
        then (catalogue.history.version_at, as the record's page shows them)."""
        try:
            moment = history.as_of_parameter(request.query_params[history.AS_OF])
        except ValueError as error:
            raise invalid_parameters({history.AS_OF: str(error)}) from None
        record = self.get_object()
        try:
            version = history.version_at(record, moment)
        except history.NotYetExisting as error:
            raise exceptions.NotFound(str(error)) from None
        return Response(
            {
                "id": former_id(record),
                "url": request.build_absolute_uri(
                    self.reverse_action("detail", args=[former_id(record)])
                ),
                "as_of": moment.isoformat(),
                "version": version.time.isoformat(),
                "fields": version.values,
            }
        )

    def cached_representation(self, respond, request, *args, **kwargs):
        """A JSON list or record, kept as rendered under its ETag (catalogue version, URL and
        format). A write anywhere changes the version, and so the key: nothing stale is served.
        """
        if not self.validators or request.accepted_renderer.format != "json":
            return respond(request, *args, **kwargs)
        etag, version = self.validators
        # Kept as sent to this client: gzipped once, when cached, for a client that accepts
        # it. Compressing on every request cost more than all the rest of a warm one (3.6 ms
        # for a page of 50 programmes, 4.5 ms for a facet list). No API body holds a secret,
        # so gzip's random padding against BREACH need not change from one request to the next.
        accept_encoding = request.headers.get("Accept-Encoding", "")
        gzipped = self.compress and bool(re_accepts_gzip.search(accept_encoding))

        def render() -> tuple[bytes, tuple]:
            # An error (404, 400) is raised, so only a successful representation is kept.
            response = respond(request, *args, **kwargs)
            body = request.accepted_renderer.render(
                response.data, request.accepted_media_type, self.get_renderer_context()
            )
            if not gzipped:
                return body, ()
            # Django's own gzip step, given this response's ETag: it decides whether to
            # compress and sets the headers that go with it (the ETag made weak among them).
            sent = GZipMiddleware(lambda _: HttpResponse(body, headers={"ETag": etag}))(
                request._request
            )
            if not sent.has_header("Content-Encoding"):
                return body, ()
            return sent.content, tuple((name, sent[name]) for name in ENCODING_HEADERS)

        # The ETag names the URL, host, format and language already.
        key = f"api:{etag}:{'gzip' if gzipped else 'identity'}"
        body, headers = cached(key, render, version=version.token)
        response = Response(PreRendered(body))
        for name, value in headers:
            response[name] = value  # gzip_page leaves a body that has an encoding as it is
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        if isinstance(renderer, CSVRenderer) and response.status_code == 200:
            # /api/v1/countries/mx/ -> countries-mx.csv
            name = "-".join(request.path.strip("/").split("/")[2:]) or "catalogue"
            response.headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
        return response


class CatalogueViewSet(CatalogueResourceMixin, viewsets.ModelViewSet):
    """A catalogue resource: list and detail for everyone, writes for token holders.

    An update or deletion is one transaction, holding the record's row locked from the
    read (`get_object`) to the write.
    """

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)


class ReadOnlyCatalogueViewSet(CatalogueResourceMixin, viewsets.ReadOnlyModelViewSet):
    """A catalogue resource that only the catalogue loader writes."""


# ---------------------------------------------------------------------------- other endpoints


class CatalogueRootView(CatalogueAPIMixin, APIRootView):
    """The API's resources, and where its schema, docs, facets and archive are."""

    schema = DefaultSchema()  # DRF leaves the root out of the schema; it is documented here

    @extend_schema(
        responses={
            200: OpenApiResponse(
                response={
                    "type": "object",
                    "properties": {
                        "license": {
                            "type": "object",
                            "description": _(
                                "The data's licence, and what it does not cover (the quotes)."
                            ),
                            "properties": {
                                "name": {"type": "string", "description": _("SPDX id.")},
                                "title": {"type": "string"},
                                "url": {"type": "string", "format": "uri"},
                                "rights": {"type": "string"},
                            },
                            "required": ["name", "title", "url", "rights"],
                        }
                    },
                    "required": ["license"],
                    "additionalProperties": {"type": "string", "format": "uri"},
                },
                description=_(
                    "Each resource's list URL; the schema, docs and the dataset (`archive`); "
                    "the data's licence."
                ),
            )
        },
        tags=["catalogue"],
    )
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for name, view_name in (
            ("facets", "api:programme-facets"),
            ("changes", "api:change-list"),
            ("archive", "api:archive"),
            ("schema", "api:schema"),
            ("docs", "api:docs"),
        ):
            response.data[name] = request.build_absolute_uri(reverse(view_name))
        response.data["license"] = {
            "name": DATA_LICENCE.spdx,
            "title": DATA_LICENCE.title,
            "url": DATA_LICENCE.url,
            "rights": rights(),
        }
        return response


class ArchiveView(CatalogueAPIMixin, APIView):
    """The dataset: the current catalogue version's release, a Frictionless Data Package.

    `datapackage.json` names the catalogue's version (which changes on every write), its
    date, the licence, the source paper and how to cite the release, and describes every
    file: each resource as CSV (the API's CSV columns) and JSON (as the API shows it), and
    the links of programmes to the records they name, with sizes and sha256 checksums.
    """

    renderer_classes = [ZipRenderer, OctetStreamZipRenderer]
    compress = False  # a zip is compressed already
    throttle_classes = [AnonRateThrottle, DownloadRateThrottle]
    registry = ()  # the router's (prefix, viewset, basename) triples, given by the URLconf

    @extend_schema(
        responses={
            (200, media_type): OpenApiResponse(
                response=OpenApiTypes.BINARY,
                description=_("A zip archive: a Frictionless Data Package."),
            )
            for media_type in ("application/zip", "application/octet-stream")
        },
        tags=["catalogue"],
        operation_id="archive_retrieve",
    )
    def get(self, request):
        # Built once per catalogue version (by `manage.py release` or the first request);
        # while a build runs, other requests are answered at once rather than held.
        try:
            path = current_release(self.registry, version=self.catalogue_version(), wait=False)
        except ReleaseInProgress:
            raise ReleaseBuilding from None
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=path.name,
            content_type=ZipRenderer.media_type,
        )


class NotFoundView(CatalogueAPIMixin, APIView):
    """Any other path under the API: a JSON 404 (or the same path with its slash appended)."""

    conditional = False
    schema = None
    permission_classes = []
    authentication_classes = []
    throttle_classes = []

    def allowed_query_parameters(self):
        return set(self.request.query_params)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        path = request.path_info
        if request.method in ("GET", "HEAD") and not path.endswith("/"):
            try:
                match = resolve(path + "/")
            except Resolver404:
                match = None
            if match is not None and getattr(match.func, "cls", None) is not NotFoundView:
                raise _Redirect(path + "/")
        raise exceptions.NotFound(_("No API endpoint at this address; see /api/v1/."))


def former_id(record) -> str:
    """A record's id in its API URL (lower case, as `url` gives it): for a record that moved,
    its id now."""
    return str(getattr(record, record.natural_key_field)).lower()


class _Redirect(Exception):
    def __init__(self, path):
        self.path = path
