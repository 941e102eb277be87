"""Probes, and the behaviour while the database is unreachable and after it returns."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections


@pytest.mark.django_db
def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_answers_when_the_database_does(client):
    assert client.get("/readyz").status_code == 200


@contextmanager
def database_unreachable():
    """PostgreSQL: point the connection at a closed port. SQLite: the test database lives in
    memory and cannot be closed without being lost, so opening a cursor fails instead."""
    if connection.vendor != "postgresql":
        error = OperationalError("unable to open database file")
        # Every thread's connection: /readyz probes from a thread of its own.
        wrapper = type(connections["default"])
        with mock.patch.object(wrapper, "ensure_connection", side_effect=error):
            yield
        return
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_database_down_then_back_without_restart(client, sample_catalogue):
    with database_unreachable():
        ready = client.get("/readyz")
        page = client.get("/")
        api = client.get("/api/v1/programmes/")

    assert ready.status_code == 503 and ready["Retry-After"]
    assert page.status_code == 503
    assert "unavailable" in page.content.decode() and "Traceback" not in page.content.decode()
    assert api.status_code == 503
    assert api.json()["status"] == 503

    # The same process, the same client: the database is back and so is the service.
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/programmes/").status_code == 200
