"""API tokens that expire, and a limit on failed token authentications.

DRF's token has no expiry; its documented way to add one is a `TokenAuthentication` whose
`authenticate_credentials` also checks the token's `created` time: here against
`API_TOKEN_DAYS`. A curator replaces an expired token in the admin (delete it, add one).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled

from catalogue.throttling import AuthenticationFailureThrottle


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            # Guessing keys (160 random bits) is hopeless, but each failure costs a query
            # and would dodge the anonymous rate: failures are counted per address.
            throttle = AuthenticationFailureThrottle()
            if not throttle.allow_request(request, None):
                raise Throttled(throttle.wait()) from None
            raise

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        days = settings.API_TOKEN_DAYS
        if days and token.created < timezone.now() - timedelta(days=days):
            raise AuthenticationFailed(_("This token has expired; ask for a new one."))
        return user, token
