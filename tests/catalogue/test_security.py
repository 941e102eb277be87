"""Security headers, and production settings that refuse to start incomplete."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "-a-long-random-looking-production-secret-key-0123456789"


def run_django(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.django_db
def test_security_headers_on_every_response(client):
    response = client.get("/healthz")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    script_src = next(part for part in policy.split(";") if "script-src" in part)
    assert "unsafe-inline" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "example.org"}, "set SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "short", "ALLOWED_HOSTS": "x.org"}, "set SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": ""}, "set ALLOWED_HOSTS"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        # Issue #18: DEBUG fails closed. Unset, it is off, and the development key refused.
        ({}, "set SECRET_KEY"),
        ({"DEBUG": ""}, "set SECRET_KEY"),
    ],
)
def test_incomplete_production_settings_stop_start_up(env, message):
    result = run_django("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_is_on_only_when_asked_for():
    script = "from django.conf import settings; print(settings.DEBUG)"
    asked = run_django("shell", "--no-imports", "-c", script, DEBUG="true")
    assert asked.stdout.strip() == "True"
    unset = run_django(
        "shell", "--no-imports", "-c", script, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="x.org"
    )
    assert unset.stdout.strip() == "False"


def test_production_settings_pass_the_deployment_checklist():
    result = run_django(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="diplohub.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_forms_refuse_a_post_without_the_csrf_token(sample_catalogue):
    from django.test import Client

    from initiatives.models import Programme

    browser = Client(enforce_csrf_checks=True)
    programme = Programme.objects.first()
    suggestion = browser.post(f"{programme.get_absolute_url()}correction/", {"what_is_wrong": "x"})
    login = browser.post("/admin/login/", {"username": "a", "password": "b"})
    assert (suggestion.status_code, login.status_code) == (403, 403)
