"""Liveness and readiness probes, and a calm answer while the database is unreachable."""

import contextlib
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

RETRY_AFTER_SECONDS = "30"


# A probe answers within this many seconds whatever the database or the cache does.
READY_TIMEOUT_SECONDS = 1.0
# The database probe runs in a thread of its own (with its own connection), so that a
# database that accepts and never answers cannot hold the probe: one at a time, so that a
# hung one is not joined by more.
_database_probe = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readyz")


@never_cache
@require_safe
def healthz(request):
    """200 while the process lives; touches nothing else (not the database, not the cache)."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def ping(request):
    """A trivial JSON answer through the whole stack: the benchmark's floor."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """200 when the database answers, 503 when it does not or not within a second (the load
    balancer stops routing). A cache that does not answer is reported (`cache degraded`)
    but still 200: the site serves without it, and every process shares the one Redis, so
    a 503 would take every process out of service at once."""
    try:
        ready = _database_probe.submit(_database_answers).result(timeout=READY_TIMEOUT_SECONDS)
    except FuturesTimeout:
        ready = False
    if not ready:
        response = HttpResponse("database unavailable\n", content_type="text/plain", status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    if not _cache_answers():
        return HttpResponse("ready; cache degraded\n", content_type="text/plain")
    return HttpResponse("ready\n", content_type="text/plain")


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False
    finally:
        with contextlib.suppress(DatabaseError):
            connection.close()  # this thread's own connection


def _cache_answers() -> bool:
    """Whether the cache keeps what it is given (a failing Redis reads as a miss)."""
    key, token = "diplohub:readyz", uuid.uuid4().hex
    cache.set(key, token, 10)
    return cache.get(key) == token


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
