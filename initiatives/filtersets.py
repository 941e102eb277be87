"""One FilterSet per model: the list pages and the API both filter through these."""

from operator import attrgetter

from django import forms
from django.db.models import Exists, F, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from catalogue.facets import Facet, FacetOrder
from catalogue.filters import (
    MAX_CONJOINED_VALUES,
    CatalogueOrdering,
    ChoicesFilter,
    MatchFilter,
    ModifiedSinceFilter,
    MultiValueCheckboxes,
    NaturalKeyFilter,
    SearchFilter,
    StrictIntegerFilter,
)
from catalogue.models import Pillar
from countries.filtersets import RegionFilter
from countries.models import City, Country
from initiatives.models import Change, Institution, Programme, ProgrammePillar

YEAR_FIELD = {"min_value": 1000, "max_value": 2100}
NO_PILLAR = "none"
PILLAR_BASIS_CHOICES = [
    (ProgrammePillar.BasisKind.EXAMPLE.value, _("The paper's example of a pillar")),
    (ProgrammePillar.BasisKind.DEFINITION.value, _("Placed by the paper's definition")),
    (NO_PILLAR, _("No pillar")),
]


def city_filter(field_name):
    return NaturalKeyFilter(
        field_name=field_name,
        queryset=City.objects.all(),
        label=_("City"),
        name_field="name",
        as_text=True,
        error_messages={
            "invalid_choice": _(
                "Unknown city: %(value)s. Give its name (Mexico City) or the end of its "
                "address (mexico-city), as listed under Cities and places."
            )
        },
    )


def institution_filter(field_name, label):
    return NaturalKeyFilter(
        field_name=field_name,
        queryset=Institution.objects.all(),
        label=label,
        name_field="name",
        as_text=True,
        error_messages={
            "invalid_choice": _(
                "Unknown institution: %(value)s. Give its full name or the end of its "
                "address (e.g. amexcid), as listed under Institutions."
            )
        },
    )


def country_filter(field_name, **kwargs):
    return NaturalKeyFilter(
        field_name=field_name,
        queryset=Country.objects.all(),
        key="iso2",
        normalise=str.upper,
        label=kwargs.pop("label", _("Country")),
        **kwargs,
    )


class ProgrammeFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        # A conjunction of many countries is refused, as `all_countries` refuses it.
        chosen = data.get("country") or []
        if data.get("country_match") == MatchFilter.ALL and len(chosen) > MAX_CONJOINED_VALUES:
            self.add_error(
                "country",
                _("At most %(max)d countries that must all take part, not %(count)d.")
                % {"max": MAX_CONJOINED_VALUES, "count": len(chosen)},
            )
        return data


class ProgrammeFilterSet(filters.FilterSet):
    q = SearchFilter()
    country = country_filter(
        "countries",
        conjoined_by="country_match",
        help_text=_("Any of these countries (all of them with country_match=all)."),
    )
    # The page's "match all selected countries" checkbox; the API may also give
    # `all_countries`, its own list that must all take part.
    country_match = MatchFilter(label=_("Match all selected countries"))
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
    city = city_filter("cities")
    pillar = NaturalKeyFilter(
        field_name="pillars", queryset=Pillar.objects.all(), label=_("Pillar")
    )
    pillar_basis = filters.MultipleChoiceFilter(
        choices=PILLAR_BASIS_CHOICES,
        method="filter_pillar_basis",
        label=_("Basis of the pillar"),
        help_text=_(
            "example: the paper presents the programme as an example of a pillar; definition: "
            "placed in a pillar by the paper's definition of it (a curator's reading); none: in "
            "no pillar. With `pillar`, the programme is in that pillar and has a placement of "
            "this kind."
        ),
        widget=MultiValueCheckboxes(),
    )
    pillar__n = NaturalKeyFilter(
        field_name="pillars",
        queryset=Pillar.objects.all(),
        exclude=True,
        label=_("None of these pillars"),
    )
    institution = institution_filter("institutions", _("Institution"))
    kind = ChoicesFilter(
        choices=Programme.Kind.choices,
        label=_("Kind"),
    )
    kind__n = ChoicesFilter(
        field_name="kind",
        choices=Programme.Kind.choices,
        exclude=True,
        label=_("None of these kinds"),
    )
    status = ChoicesFilter(
        choices=Programme.Status.choices,
        label=_("Status"),
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
    ordering = CatalogueOrdering(
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
        "pillar": Facet(
            values=("pillars__slug",), label=attrgetter("local_name"), order=FacetOrder.CHOICES
        ),
        # A programme in no pillar has no link: it counts under "none", as the filter selects.
        "pillar_basis": Facet(
            values=(Coalesce("pillar_links__basis_kind", Value(NO_PILLAR)),),
            order=FacetOrder.CHOICES,
        ),
        "country": Facet(values=("countries__iso2",), label=attrgetter("local_name")),
        "region": Facet(values=("countries__region", "countries__subregion")),
        "city": Facet(values=("cities__slug",)),
        "institution": Facet(values=("institutions__slug",)),
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
        form = ProgrammeFilterForm

    def filter_pillar_basis(self, queryset, name, value):
        # Subqueries, not joins: a programme with two placements is still one row.
        kinds = [kind for kind in value if kind != NO_PILLAR]
        links = ProgrammePillar.objects.filter(programme=OuterRef("pk"))
        condition = Q(Exists(links.filter(basis_kind__in=kinds)))
        if NO_PILLAR in value:
            condition |= ~Q(Exists(links))
        return queryset.filter(condition)

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
    city = city_filter("city")
    kind = ChoicesFilter(
        choices=Institution.Kind.choices,
        label=_("Kind"),
    )
    kind__n = ChoicesFilter(
        field_name="kind",
        choices=Institution.Kind.choices,
        exclude=True,
        label=_("None of these kinds"),
    )
    parent = institution_filter("parent", _("Parent institution"))
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
    ordering = CatalogueOrdering(
        fields=(
            ("name", "name"),
            ("acronym", "acronym"),
            ("kind", "kind"),
            ("founded_year", "founded_year"),
            ("modified", "modified"),
        ),
        text_fields=("name", "acronym"),
        label=_("Sort by"),
    )

    facets = {
        "country": Facet(values=("country__iso2",), label=attrgetter("local_name")),
        "region": Facet(values=("country__region", "country__subregion")),
        "city": Facet(values=("city__slug",)),
        "kind": Facet(values=("kind",)),
        "pillar": Facet(
            values=("programmes__pillars__slug",),
            label=attrgetter("local_name"),
            order=FacetOrder.CHOICES,
        ),
    }

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
    type = ChoicesFilter(
        choices=[(name, name) for name in Change.TYPES],
        label=_("Record type"),
    )
    kind = ChoicesFilter(
        choices=Change.Kind.choices,
        label=_("Kind of change"),
    )

    class Meta:
        model = Change
        fields = []
