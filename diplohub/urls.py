from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from catalogue import health
from catalogue.api.views import NotFoundView

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("ping", health.ping, name="ping"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("diplohub.api_urls")),
    # Any other path under /api/ (e.g. a version that does not exist): a JSON 404 too.
    re_path(r"^api/", NotFoundView.as_view()),
]

# The pages carry their language in the address: English unprefixed, Spanish under /es/,
# whatever the browser's Accept-Language says (so a shared link shows what its sender saw).
urlpatterns += i18n_patterns(
    path("", include("explore.urls")),
    path("", include("initiatives.urls")),
    path("", include("countries.urls")),
    path("", include("corrections.urls")),
    prefix_default_language=False,
)
