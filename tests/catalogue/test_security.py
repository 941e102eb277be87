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
    ],
)
def test_incomplete_production_settings_stop_start_up(env, message):
    result = run_django("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


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


def test_only_the_redoc_page_may_start_a_worker_or_show_its_makers_logo(client, db):
    redoc = client.get("/api/v1/redoc/")
    policy = redoc.headers["Content-Security-Policy"]
    assert "worker-src 'self' blob:" in policy
    assert "https://cdn.redoc.ly" in policy
    assert "fonts.googleapis.com" not in redoc.content.decode()  # system fonts
    for path in ("/", "/api/v1/docs/", "/programmes/"):
        other = client.get(path).headers["Content-Security-Policy"]
        assert "blob:" not in other and "redoc.ly" not in other, path
