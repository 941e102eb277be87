"""Pages of countries and cities: each a configured `Listing` and a detail page."""

from catalogue import exports
from catalogue.listing import Listing, RecordDetailView
from catalogue.models.pillars import group_by_pillar
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


class CountryDetailView(RecordDetailView):
    """A country by its ISO alpha-2 code, in either case (`/countries/mx/`, `/countries/MX/`)."""

    model = Country
    slug_field = "iso2"
    slug_url_kwarg = "iso2"

    def get_object(self, queryset=None):
        self.kwargs["iso2"] = self.kwargs["iso2"].upper()
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        grouped = group_by_pillar(self.object.programmes.all())
        return super().get_context_data(programmes_by_pillar=grouped, **kwargs)


class CityDetailView(RecordDetailView):
    model = City
