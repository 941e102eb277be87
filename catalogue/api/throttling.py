"""Rate limiting of anonymous clients (`API_ANON_RATE`, e.g. `600/minute`)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, reading its rate at request time rather than at import, and
    counting each client's requests in fixed windows of the rate's period.

    DRF's own keeps the times of a client's requests as a list in the cache, read and written
    whole on every request: up to 600 entries at 600/minute. Under load that cost the API more
    than serving a cached response. A counter per client and window costs one round trip to
    Redis whatever the rate. As with any fixed window, a client may fit up to twice the rate
    around the end of a window.

    Throttled requests get a 429 with `Retry-After`, the seconds left in the window. Counts
    live in the default cache: per process with the default local-memory cache, shared
    between workers with a shared one.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        client = self.get_cache_key(request, view)
        if client is None:  # not anonymous
            return True
        now = self.timer()
        window = int(now // self.duration)
        self.seconds_left = (window + 1) * self.duration - now
        return count_hit(self.cache, f"{client}:{window}", self.duration) <= self.num_requests

    def wait(self):
        return self.seconds_left


def count_hit(cache, key: str, timeout: int) -> int:
    """Add one to the counter `key` in `cache`, which starts at 1 and expires after `timeout`
    seconds: in one round trip with Redis (`SharedClientRedisCache.hit`), else with `add`
    then `incr`."""
    if hasattr(cache, "hit"):
        return cache.hit(key, timeout)
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two: this is the first hit of a new one
        cache.add(key, 1, timeout)
        return 1
