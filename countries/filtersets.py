"""One FilterSet per model: the list pages and the API both filter through these."""

from operator import attrgetter

from django.db.models import Case, IntegerField, Q, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from catalogue.facets import Facet, FacetOrder
from catalogue.filters import (
    CatalogueOrdering,
    ChoicesFilter,
    ModifiedSinceFilter,
    NaturalKeyFilter,
    SearchFilter,
)
from catalogue.models import Pillar
from catalogue.search import fold
from countries.models import City, Country, Region, SubRegion
from countries.names import local_name

REGION_CHOICES = [*Region.choices, *SubRegion.choices]


class RegionFilter(filters.ChoiceFilter):
    """A UN M49 region or sub-region, through the given path to a country."""

    def __init__(self, *args, country_path="country", **kwargs):
        kwargs.setdefault("choices", REGION_CHOICES)
        kwargs.setdefault("label", _("Region"))
        super().__init__(*args, **kwargs)
        self.country_path = country_path

    def filter(self, qs, value):
        if not value:
            return qs
        prefix = f"{self.country_path}__" if self.country_path else ""
        condition = Q(**{f"{prefix}region": value}) | Q(**{f"{prefix}subregion": value})
        return qs.filter(pk__in=qs.model._default_manager.filter(condition).values("pk"))


class CountryOrdering(CatalogueOrdering):
    """Countries by name in the reader's language: on the Spanish site "Alemania" comes
    before "Argentina", whatever the English names' order.

    The database knows only the English names, so one query reads the filtered countries'
    names (a few hundred at most), Python sorts them translated, and the database is given
    each country's position: pages, exports and the API keep one order, in a fixed number
    of queries.
    """

    def filter(self, qs, value):
        param = value[0] if value else self.default
        language = translation.get_language() or "en"
        if param.removeprefix("-") != "name" or language.startswith("en"):
            return super().filter(qs, value)
        names = qs.order_by().values_list("pk", "name")
        ordered = sorted(
            names, key=lambda row: fold(local_name(row[1])), reverse=param.startswith("-")
        )
        position = Case(
            *(When(pk=pk, then=index) for index, (pk, _name) in enumerate(ordered)),
            default=len(ordered),
            output_field=IntegerField(),
        )
        return qs.order_by(position, "iso2")


class CountryFilterSet(filters.FilterSet):
    q = SearchFilter()
    region = RegionFilter(country_path="")
    pillar = NaturalKeyFilter(
        field_name="programmes__pillars",
        queryset=Pillar.objects.all(),
        label=_("Pillar"),
        help_text=_("Countries with programmes in any of these pillars."),
    )
    modified_since = ModifiedSinceFilter()
    ordering = CountryOrdering(
        fields=(
            ("name", "name"),
            ("iso2", "iso2"),
            ("programme_count", "programmes"),
            ("modified", "modified"),
        ),
        label=_("Sort by"),
    )

    facets = {
        "region": Facet(values=("region", "subregion")),
        "pillar": Facet(
            values=("programmes__pillars__slug",),
            label=attrgetter("local_name"),
            order=FacetOrder.CHOICES,
        ),
    }

    class Meta:
        model = Country
        fields = []


class CityFilterSet(filters.FilterSet):
    q = SearchFilter()
    country = NaturalKeyFilter(
        field_name="country",
        queryset=Country.objects.all(),
        key="iso2",
        normalise=str.upper,
        label=_("Country"),
    )
    country__n = NaturalKeyFilter(
        field_name="country",
        queryset=Country.objects.all(),
        key="iso2",
        normalise=str.upper,
        exclude=True,
        label=_("None of these countries"),
        as_text=True,
    )
    region = RegionFilter(country_path="country")
    kind = ChoicesFilter(choices=City.Kind.choices, label=_("Kind"))
    kind__n = ChoicesFilter(
        field_name="kind",
        choices=City.Kind.choices,
        exclude=True,
        label=_("None of these kinds"),
    )
    modified_since = ModifiedSinceFilter()
    ordering = CatalogueOrdering(
        fields=(("name", "name"), ("programme_count", "programmes"), ("modified", "modified")),
        label=_("Sort by"),
    )

    facets = {
        "country": Facet(values=("country__iso2",), label=attrgetter("local_name")),
        "region": Facet(values=("country__region", "country__subregion")),
        "kind": Facet(values=("kind",)),
    }

    class Meta:
        model = City
        fields = []
