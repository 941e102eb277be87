from django.contrib import admin

from catalogue.admin import DocumentedAdmin
from countries.models import City, Country


@admin.register(Country)
class CountryAdmin(DocumentedAdmin):
    list_display = ["name", "iso2", "iso3", "region", "subregion"]
    list_filter = ["region", "subregion"]
    search_fields = ["name", "iso2", "iso3"]


@admin.register(City)
class CityAdmin(DocumentedAdmin):
    list_display = ["name", "country", "kind", "latitude", "longitude"]
    list_filter = ["kind", "country__region", "country"]
    search_fields = ["name", "slug", "country__name"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["country"]
