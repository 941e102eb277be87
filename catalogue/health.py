"""Liveness and readiness probes, and a calm answer while the database is unreachable."""

import contextlib

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

RETRY_AFTER_SECONDS = "30"


@never_cache
def healthz(request):
    """200 while the process lives; touches nothing else."""
    return HttpResponse("ok\n", content_type="text/plain")


def ping(request):
    """A trivial JSON answer through the whole stack: the benchmark's floor."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """200 when the database answers, 503 when it does not (the load balancer stops routing)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = HttpResponse("database unavailable\n", content_type="text/plain", status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    return HttpResponse("ready\n", content_type="text/plain")


class DatabaseUnavailableMiddleware:
    """Turns a lost database into a 503 (a page, or JSON under /api/) instead of a 500.

    Django opens a fresh connection on the next request (persistent connections with health
    checks, see DATABASES), so service resumes by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not _is_unavailable(exception):
            return None
        # Drop the broken connection so that the next request reconnects.
        with contextlib.suppress(DatabaseError):
            connection.close_if_unusable_or_obsolete()
        message = _("The catalogue's database is unavailable. Please try again in a minute.")
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"status": 503, "code": "service_unavailable", "detail": message}, status=503
            )
        else:
            response = HttpResponse(
                render_to_string("503.html", {"message": message}, request=request), status=503
            )
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response


def _is_unavailable(exception: Exception) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)
