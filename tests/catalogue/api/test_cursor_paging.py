"""`?cursor=` on every list: pages that keep their place, as an alternative to page numbers."""

import pytest

from tests.factories import make_programme

RESOURCES = ("pillars", "countries", "cities", "institutions", "programmes", "references")


def walk(api, path, params):
    ids, url = [], path
    while url:
        response = api.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [record["id"] for record in body["results"]]
        url, params = body["next"], None
    return ids, body["count"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_cursor_pages_hold_every_record_once_in_id_order(api, catalogue, resource):
    everything = api.get(f"/api/v1/{resource}/", {"page_size": 200}).json()

    ids, count = walk(api, f"/api/v1/{resource}/", {"cursor": "", "page_size": 2})

    assert sorted(ids, key=str) == sorted((r["id"] for r in everything["results"]), key=str)
    assert len(ids) == len(set(ids)) == count == everything["count"]
    if resource != "references":
        assert ids == sorted(ids)


def test_a_cursor_page_keeps_its_place_when_records_are_added_before_it(api, catalogue):
    first = api.get("/api/v1/programmes/", {"cursor": "", "page_size": 3}).json()
    make_programme(slug="aaa-first", name="Aaa")  # sorts before every page

    second = api.get(first["next"]).json()

    seen = [r["id"] for r in first["results"] + second["results"]]
    assert seen == [
        "alpha-fund",
        "bravo-network",
        "charlie-expedition",
        "delta-strategy",
        "echo-fellowship",
        "foxtrot-project",
    ]


@pytest.mark.parametrize("other", [{"page": 1}, {"ordering": "-name"}])
def test_cursor_does_not_combine_with_page_or_ordering(api, catalogue, other):
    response = api.get("/api/v1/programmes/", {"cursor": "", **other})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(other)


def test_a_forged_cursor_is_a_404(api, catalogue):
    # "bz14" is "o=x" encoded: an offset that is no number.
    response = api.get("/api/v1/programmes/", {"cursor": "bz14"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_cursor_pages_csv_too(api, catalogue):
    response = api.get("/api/v1/programmes/", {"cursor": "", "page_size": 2, "format": "csv"})

    assert response.status_code == 200
    assert len(response.content.decode().strip().splitlines()) == 3  # header and two rows
