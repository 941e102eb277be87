"""Pages that span apps: home, search, compare, timeline, map."""

from django.urls import path, re_path

from explore import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("compare/export.csv", views.CompareExportView.as_view(), name="compare-export"),
    # Two letters in either case: /countries/mx/ and /countries/MX/ are the same page.
    re_path(
        r"^countries/(?P<iso2>[A-Za-z]{2})/$",
        views.CountryBriefView.as_view(),
        name="country-brief",
    ),
    re_path(
        r"^countries/(?P<iso2>[A-Za-z]{2})/changes/$",
        views.CountryBriefView.as_view(page="changes"),
        name="country-changes",
    ),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("map/", views.MapView.as_view(), name="map"),
]
