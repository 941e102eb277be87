"""Issue #18 (low): odd requests get a 4xx or a correct 2xx, never a 500."""

import json

import pytest

from catalogue.api.fields import MAX_ITEMS
from catalogue.api.parsers import MAX_DEPTH
from tests.catalogue.api.test_protocol import assert_error
from tests.factories import QUOTE


def nested(depth: int):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


def test_delete_asking_for_csv_deletes_and_answers_204(editor, catalogue):
    response = editor.delete("/api/v1/programmes/foxtrot-project/?format=csv")
    assert response.status_code == 204
    # Gone, with a tombstone.
    assert editor.get("/api/v1/programmes/foxtrot-project/").status_code == 410


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 100_000])
def test_a_deeply_nested_body_is_a_400(editor, catalogue, depth):
    body = "[" * depth + "]" * depth if depth >= 1000 else json.dumps({"name": nested(depth)})
    response = editor.generic(
        "PATCH", "/api/v1/programmes/alpha-fund/", body, content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


def test_a_body_nested_within_the_bound_is_validated_as_usual(editor, catalogue):
    response = editor.patch(
        "/api/v1/programmes/alpha-fund/", {"name": nested(MAX_DEPTH - 1)}, format="json"
    )
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


@pytest.mark.parametrize("count", [MAX_ITEMS + 1, 10_000])
@pytest.mark.parametrize("field", ["evidence", "countries", "figures"])
def test_huge_nested_lists_are_a_400(editor, catalogue, field, count):
    item = {
        "evidence": {"quote": QUOTE},
        "countries": "MX",
        "figures": {"label": "x", "text": "1"},
    }[field]
    response = editor.patch(
        "/api/v1/programmes/alpha-fund/", {field: [item] * count}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_options_on_the_docs_is_a_405_not_a_500(client, db):
    assert client.options("/api/v1/docs/").status_code == 405
    assert client.get("/api/v1/docs/").status_code == 200


@pytest.mark.parametrize("accept", ["*/*; q=0", "application/json;q=0", "*/*;q=0.0, text/csv;q=0"])
def test_an_accept_header_refusing_everything_is_a_406(api, catalogue, accept):
    assert_error(api.get("/api/v1/programmes/", HTTP_ACCEPT=accept), 406, "not_acceptable")


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/json; q=0, text/csv", "text/csv"),
        ("text/csv;q=0, */*;q=0.5", "application/json"),
    ],
)
def test_a_refused_media_type_is_not_chosen(api, catalogue, accept, content_type):
    response = api.get("/api/v1/pillars/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/ping"])
@pytest.mark.parametrize("method", ["TRACE", "POST", "PUT", "DELETE"])
def test_health_endpoints_take_get_and_head_only(client, db, path, method):
    assert client.generic(method, path).status_code == 405
    assert client.head(path).status_code == 200


def test_the_api_refuses_a_name_with_a_line_break(editor, catalogue):
    response = editor.patch(
        "/api/v1/programmes/alpha-fund/", {"name": "Alpha\nER  - "}, format="json"
    )
    assert response.status_code == 400
    assert "name" in response.json()["errors"]
