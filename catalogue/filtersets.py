"""FilterSets of the paper's pillars and footnotes: the list pages and the API filter through
these."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from catalogue.filters import (
    CatalogueOrdering,
    ModifiedSinceFilter,
    SearchFilter,
    StrictIntegerFilter,
)
from catalogue.models import Pillar, Reference

YEAR_FIELD = {"min_value": 1000, "max_value": 2100}


class PillarFilterSet(filters.FilterSet):
    modified_since = ModifiedSinceFilter()

    class Meta:
        model = Pillar
        fields = []


class ReferenceFilterSet(filters.FilterSet):
    q = SearchFilter()
    year = StrictIntegerFilter(field_name="year", label=_("Year"), **YEAR_FIELD)
    modified_since = ModifiedSinceFilter()
    ordering = CatalogueOrdering(
        fields=(("number", "number"), ("year", "year"), ("modified", "modified")),
        default="number",
        label=_("Sort by"),
    )

    class Meta:
        model = Reference
        fields = []
