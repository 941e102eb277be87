from django.contrib import admin
from django.urls import include, path

from diplohub import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("ping", health.ping, name="ping"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("diplohub.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("diplohub.page_urls")),
    path("", include("initiatives.urls")),
    path("", include("countries.urls")),
]
