"""Writes lose nothing: concurrent PATCHes both land, and `If-Match` refuses a stale write."""

import threading

import httpx
import pytest
from django.db import connection


def test_a_write_naming_the_etag_it_read_succeeds(editor, api, catalogue):
    etag = api.get("/api/v1/programmes/alpha-fund/")["ETag"]

    response = editor.patch(
        "/api/v1/programmes/alpha-fund/", {"acronym": "AF"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200, response.content
    assert api.get("/api/v1/programmes/alpha-fund/").json()["acronym"] == "AF"


@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_a_write_naming_a_stale_etag_is_a_412_and_changes_nothing(editor, api, catalogue, method):
    stale = api.get("/api/v1/programmes/alpha-fund/")["ETag"]
    editor.patch("/api/v1/programmes/alpha-fund/", {"acronym": "AF"}, format="json")
    before = api.get("/api/v1/programmes/alpha-fund/").json()

    response = getattr(editor, method)(
        "/api/v1/programmes/alpha-fund/", {"acronym": "X"}, format="json", HTTP_IF_MATCH=stale
    )

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert "was changed by editor at" in response.json()["detail"]
    assert api.get("/api/v1/programmes/alpha-fund/").json() == before


def test_a_write_to_a_record_unchanged_since_it_was_read_succeeds_whatever_else_changed(
    editor, api, catalogue
):
    """The same rule as the admin's change form: only a change to this record refuses it."""
    etag = api.get("/api/v1/programmes/alpha-fund/")["ETag"]
    editor.patch("/api/v1/programmes/echo-fellowship/", {"acronym": "EF"}, format="json")

    response = editor.patch(
        "/api/v1/programmes/alpha-fund/", {"acronym": "AF"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200, response.content


def test_a_write_without_if_match_is_accepted(editor, catalogue):
    response = editor.delete("/api/v1/programmes/foxtrot-project/")

    assert response.status_code == 204


def test_cors_preflight_allows_conditional_headers(client, db):
    response = client.options(
        "/api/v1/programmes/alpha-fund/",
        HTTP_ORIGIN="https://mirror.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-match, authorization, content-type",
    )

    allowed = response["Access-Control-Allow-Headers"].lower()
    assert {"if-match", "if-none-match", "authorization"} <= {
        name.strip() for name in allowed.split(",")
    }


TRIALS = 100


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and concurrent writers need PostgreSQL"
)
def test_two_clients_patching_different_fields_at_once_lose_nothing(live_server, editor, catalogue):
    """Two clients PATCH the same programme at the same moment, each a different field;
    both changes must be there afterwards, every time."""
    token = editor._credentials["HTTP_AUTHORIZATION"]
    url = f"{live_server.url}/api/v1/programmes/alpha-fund/"
    lost, statuses = [], []

    def patch(client, barrier, body):
        barrier.wait()  # both requests leave together
        statuses.append(client.patch(url, json=body).status_code)

    with (
        httpx.Client(headers={"Authorization": token}, timeout=30) as first,
        httpx.Client(headers={"Authorization": token}, timeout=30) as second,
    ):
        for trial in range(TRIALS):
            barrier = threading.Barrier(2)
            wanted = {"acronym": f"A{trial}", "start_year": 1900 + trial}
            threads = [
                threading.Thread(target=patch, args=(client, barrier, {field: wanted[field]}))
                for client, field in ((first, "acronym"), (second, "start_year"))
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            stored = first.get(url).json()
            if {field: stored[field] for field in wanted} != wanted:
                lost.append(trial)

    assert statuses == [200] * (2 * TRIALS)
    assert lost == []


def test_options_with_a_token_on_a_record_is_not_a_write(editor, catalogue):
    """DRF's OPTIONS asks for the record as a PUT would; it must not try to lock it."""
    response = editor.options("/api/v1/programmes/alpha-fund/")

    assert response.status_code == 200
