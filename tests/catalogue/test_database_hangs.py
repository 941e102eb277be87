"""Issue #18: a database that accepts connections and never answers. Health endpoints answer
within a second, and a page gives up after the short connect timeout with a 503."""

import socket
import time
from contextlib import contextmanager

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server to mimic"),
]


@contextmanager
def silent_database():
    """Every connection goes to a socket that accepts and never says a word."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        saved = dict(connection.settings_dict)
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(silent.getsockname()[1]))
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)


def timed(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_health_endpoints_answer_within_a_second(client):
    with silent_database():
        healthz, healthz_seconds = timed(client, "/healthz")
        readyz, readyz_seconds = timed(client, "/readyz")
        again, again_seconds = timed(client, "/readyz")  # while the first probe still hangs
    assert (healthz.status_code, readyz.status_code, again.status_code) == (200, 503, 503)
    assert healthz_seconds < 1 and readyz_seconds < 1.5 and again_seconds < 1.5
    assert readyz["Retry-After"]
    time.sleep(4)  # the hung probe gives up (connect timeout) before the database returns
    assert client.get("/readyz").status_code == 200


def test_a_page_gives_up_quickly_with_a_503(client):
    with silent_database():
        page, seconds = timed(client, "/programmes/")
    assert page.status_code == 503
    assert seconds < 8  # DATABASE_CONNECT_TIMEOUT (3 s) per attempt, not minutes
    assert client.get("/programmes/").status_code == 200
