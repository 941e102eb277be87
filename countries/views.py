"""Pages of countries and cities: each a configured `Listing` and a detail page."""

from catalogue import exports
from catalogue.listing import Listing, RecordDetailView
from countries.api.serializers import CitySerializer, CountrySerializer
from countries.filtersets import CityFilterSet, CountryFilterSet
from countries.models import City, Country

countries = Listing(
    model=Country,
    filterset_class=CountryFilterSet,
    name="country",
    path="countries",
    row_template="countries/_country_row.html",
    serializer_class=CountrySerializer,
    columns=exports.COUNTRY_COLUMNS,
    per_page=100,
)
cities = Listing(
    model=City,
    filterset_class=CityFilterSet,
    name="city",
    path="cities",
    row_template="countries/_city_row.html",
    serializer_class=CitySerializer,
    columns=exports.CITY_COLUMNS,
    per_page=100,
)


class CityDetailView(RecordDetailView):
    model = City
