"""Rate limits beyond the API's anonymous one (DRF's throttles, counted in the default cache).

Every client is told apart by address as the API's limit does (`API_NUM_PROXIES`):

- pages (everything but the API, the admin, static files and the health checks): `PAGE_RATE`;
- whole-list downloads (the pages' CSV and JSON exports, the Atom feeds, the catalogue
  archive), which cost far more than a page: `DOWNLOAD_RATE` of them, token holder or not;
- the API: `API_ANON_RATE` without a token, `API_USER_RATE` per token holder, and
  `API_AUTH_FAILURE_RATE` failed token authentications (catalogue.api.authentication).

Should the cache be unreachable the counts read as empty and the limits let requests through
(they fail open: catalogue.caching.FailSoftRedisCache).
"""

from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle, UserRateThrottle


def client_address(request) -> str:
    """The client's address as the API's rate limit reads it: behind `API_NUM_PROXIES`
    proxies, from X-Forwarded-For; the admin's lockout (django-axes) reads it so too."""
    return BaseThrottle().get_ident(request)


class AddressRateThrottle(SimpleRateThrottle):
    """Requests of one scope per client address, token or not."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class DownloadRateThrottle(AddressRateThrottle):
    scope = "downloads"


class PageRateThrottle(AddressRateThrottle):
    scope = "pages"


class AuthenticationFailureThrottle(AddressRateThrottle):
    scope = "auth_failures"


class TokenHolderRateThrottle(UserRateThrottle):
    """API requests per token holder (`API_USER_RATE`); anonymous clients have their own."""

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None  # AnonRateThrottle's
        return super().get_cache_key(request, view)


# Not pages: the API and the admin have their own limits, static files are served before this
# middleware, and a load balancer's probes must never be refused.
UNLIMITED_PREFIXES = ("/api/", "/admin/", "/static/", "/healthz", "/readyz", "/ping")


class PageRateLimitMiddleware:
    """`PAGE_RATE` pages per client address; past it a 429 with Retry-After, costing nothing
    but the count (no session, no template, no query)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(UNLIMITED_PREFIXES):
            return self.get_response(request)
        throttle = PageRateThrottle()
        if throttle.allow_request(request, None):
            return self.get_response(request)
        wait = max(1, round(throttle.wait() or 60))
        # Before LocaleMiddleware: the language from the address, not the last request's.
        with translation.override(get_language_from_path(request.path_info)):
            message = _("Too many requests from your address; try again in a while.")
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(wait)
        return response


class DownloadThrottleMixin:
    """For plain Django views that send a whole list: 429 with Retry-After past the rate."""

    def dispatch(self, request, *args, **kwargs):
        throttle = DownloadRateThrottle()
        if not throttle.allow_request(request, self):
            wait = throttle.wait()
            response = JsonResponse(
                {
                    "status": 429,
                    "code": "throttled",
                    "detail": _("Too many downloads; try again in a while."),
                },
                status=429,
            )
            if wait is not None:
                response["Retry-After"] = str(max(1, round(wait)))
            return response
        return super().dispatch(request, *args, **kwargs)
