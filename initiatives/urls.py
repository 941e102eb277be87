from django.urls import path

from initiatives import views
from initiatives.feeds import CatalogueChangesFeed

app_name = "initiatives"

urlpatterns = [
    *views.programmes.urls(),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path(
        "programmes/<slug:slug>/changes/",
        views.ProgrammeDetailView.as_view(page="changes"),
        name="programme-changes",
    ),
    *views.institutions.urls(),
    path(
        "institutions/<slug:slug>/",
        views.InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    path(
        "institutions/<slug:slug>/changes/",
        views.InstitutionDetailView.as_view(page="changes"),
        name="institution-changes",
    ),
    *views.pillars.urls(),
    path("pillars/<slug:slug>/", views.PillarDetailView.as_view(), name="pillar-detail"),
    path(
        "pillars/<slug:slug>/changes/",
        views.PillarDetailView.as_view(page="changes"),
        name="pillar-changes",
    ),
    *views.references.urls(),
    path("changes/feed.atom", CatalogueChangesFeed(), name="changes-feed"),
]
