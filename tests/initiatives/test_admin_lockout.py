"""Issue #18: the admin's lockout is per client address, read as the API reads it behind the
documented reverse proxy, and counts failures across usernames (password spraying)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # every request reaches the app from the proxy


@pytest.fixture
def behind_one_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


@pytest.fixture
def curators(django_user_model):
    for name in ("ana", "ben"):
        django_user_model.objects.create_superuser(name, f"{name}@example.org", "right-pw-123")


def log_in(client, username, password, address):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_an_attacker_behind_the_proxy_does_not_lock_out_a_curator(
    client, settings, behind_one_proxy, curators
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ana", "wrong", "203.0.113.9")
    assert log_in(client, "ana", "right-pw-123", "203.0.113.9").status_code == 429
    # The curator, from her own address through the same proxy, logs in.
    response = log_in(client, "ana", "right-pw-123", "198.51.100.4")
    assert response.status_code == 302


def test_password_spraying_across_usernames_is_limited(
    client, settings, behind_one_proxy, curators
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess-{n}", "Summer2026!", "203.0.113.9")
    # Another username, even with its right password, from that address: locked out.
    assert log_in(client, "ben", "right-pw-123", "203.0.113.9").status_code == 429
    assert log_in(client, "ben", "right-pw-123", "198.51.100.4").status_code == 302


def test_without_a_proxy_the_forwarded_header_is_ignored(client, settings, curators):
    # NUM_PROXIES 0: X-Forwarded-For is the client's to write, so it cannot dodge the limit.
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ana", "wrong", f"192.0.2.{n}")
    assert log_in(client, "ana", "right-pw-123", "192.0.2.99").status_code == 429
