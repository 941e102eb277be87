from django.urls import path

from countries import views

app_name = "countries"

urlpatterns = [
    *views.countries.urls(),
    # A country's page, its brief, spans programmes and institutions: explore serves it.
    *views.cities.urls(),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
]
