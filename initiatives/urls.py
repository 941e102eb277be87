from django.urls import path
from django.views.decorators.gzip import gzip_page

from catalogue.exports import feed_conditional
from catalogue.models import Pillar
from corrections.views import SuggestCorrectionView
from initiatives import views
from initiatives.feeds import CatalogueChangesFeed
from initiatives.models import Institution, Programme

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
    *[
        path(
            f"{prefix}/<slug:slug>/correction/",
            SuggestCorrectionView.as_view(model=model),
            name=f"{model._meta.model_name}-correction",
        )
        for prefix, model in (
            ("programmes", Programme),
            ("institutions", Institution),
            ("pillars", Pillar),
        )
    ],
    # Gzipped when accepted and answered 304 when unchanged, as the lists' feeds are
    # (catalogue.listing.FeedView).
    path(
        "changes/feed.atom",
        gzip_page(feed_conditional(CatalogueChangesFeed())),
        name="changes-feed",
    ),
]
