"""Pagination bounds, CSV for every list and detail, and format negotiation."""

import csv
import io
import zipfile

import pytest

from tests.factories import make_country


@pytest.fixture
def many_countries(db):
    return [make_country() for _ in range(7)]


def test_pages_carry_count_next_and_previous(api, many_countries):
    first = api.get("/api/v1/countries/", {"page_size": 3}).json()

    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/countries/?page=2&page_size=3"
    second = api.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/v1/countries/?page_size=3"
    last = api.get("/api/v1/countries/", {"page_size": 3, "page": 3}).json()
    assert last["next"] is None
    assert len(last["results"]) == 1
    seen = [r["id"] for page in (first, second, last) for r in page["results"]]
    assert sorted(seen) == sorted(c.iso2 for c in many_countries)


def test_default_page_size_is_50_and_the_maximum_200(api, db):
    for _ in range(55):
        make_country()

    assert len(api.get("/api/v1/countries/").json()["results"]) == 50
    assert len(api.get("/api/v1/countries/", {"page_size": 200}).json()["results"]) == 55


@pytest.mark.parametrize(
    ("params", "parameter", "reason"),
    [
        ({"page_size": 201}, "page_size", "between 1 and 200"),
        ({"page_size": 0}, "page_size", "between 1 and 200"),
        ({"page_size": "ten"}, "page_size", "whole number"),
        ({"page_size": "2.5"}, "page_size", "whole number"),
        ({"page": 0}, "page", "at least 1"),
        ({"page": "last"}, "page", "whole number"),
        ({"page": ["1", "2"]}, "page", "once"),
    ],
)
def test_out_of_bounds_pagination_is_a_400_naming_the_parameter(
    api, many_countries, params, parameter, reason
):
    response = api.get("/api/v1/countries/", params)

    assert response.status_code == 400
    assert reason in response.json()["errors"][parameter][0]


def test_a_page_past_the_end_is_a_404_naming_the_last_page(api, many_countries):
    response = api.get("/api/v1/countries/", {"page": 4, "page_size": 3})

    assert response.status_code == 404
    assert response.json()["errors"]["page"] == ["There is no page 4: the last page is 3."]
    assert api.get("/api/v1/countries/", {"page": "9" * 40}).status_code == 404


def read_csv(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode())))


@pytest.mark.parametrize(
    "request_kwargs",
    [{"data": {"format": "csv"}}, {"HTTP_ACCEPT": "text/csv"}],
    ids=["format parameter", "Accept header"],
)
def test_csv_lists_exactly_the_filtered_set(api, catalogue, request_kwargs):
    params = {"country": "MX,FR", **request_kwargs.pop("data", {})}
    response = api.get("/api/v1/programmes/", params, **request_kwargs)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = read_csv(response)
    assert header[:4] == ["id", "url", "html_url", "name"]
    assert sorted(row[0] for row in rows) == [
        "bravo-network",
        "charlie-expedition",
        "delta-strategy",
        "echo-fellowship",
    ]


def test_csv_columns_follow_the_json_fields_in_order(api, catalogue):
    json_fields = list(api.get("/api/v1/programmes/alpha-fund/").json())
    header, row = read_csv(api.get("/api/v1/programmes/alpha-fund/", {"format": "csv"}))

    assert header == json_fields
    cells = dict(zip(header, row, strict=True))
    assert cells["countries"] == "GB"
    assert cells["institutions"] == "fco:funder"
    assert cells["pillars"] == "diplomacy-for-science"
    assert cells["parts"] == "bravo-network"
    assert cells["part_of"] == ""
    assert '"quote"' in cells["evidence"]


def test_csv_is_the_whole_set_unless_a_page_is_asked_for(api, db):
    for _ in range(55):
        make_country()

    assert len(read_csv(api.get("/api/v1/countries/", {"format": "csv"}))) == 56
    paged = api.get("/api/v1/countries/", {"format": "csv", "page_size": 10, "page": 2})
    assert len(read_csv(paged)) == 11


def test_csv_honours_fields_and_keeps_its_header_when_empty(api, catalogue):
    response = api.get(
        "/api/v1/programmes/", {"format": "csv", "fields": "name,status", "kind": "training"}
    )

    assert read_csv(response) == [["id", "url", "name", "status"]]


def test_an_unknown_format_is_a_400(api, catalogue):
    response = api.get("/api/v1/programmes/", {"format": "xml"})

    assert response.status_code == 400
    assert "csv" in response.json()["errors"]["format"][0]


def test_an_unacceptable_accept_header_is_a_406_in_json(api, catalogue):
    response = api.get("/api/v1/programmes/", HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_acceptable"


def test_errors_are_json_even_when_csv_was_asked_for(api, catalogue):
    response = api.get("/api/v1/programmes/", {"format": "csv", "country": "ZZ"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"]["country"] == ["Unknown value: ZZ."]


# One CSV schema for a list, wherever it is downloaded from.
SAME_QUERIES = [
    ("programmes", "country=MX,FR"),
    ("programmes", "pillar=diplomacy-for-science&status=active"),
    ("programmes", ""),
    ("institutions", "country=MX"),
    ("countries", "region=europe"),
    ("cities", ""),
    ("pillars", ""),
    ("references", ""),
]


@pytest.mark.parametrize(("resource", "query"), SAME_QUERIES)
def test_the_list_page_and_the_api_give_the_same_csv(client, api, catalogue, resource, query):
    page = client.get(f"/{resource}/export.csv?{query}")
    from_api = api.get(f"/api/v1/{resource}/?format=csv&{query}")

    assert page.status_code == from_api.status_code == 200
    page_rows = read_csv_text(b"".join(page.streaming_content).decode())
    assert len(page_rows) > 1
    assert page_rows == read_csv(from_api)


def test_the_archive_gives_each_list_as_the_api_csv(api, catalogue):
    archive = zipfile.ZipFile(io.BytesIO(api.get("/api/v1/archive/").getvalue()))

    for resource in ("programmes", "institutions", "countries", "cities", "pillars", "references"):
        from_api = read_csv(api.get(f"/api/v1/{resource}/?format=csv"))
        assert read_csv_text(archive.read(f"data/{resource}.csv").decode()) == from_api, resource


def read_csv_text(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))
