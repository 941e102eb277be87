"""Rate limits beyond the API's anonymous one (DRF's throttles, counted in the default cache).

Whole-list downloads (the pages' CSV and JSON exports, the Atom feeds, the catalogue archive)
cost far more than a page: every client, token holder or not, gets `DOWNLOAD_RATE` of them,
told apart by address as the API's limit does (`API_NUM_PROXIES`). Should the cache be
unreachable the counts read as empty and the limit lets requests through (fails open).
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


def client_address(request) -> str:
    """The client's address as the API's rate limit reads it: behind `API_NUM_PROXIES`
    proxies, from X-Forwarded-For; the admin's lockout (django-axes) reads it so too."""
    return BaseThrottle().get_ident(request)


class DownloadRateThrottle(SimpleRateThrottle):
    scope = "downloads"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


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
