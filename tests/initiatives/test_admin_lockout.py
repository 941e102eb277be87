"""Issue #18: the admin's login limit is per client address, read as the API reads it behind
the documented reverse proxy, counts failures across usernames (password spraying), and is a
progressive delay rather than a lockout."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
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
    """A login to the admin; `address` "" for a client reaching the app directly."""
    forwarded = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address} if address else {}
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **forwarded
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


# ---------------------------------------------------------------- a delay, not a lockout
def wait_passes(seconds: float) -> None:
    """As if `seconds` had passed since the failures were recorded."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def test_the_delay_doubles_with_each_failure_and_then_lets_the_right_password_in(
    client, settings, curators
):
    """The schedule: free failures up to the limit, then LOGIN_DELAY_SECONDS after it, twice
    as long after each further failure (30 s, 60 s, 120 s ... with the defaults)."""
    settings.LOGIN_DELAY_SECONDS = 30
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "ana", "wrong", "").status_code == 200  # the form again
    waits = []
    for _ in range(3):
        refused = log_in(client, "ana", "wrong", "")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        assert f"try again in {waits[-1]} seconds" in refused.content.decode()
        # While it waits, even the right password is refused, unchecked and not counted.
        assert log_in(client, "ana", "right-pw-123", "").status_code == 429
        wait_passes(waits[-1] + 1)
    assert [round(wait, -1) for wait in waits] == [30, 60, 120]
    # The wait over, the right password logs in, and the failures are forgotten.
    assert log_in(client, "ana", "right-pw-123", "").status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_delay_has_a_ceiling(client, settings, curators):
    settings.LOGIN_DELAY_SECONDS, settings.LOGIN_DELAY_MAX_SECONDS = 30, 600
    waits = []
    for _ in range(settings.AXES_FAILURE_LIMIT + 6):
        wait_passes(601)
        response = log_in(client, "ana", "wrong", "")
        waits.append(int(response.get("Retry-After", 0)))
    # Nothing, then 30, 60, 120, 240, 480 seconds, then no more than 600.
    assert [round(wait, -1) for wait in waits] == [0] * 4 + [30, 60, 120, 240, 480, 600, 600]


def test_failures_are_forgotten_a_cool_off_after_the_last(client, settings, curators):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "ana", "wrong", "")
    wait_passes(settings.AXES_COOLOFF_TIME * 3600 + 1)
    # Old failures no longer count: one more is not past the limit.
    assert log_in(client, "ana", "wrong", "").status_code == 200
    assert log_in(client, "ana", "right-pw-123", "").status_code == 302
