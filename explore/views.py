"""Pages that span the apps: home, search, compare, timeline, map and the country brief."""

import csv
from functools import partial

from django import forms
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.decorators.gzip import gzip_page
from django.views.generic import TemplateView

from catalogue.caching import CachedPageMixin, cached
from catalogue.dataset import licence_link_header
from catalogue.filters import MultiValueWidget, NaturalKeyField
from catalogue.listing import ListingMixin, RecordDetailView, filter_query
from catalogue.models import Evidence, Pillar, Reference
from catalogue.models.pillars import group_by_pillar
from catalogue.version import catalogue_version
from countries.models import City, Country
from countries.names import by_local_name
from explore.maps import locator_map, network_picture, world_map
from explore.timeline import timeline
from initiatives.models import Institution, Programme
from initiatives.selectors import (
    compare_countries,
    comparison_table,
    cooperation_network,
    country_brief,
    dated_programmes,
    pillar_region_matrix,
    programme_counts_by_country,
)
from initiatives.views import programmes as programme_listing


def mapped_cities():
    """The cities and places the map can mark: those with coordinates."""
    return City.objects.select_related("country").exclude(latitude=None)


def home_pictures() -> dict:
    """What the home page shows of the whole catalogue: counts, pillars, map and matrix."""
    return {
        "counts": {
            "programmes": Programme.objects.count(),
            "institutions": Institution.objects.count(),
            "countries": Country.objects.count(),
            "cities": City.objects.count(),
            "references": Reference.objects.count(),
            "passages": Evidence.objects.count(),
        },
        "pillars": list(Pillar.objects.for_listing()),
        "map": world_map(Country.objects.for_listing(), mapped_cities()),
        "matrix": pillar_region_matrix(),
    }


def map_pictures(programmes=None, *, min_shared: int = 1) -> dict:
    """The world map, its list and the cooperation network, of all programmes or of the
    filtered ones."""
    if programmes is None:
        countries = list(Country.objects.for_listing().order_by("-programme_count", "name"))
        cities = mapped_cities()
    else:
        countries = programme_counts_by_country(programmes)
        cities = mapped_cities().filter(programmes__in=programmes.order_by().values("pk"))
    return {
        "map": world_map(countries, cities),
        "countries": [country for country in countries if country.programme_count],
        "network": network_picture(cooperation_network(programmes, min_shared=min_shared)),
    }


# What the home page suggests searching for: a programme, a city written with its accent (as
# "Sao Paulo" finds it too) and a word; each finds records in the paper's catalogue (tested).
SEARCH_EXAMPLES = ("Newton Fund", "São Paulo", "fellowship")


class HomeView(TemplateView):
    """What a reader can do here, in one screen: search, the pillars, the map, the ways in."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            search_examples=SEARCH_EXAMPLES, **cached("home", home_pictures), **kwargs
        )


class AboutView(CachedPageMixin, TemplateView):
    """What the catalogue is, how it was built from the paper, how to cite it and its
    records, its licence, and how to report an error."""

    template_name = "about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            catalogue=self.catalogue,
            example=Programme.objects.order_by("name").first(),
            **cached("home", home_pictures, version=self.version),
            **kwargs,
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("noun", "Search"), max_length=200, required=False)


# What the search page looks through, in the order its ties are shown.
SEARCHED = (
    (Programme, "initiatives:programme-list"),
    (Institution, "initiatives:institution-list"),
    (Country, "countries:country-list"),
    (City, "countries:city-list"),
    (Pillar, "initiatives:pillar-list"),
    (Reference, "initiatives:reference-list"),
)
PER_TYPE = 25


class SearchView(CachedPageMixin, TemplateView):
    """One search across every record type, best matches first, matched words marked."""

    template_name = "search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        context = self.get_context_data(form=form, search_query=request.GET.get("q", ""))
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        q = form.cleaned_data["q"].strip()
        if q:
            context["q"] = q
            context["found"] = self.search(q)
        return self.render_to_response(context)

    def search(self, q: str) -> dict:
        found = self.matches(q, near=False)
        if not found["results"]:
            # No record holds the words: perhaps they are mistyped ("diplomcy"); offer the
            # names that come close, saying so.
            found = self.matches(q, near=True)
        return found

    def matches(self, q: str, *, near: bool) -> dict:
        results, groups = [], []
        for model, list_url in SEARCHED:
            # One query per type: a result shows the record's own fields only, so none of
            # `for_listing()`'s counts and links; one more than shown tells if there are more.
            records = model.objects.near_matches if near else model.objects.best_matches
            found = list(records(q, PER_TYPE + 1))
            more = len(found) > PER_TYPE
            found = found[:PER_TYPE]
            count = len(found)
            name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            groups.append(
                {
                    "label": model._meta.verbose_name_plural,
                    "name": name,
                    "count": count,
                    "more": more,
                    "url": list_url,
                }
            )
            results.extend({"record": record, "type": model._meta.verbose_name} for record in found)
        # Exact names first, then names holding every word, then by rank, across the types.
        results.sort(
            key=lambda result: (-result["record"].name_match, -result["record"].search_rank)
        )
        return {
            "q": q,
            "results": results,
            "groups": groups,
            "matched": [group for group in groups if group["count"]],
            "near": near,
            "more": any(group["more"] for group in groups),
        }


class CompareForm(forms.Form):
    """Up to four countries; fewer than two is not an error but a comparison still to build
    (a country page links here with its own country chosen)."""

    MAX = 4

    countries = NaturalKeyField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        to_field_name="iso2",
        required=False,
        widget=MultiValueWidget(normalise=str.upper),
        error_messages={"invalid_choice": _("Unknown country code: %(value)s.")},
    )

    def clean_countries(self):
        countries = self.cleaned_data["countries"]
        if len(countries) > self.MAX:
            raise forms.ValidationError(_("Choose two to four countries."))
        # In the order chosen, which is the order of the table's columns.
        order = {code: index for index, code in enumerate(self["countries"].data)}
        return sorted(countries, key=lambda country: order.get(country.iso2, 0))


class CompareView(TemplateView):
    """Two to four countries side by side, by pillar (`?countries=MX,CL,BR`)."""

    template_name = "compare.html"

    def get(self, request, *args, **kwargs):
        form = CompareForm(request.GET)
        chosen = form["countries"].data
        context = self.get_context_data(
            form=form,
            all_countries=by_local_name(Country.objects.only("iso2", "name")),
            slots=(chosen + [""] * CompareForm.MAX)[: CompareForm.MAX],
        )
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        countries = form.cleaned_data["countries"]
        if len(countries) < 2:
            context["chosen"] = countries
            return self.render_to_response(context)
        context["comparison"] = compare_countries(countries)
        context["pair_codes"] = ",".join(country.iso2 for country in countries)
        return self.render_to_response(context)


@method_decorator(gzip_page, name="dispatch")  # an export: no secret in it (see ExportView)
class CompareExportView(View):
    """The comparison's table as CSV (`/compare/export.csv?countries=MX,CL`): a row per
    figure, a column per country, in the order chosen."""

    def get(self, request, *args, **kwargs):
        form = CompareForm(request.GET)
        if form.is_valid() and len(form.cleaned_data["countries"]) < 2:
            form.add_error("countries", _("Choose two to four countries."))
        if not form.is_valid():
            messages = [str(error) for error in form.errors.get("countries", [])]
            return HttpResponseBadRequest(
                " ".join(messages), content_type="text/plain; charset=utf-8"
            )
        chosen = form["countries"].data
        order = {code: index for index, code in enumerate(chosen)}
        countries = sorted(form.cleaned_data["countries"], key=lambda c: order.get(c.iso2, 0))
        version = catalogue_version().token
        table = comparison_table(
            [country_brief(country=country, version=version) for country in countries]
        )
        codes = [country.iso2 for country in countries]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="compare-{"-".join(codes)}.csv"'
        response["Link"] = licence_link_header()
        writer = csv.writer(response)
        writer.writerow([_("Section"), _("Figure"), *codes])
        for section in table:
            for row in section["rows"]:
                writer.writerow(
                    [section["title"], row["label"], *(c["count"] for c in row["cells"])]
                )
        return response


class ProgrammeFiltersMixin(CachedPageMixin, ListingMixin):
    """A picture of the programmes that filters them as the programme list and the API do:
    the same FilterSet, the same parameters, the same 400 for a bad one. `form_fields` are
    the filters the page offers in its form; any other works in the address."""

    listing = programme_listing
    form_fields: tuple[str, ...] = ()
    extra_parameters: tuple[str, ...] = ()

    def get_filterset_kwargs(self, filterset_class):
        # The pictures read their own fields: none of the list's counts and links.
        return {"data": self.request.GET, "queryset": Programme.objects.all()}

    def filtered(self, *forms_):
        """The filterset, the errors of every form, and whether the query filters at all."""
        filterset = self.get_filterset(self.get_filterset_class())
        filterset.is_valid()
        errors = self.error_list(filterset.form, *forms_)
        return filterset, errors, bool(filter_query(self.request.GET))

    def form_context(self, filterset, errors) -> dict:
        return {
            "filter_fields": [filterset.form[name] for name in self.form_fields],
            "errors": errors,
        }


class TimelineView(ProgrammeFiltersMixin, TemplateView):
    """The dated programmes on a time axis, earliest first: the first `ROWS` of them, as a
    picture of thousands would be unreadable (the programme list orders them all by year).
    Filtered as the programme list is (`/timeline/?country=MX&pillar=...`)."""

    template_name = "timeline.html"
    ROWS = 300
    form_fields = ("country", "pillar")

    def get(self, request, *args, **kwargs):
        filterset, errors, filtering = self.filtered()
        context = self.get_context_data(filtering=filtering, **self.form_context(filterset, errors))
        if errors:
            return self.render_to_response(context, status=400)
        programmes = filterset.qs
        dated = dated_programmes(programmes)
        context.update(
            timeline=timeline(dated[: self.ROWS]),
            dated_count=dated.count(),
            total_count=programmes.count(),
            list_query=request.GET.urlencode(),
        )
        return self.render_to_response(context)


class NetworkForm(forms.Form):
    """What the network shows besides the programme filters: the pairs that share at least
    so many programmes."""

    min_shared = forms.IntegerField(
        label=_("Pairs sharing at least"),
        help_text=_("programmes (1 shows every pair)"),
        min_value=1,
        max_value=1000,
        required=False,
    )


class MapView(ProgrammeFiltersMixin, TemplateView):
    """The world map, the list it shows, and the cooperation network, of every programme or
    of those the programme list's filters keep (`/map/?pillar=...&kind=...&region=...`)."""

    template_name = "map.html"
    form_fields = ("region", "pillar", "kind")
    extra_parameters = ("min_shared",)

    def get(self, request, *args, **kwargs):
        network_form = NetworkForm(request.GET)
        filterset, errors, filtering = self.filtered(network_form)
        context = self.get_context_data(
            filtering=filtering,
            network_form=network_form,
            **self.form_context(filterset, errors),
        )
        if errors:
            return self.render_to_response(context, status=400)
        min_shared = network_form.cleaned_data["min_shared"] or 1
        query = filter_query(request.GET)
        query.pop("min_shared", None)
        if query:
            pictures = map_pictures(filterset.qs, min_shared=min_shared)
        else:  # the whole catalogue's pictures, shared by every page that shows them
            pictures = cached(
                f"map:{min_shared}",
                partial(map_pictures, min_shared=min_shared),
                version=self.version,
            )
        context.update(pictures, pair_query=query.urlencode(), min_shared=min_shared)
        return self.render_to_response(context)


class CountryBriefView(RecordDetailView):
    """A country's brief: its figures, partners and lists (`/countries/mx/` or `/MX/`)."""

    model = Country
    slug_field = "iso2"
    slug_url_kwarg = "iso2"

    def get_object(self, queryset=None):
        self.kwargs["iso2"] = self.kwargs["iso2"].upper()
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        if self.page != "detail" or self.as_of is not None:
            return super().get_context_data(**kwargs)  # its history: no brief
        programmes = self.object.programmes.all()
        dated = sorted(
            (p for p in programmes if p.start_year is not None),
            key=lambda p: (p.start_year, p.end_year or p.start_year, p.name),
        )
        return super().get_context_data(
            brief=country_brief(country=self.object, version=self.version),
            programmes_by_pillar=group_by_pillar(programmes),
            timeline=timeline(dated, chars=50, width=640),
            locator=locator_map(country=self.object, cities=self.object.cities.all()),
            catalogue_date=self.catalogue.date,
            **kwargs,
        )
