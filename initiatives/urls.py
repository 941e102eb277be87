from django.urls import path

from initiatives import views

app_name = "initiatives"

urlpatterns = [
    *views.programmes.urls(),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    *views.institutions.urls(),
    path(
        "institutions/<slug:slug>/",
        views.InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    *views.pillars.urls(),
    path("pillars/<slug:slug>/", views.PillarDetailView.as_view(), name="pillar-detail"),
    *views.references.urls(),
]
