"""Issue #18: tokens expire; token holders, failed authentications and pages have rate
limits of their own (anonymous API requests and downloads: test_protocol, test_downloads)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from catalogue.throttling import (
    AuthenticationFailureThrottle,
    PageRateThrottle,
    TokenHolderRateThrottle,
)
from tests.catalogue.api.test_protocol import assert_error

pytestmark = pytest.mark.django_db


def token_client(*, age_days: float) -> APIClient:
    token = Token.objects.create(user=User.objects.create_user(f"holder-{age_days}"))
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=age_days))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_token_older_than_api_token_days_is_refused(settings, catalogue):
    settings.API_TOKEN_DAYS = 90

    assert token_client(age_days=89).get("/api/v1/pillars/").status_code == 200
    response = token_client(age_days=91).get("/api/v1/pillars/")
    assert_error(response, 401, "authentication_failed")
    assert "This token has expired" in response.json()["detail"]


def test_with_api_token_days_zero_tokens_never_expire(settings, catalogue):
    settings.API_TOKEN_DAYS = 0
    assert token_client(age_days=3650).get("/api/v1/pillars/").status_code == 200


def test_token_holders_have_a_rate_of_their_own(monkeypatch, catalogue):
    monkeypatch.setattr(TokenHolderRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    holder, other = token_client(age_days=0), token_client(age_days=1)

    statuses = [holder.get("/api/v1/pillars/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert_error(holder.get("/api/v1/pillars/"), 429, "throttled")
    assert other.get("/api/v1/pillars/").status_code == 200  # counted per holder
    assert APIClient().get("/api/v1/pillars/").status_code == 200  # anonymous: their own


def test_failed_token_authentications_are_limited_per_address(monkeypatch, catalogue):
    monkeypatch.setattr(
        AuthenticationFailureThrottle, "THROTTLE_RATES", {"auth_failures": "3/minute"}
    )
    guesser = APIClient(REMOTE_ADDR="203.0.113.9")
    guesser.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    statuses = [guesser.get("/api/v1/pillars/").status_code for _ in range(4)]

    assert statuses == [401, 401, 401, 429]
    assert "Retry-After" in guesser.get("/api/v1/pillars/")
    assert APIClient(REMOTE_ADDR="198.51.100.4").get("/api/v1/pillars/").status_code == 200


@pytest.fixture
def page_rate(monkeypatch):
    monkeypatch.setattr(PageRateThrottle, "THROTTLE_RATES", {"pages": "3/minute"})


def test_pages_are_limited_per_address(page_rate, sample_catalogue):
    visitor = Client(REMOTE_ADDR="203.0.113.9")

    statuses = [visitor.get(path).status_code for path in ("/", "/programmes/", "/es/", "/map/")]

    assert statuses == [200, 200, 200, 429]
    refused = visitor.get("/programmes/export.csv")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many requests" in refused.content.decode()
    assert Client(REMOTE_ADDR="198.51.100.4").get("/").status_code == 200
    # In the language of the address, whatever the language of the request before.
    spanish = visitor.get("/es/programmes/").content.decode()
    assert spanish.startswith("Demasiadas solicitudes")
    assert visitor.get("/programmes/").content.decode().startswith("Too many requests")


def test_health_checks_api_and_admin_are_not_counted_as_pages(page_rate, sample_catalogue):
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        visitor.get("/")
    assert visitor.get("/").status_code == 429
    assert visitor.get("/healthz").status_code == 200
    assert visitor.get("/readyz").status_code == 200
    assert visitor.get("/api/v1/pillars/").status_code == 200
    assert visitor.get("/admin/login/").status_code == 200


def test_the_rates_come_from_the_environment(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import diplohub.settings

    monkeypatch.setenv("API_USER_RATE", "5/second")
    monkeypatch.setenv("PAGE_RATE", "100/hour")
    monkeypatch.setenv("API_TOKEN_DAYS", "30")
    reloaded = importlib.reload(diplohub.settings)
    assert reloaded.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["user"] == "5/second"
    assert reloaded.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["pages"] == "100/hour"
    assert reloaded.API_TOKEN_DAYS == 30
    monkeypatch.setenv("PAGE_RATE", "plenty")
    with pytest.raises(ImproperlyConfigured, match="PAGE_RATE"):
        importlib.reload(diplohub.settings)
    for name in ("API_USER_RATE", "PAGE_RATE", "API_TOKEN_DAYS"):
        monkeypatch.delenv(name)
    importlib.reload(diplohub.settings)
