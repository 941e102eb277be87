from django.urls import path, re_path

from corrections.views import SuggestCorrectionView
from countries import views
from countries.models import City, Country

app_name = "countries"

urlpatterns = [
    *views.countries.urls(),
    # A country's page, its brief, spans programmes and institutions: explore serves it.
    *views.cities.urls(),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path(
        "cities/<slug:slug>/correction/",
        SuggestCorrectionView.as_view(model=City),
        name="city-correction",
    ),
    re_path(
        r"^countries/(?P<iso2>[A-Za-z]{2})/correction/$",
        SuggestCorrectionView.as_view(model=Country, slug_field="iso2", slug_url_kwarg="iso2"),
        name="country-correction",
    ),
    path(
        "cities/<slug:slug>/changes/",
        views.CityDetailView.as_view(page="changes"),
        name="city-changes",
    ),
]
