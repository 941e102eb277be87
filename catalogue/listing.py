"""One list page, export and feed for every model, configured by a `Listing`.

The page, its CSV/JSON exports, its Atom feed and the API all filter through the model's one
FilterSet with the same GET parameters, so a page's query string works unchanged everywhere.
Invalid parameters are reported on the page (status 400), never turned into an empty list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
    QueryDict,
)
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, re_path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.gzip import gzip_page
from django.views.generic import DetailView, View
from django.views.generic.base import TemplateResponseMixin
from django_filters import FilterSet
from django_filters.views import FilterMixin

from catalogue import caching, citations, exports, history
from catalogue.facets import facet_counts
from catalogue.filters import is_given, unknown_parameters
from catalogue.models import Tombstone, with_tiebreaker
from catalogue.throttling import DownloadThrottleMixin
from catalogue.version import catalogue_version

# Parameters that page through a list or show more of it rather than filter it: left out of
# exports and feeds. `show` names a facet whose values are all shown, not only the first.
PAGING = ("page", "page_size", "show")
FACET_TOP = 10
PAGE_SIZES = (25, 50, 100)


def shown_options(facets: dict, show: str, top: int = FACET_TOP) -> dict:
    """Each facet's values the sidebar lists: the first `top` and any selected, or every
    value of the facet `show` names (20,000 institutions at 100,000 programmes: rendering
    them all to show ten cost most of a page's time)."""
    return {
        name: values
        if name == show
        else [value for i, value in enumerate(values) if i < top or value["selected"]]
        for name, values in facets.items()
    }


@dataclass(frozen=True)
class Listing:
    """How one model is listed: its FilterSet, its row partial, its exports' fields.

    `name` is the URL name stem (`programme` gives `programme-list`, `programme-export`,
    `programme-feed` in the app's namespace, and the API's `api:programme-list`).
    """

    model: type[Model]
    filterset_class: type[FilterSet]
    name: str
    path: str
    row_template: str
    # The CSV export's columns: the API serializer's fields, as the API's CSV (one schema).
    serializer_class: type
    columns: tuple[exports.Column, ...]  # the JSON export's compact columns
    hidden_filters: tuple[str, ...] = ("modified_since",)
    per_page: int = PAGE_SIZES[0]
    url_namespace: str = ""  # where the pages are routed, if not the model's own app
    extra_context: dict = field(default_factory=dict)

    @property
    def hidden_in_form(self) -> set[str]:
        """Filters the page's form leaves out: `hidden_filters`, and the lookups
        (`country__n`, `start_year__gte`), which work in the address as in the API."""
        lookups = (name for name in self.filterset_class.base_filters if "__" in name)
        return {*self.hidden_filters, *lookups}

    @property
    def namespace(self) -> str:
        return self.url_namespace or self.model._meta.app_label

    @property
    def title(self) -> str:
        return self.model._meta.verbose_name_plural

    def queryset(self) -> QuerySet:
        # Annotated counts group the query, and Django then drops Meta.ordering: restore it.
        return with_tiebreaker(self.model.objects.for_listing())

    def url(self, kind: str, **kwargs) -> str:
        return reverse(f"{self.namespace}:{self.name}-{kind}", kwargs=kwargs)

    def api_url(self) -> str:
        try:
            return reverse(f"api:{self.name}-list")
        except NoReverseMatch:  # the router names each resource as the pages do
            return f"/api/v1/{self.path}/"

    def urls(self) -> list:
        prefix = self.path
        return [
            re_path(rf"^{prefix}/$", ListingView.as_view(listing=self), name=f"{self.name}-list"),
            re_path(
                rf"^{prefix}/export\.(?P<format>csv|json)$",
                ExportView.as_view(listing=self),
                name=f"{self.name}-export",
            ),
            # The same CSV with a byte order mark, for Excel: without one it reads UTF-8 as
            # Windows-1252 ("ValparaÃ­so"); other tools would show the mark as a character.
            re_path(
                rf"^{prefix}/export-excel\.csv$",
                ExportView.as_view(listing=self, excel=True),
                {"format": "csv"},
                name=f"{self.name}-export-excel",
            ),
            re_path(
                rf"^{prefix}/feed\.atom$", FeedView.as_view(listing=self), name=f"{self.name}-feed"
            ),
        ]


class PageForm(forms.Form):
    """Which page of the results, and how many rows a page holds."""

    page = forms.IntegerField(label=_("Page"), min_value=1, required=False)
    page_size = forms.TypedChoiceField(
        label=_("Rows per page"),
        choices=[(size, size) for size in PAGE_SIZES],
        coerce=int,
        required=False,
    )


def filter_query(query: QueryDict) -> QueryDict:
    """The query string without its paging: what exports, feeds and the API are given."""
    query = query.copy()
    for name in PAGING:
        query.pop(name, None)
    return query


class ListingMixin(FilterMixin):
    listing: Listing = None

    def get_filterset_class(self):
        return self.listing.filterset_class

    def get_filterset_kwargs(self, filterset_class):
        # Always bound: an empty query is a valid one, and the facets need a valid filterset.
        return {
            "data": self.request.GET,
            "queryset": self.listing.queryset(),
            "request": self.request,
        }

    # Parameters besides the filters that the view takes: paging, which exports and feeds
    # ignore (a page's query string works unchanged on them).
    extra_parameters: tuple[str, ...] = PAGING

    def unknown_parameter_errors(self) -> list[dict]:
        allowed = [*self.listing.filterset_class.base_filters, *self.extra_parameters]
        return [
            {"name": name, "label": name, "messages": [message]}
            for name, message in unknown_parameters(self.request.GET, allowed).items()
        ]

    def error_list(self, *forms_) -> list[dict]:
        """Each invalid parameter with its label and messages, for the page or a 400 body;
        unknown parameters first."""
        errors = self.unknown_parameter_errors()
        for form in forms_:
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else name
                errors.append({"name": name, "label": label, "messages": list(messages)})
        return errors


class ListingView(caching.CachedPageMixin, ListingMixin, TemplateResponseMixin, View):
    """A model's list page: filter sidebar, chips, results, pagination, exports."""

    def get_template_names(self):
        opts = self.listing.model._meta
        return [f"{opts.app_label}/{opts.model_name}_list.html"]

    def get(self, request, *args, **kwargs):
        page = self.page(request, self.version)
        context = {"listing": self.listing, "page": page, **self.listing.extra_context}
        return self.render_to_response(context, status=page["status"])

    def page(self, request, version: str) -> dict:
        """What the template shows: the form, its errors, and for a valid query the results,
        chips, links and facets; `status` is 200, 400 (invalid) or 404 (no such page)."""
        filterset = self.get_filterset(self.get_filterset_class())
        page_form = PageForm(request.GET)
        valid = filterset.is_valid() and page_form.is_valid()
        errors = self.error_list(filterset.form, page_form)
        page = {
            "status": 400,
            "filter": filterset,
            "page_form": page_form,
            "facets": None,
            "chips": [],
            "errors": errors,
            "show": request.GET.get("show", ""),
            "facet_top": FACET_TOP,
        }
        if valid and not errors:
            page.update(self.results(filterset, page_form))
            page["status"] = 404 if page.get("missing_page") else 200
            page["q"] = filterset.form.cleaned_data.get("q")
            page["chips"] = chips(filterset, request.GET)
            page["links"] = self.links(request)
            if getattr(filterset, "facets", None):
                page["facets"] = facet_counts(filterset, version=version)
        elif getattr(filterset, "facets", None):
            # The sidebar keeps its widgets and counts, from the parameters that are valid;
            # the invalid ones are marked in their own fields.
            page["facets"] = self.facets_of_valid_parameters(filterset, version)
        if page["facets"]:
            page["facet_options"] = shown_options(page["facets"], page["show"])
        return page

    def facets_of_valid_parameters(self, filterset, version: str) -> dict | None:
        data = self.request.GET.copy()
        for name in filterset.form.errors:
            data.pop(name, None)
        valid = self.get_filterset_class()(
            data=data, queryset=self.listing.queryset(), request=self.request
        )
        return facet_counts(valid, version=version) if valid.is_valid() else None

    def results(self, filterset, page_form) -> dict:
        per_page = page_form.cleaned_data["page_size"] or self.listing.per_page
        paginator = Paginator(with_tiebreaker(filterset.qs), per_page)
        number = page_form.cleaned_data["page"] or 1
        if number > paginator.num_pages:
            return {"paginator": paginator, "missing_page": number, "object_list": []}
        page = paginator.page(number)
        return {
            "paginator": paginator,
            "page_obj": page,
            "object_list": page.object_list,
            "is_paginated": paginator.num_pages > 1,
            # The first and last pages and those around this one, the rest elided: an
            # unfiltered list of 100,000 programmes has 4,000 pages.
            "page_range": list(paginator.get_elided_page_range(number)),
        }

    def links(self, request) -> dict:
        query = filter_query(request.GET).urlencode()
        suffix = f"?{query}" if query else ""
        api = request.build_absolute_uri(self.listing.api_url() + suffix)
        return {
            "share": request.build_absolute_uri(request.path + suffix),
            "csv": self.listing.url("export", format="csv") + suffix,
            "csv_excel": self.listing.url("export-excel") + suffix,
            "json": self.listing.url("export", format="json") + suffix,
            "atom": self.listing.url("feed") + suffix,
            "api": api,
            "curl": f"curl -H 'Accept: application/json' '{api}'",
            "python": (
                "import json\nfrom urllib.request import urlopen\n\n"
                f"with urlopen({api!r}) as response:\n"
                "    data = json.load(response)\n"
            ),
        }


# Exports and feeds are gzipped when the client accepts it (a CSV of every programme shrinks
# about fourfold); they hold no secret, so BREACH has nothing to guess. Pages with forms are
# left uncompressed.
@method_decorator(gzip_page, name="dispatch")
class ExportView(DownloadThrottleMixin, ListingMixin, View):
    """The whole filtered set (no paging) as CSV or JSON, in the page's order.

    The CSV is the API's CSV of the same query: its serializer's fields, from `for_api()`;
    `excel` starts it with a byte order mark.
    """

    excel = False

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if self.kwargs["format"] == "csv":
            kwargs["queryset"] = with_tiebreaker(self.listing.model.objects.for_api())
        return kwargs

    def get(self, request, *args, format: str, **kwargs):
        filterset = self.get_filterset(self.get_filterset_class())
        errors = self.error_list(filterset.form)
        if errors:
            return JsonResponse({"errors": errors}, status=400)
        filename = f"diplohub-{self.listing.path}"
        rows = with_tiebreaker(filterset.qs)
        if format == "csv":
            serializer = self.listing.serializer_class(context={"request": request})
            records = exports.represented(rows, serializer)
            if self.excel:
                filename += "-excel"
            return exports.csv_response(list(serializer.fields), records, filename, bom=self.excel)
        return exports.json_response(rows, self.listing.columns, request, filename)


@method_decorator(gzip_page, name="dispatch")
@method_decorator(exports.feed_conditional, name="get")
class FeedView(DownloadThrottleMixin, ListingMixin, View):
    """An Atom feed of the filtered set, newest change first."""

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset(self.get_filterset_class())
        errors = self.error_list(filterset.form)
        if errors:
            body = json.dumps({"errors": errors}, default=str)
            return HttpResponse(body, status=400, content_type="application/json")
        query = filter_query(request.GET).urlencode()
        page = self.listing.url("list") + (f"?{query}" if query else "")
        return exports.atom_response(
            with_tiebreaker(filterset.qs.order_by("-modified")),  # ties in one order
            request,
            title=f"DiploHub: {self.listing.title}",
            link=page,
        )


def _key_and_text(filter_, form_field, item) -> tuple[str, str]:
    """A chosen value as written in the query string, and as shown to the reader."""
    if isinstance(item, Model):
        key = str(getattr(item, filter_.extra.get("to_field_name") or "pk"))
        text = getattr(item, "local_name", None) or str(item)  # a country in the reader's language
        return key, text
    if isinstance(item, datetime | date):
        return item.isoformat(), item.isoformat()
    choices = dict(getattr(form_field, "choices", ()) or ())
    return str(item), str(choices.get(item, item))


def chips(filterset, query: QueryDict) -> list[dict]:
    """Each active filter value, with the URL of the same query without it."""
    result = []
    for name, value in filterset.form.cleaned_data.items():
        filter_ = filterset.filters[name]
        # A switch (match all countries) is shown checked in its filter's facet.
        if name == "ordering" or not is_given(value) or getattr(filter_, "switches", False):
            continue
        form_field = filterset.form.fields[name]
        items = list(value) if isinstance(value, list | tuple | QuerySet) else [value]
        keys = [_key_and_text(filter_, form_field, item) for item in items]
        for key, text in keys:
            rest = [other for other, _ in keys if other != key]
            without = query.copy()
            without.pop("page", None)
            if rest:
                without.setlist(name, [",".join(rest)])
            else:
                without.pop(name, None)
            encoded = without.urlencode()
            result.append(
                {
                    "name": name,
                    "label": filter_.label,
                    "text": text,
                    "url": f"?{encoded}" if encoded else "?",
                }
            )
    return result


class RecordDetailView(caching.CachedPageMixin, DetailView):
    """A record's page, from its model's `for_detail()` queryset, cached as rendered.

    The same view gives the record's public history (`page="changes"`), and with
    `?as_of=` the record as it was at a time (catalogue.history.as_of_parameter).
    """

    page = "detail"  # or "changes"

    def get_template_names(self):
        # From the model, not the record (which DetailView would read to choose).
        if self.page == "changes":
            return ["catalogue/record_changes.html"]
        if self.as_of is not None:
            return ["catalogue/record_as_of.html"]
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}_detail.html"]

    def get_queryset(self):
        if self.page == "changes" or self.as_of is not None:
            return self.model.objects.all()  # what these pages show comes from the history
        return self.model.objects.for_detail()

    def dispatch(self, request, *args, **kwargs):
        """The page, or the record's citation when `?format=` or `Accept` asks for one
        (before the page cache: the page and its citations share the URL)."""
        fmt = None
        if self.page == "detail" and request.method in ("GET", "HEAD"):
            try:
                fmt = citations.requested_format(request)
            except ValueError as error:
                return TemplateResponse(
                    request, "catalogue/bad_parameter.html", {"message": error}, status=400
                )
        if fmt is not None:
            try:
                record = self.get_object(self.model.objects.all())
            except Http404:
                pass  # the page's own answer: a 404, a tombstone (410) or a redirect (301)
            else:
                return citations.citation_response(self.citation(record), fmt)
        response = super().dispatch(request, *args, **kwargs)
        if self.page == "detail":
            patch_vary_headers(response, ["Accept"])
        return response

    def citation(self, record) -> citations.Citation:
        url = self.request.build_absolute_uri(record.get_absolute_url())
        version = getattr(self, "catalogue", None) or catalogue_version()
        return citations.Citation.of(record, url, released=version.date)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.page == "detail" and self.as_of is None:
            context["citation"] = self.citation(self.object)
        if self.page == "changes":
            context["changes"] = history.record_changes(self.object)
        elif self.as_of is not None:
            context["as_of"] = self.as_of
            context["version"] = history.version_at(self.object, self.as_of)
        return context

    def get(self, request, *args, **kwargs):
        self.as_of = None
        if self.page == "detail" and history.AS_OF in request.GET:
            try:
                self.as_of = history.as_of_parameter(request.GET[history.AS_OF])
            except ValueError as error:
                return TemplateResponse(
                    request, "catalogue/as_of_error.html", {"message": error}, status=400
                )
        try:
            return super().get(request, *args, **kwargs)
        except history.NotYetExisting as error:
            return TemplateResponse(
                request, "catalogue/as_of_error.html", {"message": error}, status=404
            )
        except Http404:
            key = self.kwargs[self.slug_url_kwarg]
            former = self.model.objects.former(key)
            if isinstance(former, Tombstone):
                return TemplateResponse(request, "410.html", {"tombstone": former}, status=410)
            if former is None:
                raise
            # The record's id changed: its old address leads to the new one for good.
            return HttpResponsePermanentRedirect(former.get_absolute_url())
