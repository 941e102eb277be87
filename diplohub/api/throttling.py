"""Rate limiting of anonymous clients (`API_ANON_RATE`, e.g. `600/minute`)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, reading its rate at request time rather than at import.

    Throttled requests get a 429 with `Retry-After`. Counts live in the default cache: per
    process with the default local-memory cache, shared between workers with a shared one.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
