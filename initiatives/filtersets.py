"""One FilterSet per model: the list pages and the API both filter through these."""

from operator import attrgetter

from django.db.models import F, IntegerField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from catalogue.facets import Facet, FacetOrder
from catalogue.filters import (
    ModifiedSinceFilter,
    MultiValueCheckboxes,
    NaturalKeyFilter,
    SearchFilter,
    StrictIntegerFilter,
)
from catalogue.models import Pillar
from countries.filtersets import RegionFilter
from countries.models import City, Country
from initiatives.models import Change, Institution, Programme

YEAR_FIELD = {"min_value": 1000, "max_value": 2100}


def country_filter(field_name, **kwargs):
    return NaturalKeyFilter(
        field_name=field_name,
        queryset=Country.objects.all(),
        key="iso2",
        normalise=str.upper,
        label=kwargs.pop("label", _("Country (ISO alpha-2)")),
        **kwargs,
    )


class ProgrammeFilterSet(filters.FilterSet):
    q = SearchFilter()
    country = country_filter("countries", help_text=_("Any of these countries."))
    all_countries = country_filter(
        "countries",
        conjoined=True,
        label=_("All of these countries"),
        help_text=_("Programmes that involve every listed country: ISO codes, e.g. MX,CL."),
        as_text=True,  # a 249-option select would cost more to render than the results
    )
    country__n = country_filter(
        "countries",
        exclude=True,
        label=_("None of these countries"),
        help_text=_("Programmes that involve none of the listed countries."),
        as_text=True,
    )
    region = RegionFilter(country_path="countries")
    city = NaturalKeyFilter(
        field_name="cities", queryset=City.objects.all(), label=_("City"), as_text=True
    )
    pillar = NaturalKeyFilter(
        field_name="pillars", queryset=Pillar.objects.all(), label=_("Pillar")
    )
    pillar__n = NaturalKeyFilter(
        field_name="pillars",
        queryset=Pillar.objects.all(),
        exclude=True,
        label=_("None of these pillars"),
    )
    institution = NaturalKeyFilter(
        field_name="institutions",
        queryset=Institution.objects.all(),
        label=_("Institution"),
        as_text=True,
    )
    # MultiValueCheckboxes: `kind=fund,network` like the key filters, and `kind=` means any kind.
    # A condition on the programme's own column never repeats a row: no DISTINCT.
    kind = filters.MultipleChoiceFilter(
        choices=Programme.Kind.choices,
        label=_("Kind"),
        widget=MultiValueCheckboxes(),
        distinct=False,
    )
    kind__n = filters.MultipleChoiceFilter(
        field_name="kind",
        choices=Programme.Kind.choices,
        exclude=True,
        label=_("None of these kinds"),
        widget=MultiValueCheckboxes(),
        distinct=False,
    )
    status = filters.MultipleChoiceFilter(
        choices=Programme.Status.choices,
        label=_("Status"),
        widget=MultiValueCheckboxes(),
        distinct=False,
    )
    start_year__gte = StrictIntegerFilter(
        field_name="start_year", lookup_expr="gte", label=_("Started in or after"), **YEAR_FIELD
    )
    start_year__lte = StrictIntegerFilter(
        field_name="start_year", lookup_expr="lte", label=_("Started in or before"), **YEAR_FIELD
    )
    year = StrictIntegerFilter(method="filter_year", label=_("Active in year"), **YEAR_FIELD)
    decade = StrictIntegerFilter(
        method="filter_decade",
        label=_("Started in the decade"),
        help_text=_("The decade's first year, e.g. 1950."),
        step_size=10,
        **YEAR_FIELD,
    )
    modified_since = ModifiedSinceFilter()
    ordering = filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("start_year", "start_year"),
            ("end_year", "end_year"),
            ("kind", "kind"),
            ("status", "status"),
            ("modified", "modified"),
        ),
        label=_("Sort by"),
    )

    # The filters shown with a count per value (catalogue.facets): each reads its values
    # through these paths, as the filter of the same name selects them.
    facets = {
        "pillar": Facet(values=("pillars__slug",), order=FacetOrder.CHOICES),
        "country": Facet(values=("countries__iso2",), label=attrgetter("local_name")),
        "region": Facet(values=("countries__region", "countries__subregion")),
        "kind": Facet(values=("kind",)),
        "status": Facet(values=("status",)),
        "decade": Facet(
            values=(Cast(F("start_year") / 10, IntegerField()) * 10,),
            label="{}s".format,
            order=FacetOrder.VALUE,
        ),
    }

    class Meta:
        model = Programme
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.active_in(value)

    def filter_decade(self, queryset, name, value):
        return queryset.filter(start_year__gte=value, start_year__lte=value + 9)


class InstitutionFilterSet(filters.FilterSet):
    q = SearchFilter()
    country = country_filter("country")
    country__n = country_filter(
        "country", exclude=True, label=_("None of these countries"), as_text=True
    )
    region = RegionFilter(country_path="country")
    city = NaturalKeyFilter(
        field_name="city", queryset=City.objects.all(), label=_("City"), as_text=True
    )
    kind = filters.MultipleChoiceFilter(
        choices=Institution.Kind.choices,
        label=_("Kind"),
        widget=MultiValueCheckboxes(),
        distinct=False,
    )
    kind__n = filters.MultipleChoiceFilter(
        field_name="kind",
        choices=Institution.Kind.choices,
        exclude=True,
        label=_("None of these kinds"),
        widget=MultiValueCheckboxes(),
        distinct=False,
    )
    parent = NaturalKeyFilter(
        field_name="parent",
        queryset=Institution.objects.all(),
        label=_("Parent institution"),
        as_text=True,
    )
    pillar = NaturalKeyFilter(
        field_name="programmes__pillars", queryset=Pillar.objects.all(), label=_("Pillar")
    )
    pillar__n = NaturalKeyFilter(
        field_name="programmes__pillars",
        queryset=Pillar.objects.all(),
        exclude=True,
        label=_("None of these pillars"),
    )
    modified_since = ModifiedSinceFilter()
    ordering = filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("acronym", "acronym"),
            ("kind", "kind"),
            ("founded_year", "founded_year"),
            ("modified", "modified"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Institution
        fields = []


class ChangeFilterSet(filters.FilterSet):
    """`since` (when) and `type` (which resources) for the changes a mirror replays."""

    since = ModifiedSinceFilter(
        field_name="time",
        label=_("Since (ISO 8601)"),
        help_text=_("Changes at or after this time, e.g. 2026-01-01T00:00:00Z."),
    )
    type = filters.MultipleChoiceFilter(
        choices=[(name, name) for name in Change.TYPES],
        label=_("Record type"),
        widget=MultiValueCheckboxes(),
        distinct=False,
    )
    kind = filters.MultipleChoiceFilter(
        choices=Change.Kind.choices,
        label=_("Kind of change"),
        widget=MultiValueCheckboxes(),
        distinct=False,
    )

    class Meta:
        model = Change
        fields = []
