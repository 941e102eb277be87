"""API endpoints for countries and cities: list and detail for all, writes with a token."""

from catalogue.api.views import CatalogueViewSet
from countries.api.serializers import CitySerializer, CountrySerializer
from countries.filtersets import CityFilterSet, CountryFilterSet
from countries.models import City, Country


class CountryViewSet(CatalogueViewSet):
    """Countries the paper names, addressed by ISO 3166-1 alpha-2 code (`mx` or `MX`)."""

    queryset = Country.objects.for_api()
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    lookup_value_regex = "[A-Za-z0-9]{2}"  # letters by rule; a stray digit must not break lists

    def normalise_id(self, value: str) -> str:
        return value.upper()


class CityViewSet(CatalogueViewSet):
    """Cities, regions and places the paper names as sites of science diplomacy."""

    queryset = City.objects.for_api()
    serializer_class = CitySerializer
    filterset_class = CityFilterSet
    lookup_value_regex = "[-a-zA-Z0-9_]+"
