"""Admin logins: a progressive delay per client address, on top of django-axes.

django-axes records every failed login (per address, across usernames: password spraying
counts too) and refuses a login while its handler says the address is locked. Its stock
rule is a hard lockout for the whole cool-off once the failures reach the limit; behind a
shared address, or for a curator who mistypes, that is an hour lost. This handler (axes'
documented `AXES_HANDLER` extension point) keeps axes' records and changes only the rule:
the first `AXES_FAILURE_LIMIT` failures are free, then each further failure makes the address
wait twice as long as the one before (`LOGIN_DELAY_SECONDS`, doubling, at most
`LOGIN_DELAY_MAX_SECONDS`), counted from its last failure. Failures are forgotten
`AXES_COOLOFF_TIME` after the last one, or at a successful login.
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import ngettext


def login_delay(failures: int) -> timedelta:
    """How long an address must wait after its last failure, having failed `failures` times."""
    over = failures - settings.AXES_FAILURE_LIMIT
    if over < 0:
        return timedelta(0)
    seconds = settings.LOGIN_DELAY_SECONDS * 2 ** min(over, 32)
    return timedelta(seconds=min(seconds, settings.LOGIN_DELAY_MAX_SECONDS))


class ProgressiveDelayHandler(AxesDatabaseHandler):
    def login_wait(self, request, credentials=None) -> timedelta:
        """How long this client must still wait before its next login is checked."""
        totals = [
            attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            for attempts in self.get_user_attempts(request, credentials)
        ]
        totals = [total for total in totals if total["last"] is not None]
        if not totals:
            return timedelta(0)
        worst = max(totals, key=lambda total: total["failures"])
        until = worst["last"] + login_delay(worst["failures"])
        return max(until - timezone.now(), timedelta(0))

    def is_locked(self, request, credentials=None) -> bool:
        return self.login_wait(request, credentials) > timedelta(0)


def login_delay_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The answer to a login refused for now (AXES_LOCKOUT_CALLABLE): 429, how long to wait."""
    wait = ProgressiveDelayHandler().login_wait(request, credentials)
    seconds = max(1, round(wait.total_seconds()))
    message = ngettext(
        "Too many failed logins from your address: try again in %(seconds)d second.",
        "Too many failed logins from your address: try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}
    response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response
