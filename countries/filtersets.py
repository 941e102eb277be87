"""One FilterSet per model: the list pages and the API both filter through these."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from countries.models import City, Country
from diplohub.filters import (
    ModifiedSinceFilter,
    MultiValueWidget,
    NaturalKeyFilter,
    RegionFilter,
    SearchFilter,
)
from initiatives.models import Pillar


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
    ordering = filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("iso2", "iso2"),
            ("programme_count", "programmes"),
            ("modified", "modified"),
        ),
        label=_("Sort by"),
    )

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
        label=_("Country (ISO alpha-2)"),
    )
    region = RegionFilter(country_path="country")
    kind = filters.MultipleChoiceFilter(
        choices=City.Kind.choices, label=_("Kind"), widget=MultiValueWidget(), distinct=False
    )
    modified_since = ModifiedSinceFilter()
    ordering = filters.OrderingFilter(
        fields=(("name", "name"), ("programme_count", "programmes"), ("modified", "modified")),
        label=_("Sort by"),
    )

    class Meta:
        model = City
        fields = []
