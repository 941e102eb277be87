"""Issue #18: no statement runs for minutes, and a database that does not answer fails a
connection quickly (settings read from the environment, PostgreSQL only)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import time, django
django.setup()
from django.db import connection, OperationalError
start = time.monotonic()
try:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    print("finished", round(time.monotonic() - start, 1))
except OperationalError as error:
    print("refused", round(time.monotonic() - start, 1), type(error.__cause__).__name__)
"""


def run(database_url: str, **env) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout"
)


@needs_postgres
def test_a_statement_longer_than_the_limit_is_cancelled():
    # The server's own database: pg_sleep needs no table.
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    outcome, seconds, error = run(url, DATABASE_STATEMENT_TIMEOUT="0.5")
    assert (outcome, error) == ("refused", "QueryCanceled")
    assert float(seconds) < 2


@needs_postgres
def test_a_database_that_accepts_and_never_answers_fails_the_connection_quickly():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # accepts connections, never says a word
        port = silent.getsockname()[1]
        start = time.monotonic()
        outcome, _seconds, _error = run(
            f"postgres://postgres@127.0.0.1:{port}/x", DATABASE_CONNECT_TIMEOUT="1"
        )
    assert outcome == "refused"
    assert time.monotonic() - start < 10
