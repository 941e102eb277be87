"""Pages that span apps: home, search, compare, timeline, map."""

from django.urls import path

from explore import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("map/", views.MapView.as_view(), name="map"),
]
