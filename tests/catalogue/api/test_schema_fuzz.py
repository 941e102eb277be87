"""A property-based run of the OpenAPI schema: schemathesis against a live server.

Every operation of /api/v1/schema/ is called with generated valid and invalid input
(coverage, fuzzing and stateful phases, every check; settings in schemathesis.toml beside
this file): first anonymously, then the writes again with an editor's token, so that
validation and saving are fuzzed too, on the test database. The run fails on any server
error, any response that breaks the schema (status, content type, headers, body) and any
invalid input the API accepts. It takes about a minute; `SCHEMATHESIS_MAX_EXAMPLES`
raises the number of cases per operation for a deeper run.

Run on its own: .venv/bin/pytest tests/catalogue/api/test_schema_fuzz.py
Leave out of a quick run: .venv/bin/pytest -m "not fuzz"
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from initiatives.catalogue import load_catalogue
from tests.conftest import SAMPLE_CATALOGUE

CONFIG = Path(__file__).with_name("schemathesis.toml")
TIME_LIMIT = 600  # seconds per run: a hung run fails instead of stalling CI


def schemathesis(
    schema_url: str, workdir: Path, *options: str, max_examples: int | None = None
) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).with_name("schemathesis")
    assert executable.exists(), "schemathesis is missing: install the `test` extra"
    command = [str(executable), "--config-file", str(CONFIG), "--no-color", "run", schema_url]
    command += ["--output-truncate", "true", *options]
    max_examples = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES") or max_examples
    if max_examples:
        command += ["--max-examples", str(max_examples)]
    return subprocess.run(
        command,
        cwd=workdir,  # schemathesis keeps a cache in its working directory
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
    )


@pytest.mark.fuzz
@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_server, settings, tmp_path
):
    load_catalogue(directory=SAMPLE_CATALOGUE)
    editor = User.objects.create_superuser("fuzzer")
    token = Token.objects.create(user=editor).key
    # Every generated request comes from 127.0.0.1: lift the anonymous rate limit for the run.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute"},
    }
    schema_url = f"{live_server.url}/api/v1/schema/?format=json"

    anonymous = schemathesis(schema_url, tmp_path)
    assert anonymous.returncode == 0, (
        f"anonymous run:\n{anonymous.stdout[-20000:]}\n{anonymous.stderr}"
    )

    writes = schemathesis(
        schema_url,
        tmp_path,
        "--include-method-regex",
        "^(POST|PUT|PATCH|DELETE)$",
        "--header",
        f"Authorization: Token {token}",
        "--header",  # headers given here replace the configuration's: repeat it
        "Connection: close",
        max_examples=10,
    )
    assert writes.returncode == 0, f"run with a token:\n{writes.stdout[-20000:]}\n{writes.stderr}"
