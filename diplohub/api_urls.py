"""The REST API v1: one router for every resource, the schema, the docs and the archive."""

from django.urls import path, re_path
from django.views.decorators.gzip import gzip_page
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from catalogue.api.views import ArchiveView, CatalogueRootView, NotFoundView
from countries.api.views import CityViewSet, CountryViewSet
from initiatives.api.views import (
    ChangeViewSet,
    InstitutionViewSet,
    PillarViewSet,
    ProgrammeViewSet,
    ReferenceViewSet,
)

app_name = "api"


class CatalogueRouter(DefaultRouter):
    APIRootView = CatalogueRootView
    include_format_suffixes = False  # `?format=csv` is the one way to ask for a format


router = CatalogueRouter()
router.register("pillars", PillarViewSet, basename="pillar")
router.register("countries", CountryViewSet, basename="country")
router.register("cities", CityViewSet, basename="city")
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("references", ReferenceViewSet, basename="reference")

urlpatterns = [
    # Gzipped when accepted, as every API response (catalogue.api.views.CatalogueAPIMixin).
    path("schema/", gzip_page(SpectacularAPIView.as_view()), name="schema"),
    # The split view serves its script as a file: the site's CSP allows no inline script.
    # GET only: it renders HTML templates, which an OPTIONS answer has none of. (No ReDoc: its
    # bundle fetches fonts from other hosts, which the CSP blocks.)
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", http_method_names=["get", "head"]
        ),
        name="docs",
    ),
    path("archive/", ArchiveView.as_view(registry=router.registry), name="archive"),
    # Not in the router: the archive and the root list the router's record resources.
    path("changes/", ChangeViewSet.as_view({"get": "list"}), name="change-list"),
    *router.urls,
    # Last: any other path under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"^", NotFoundView.as_view(), name="not-found"),
]
