"""What a client reads: every relation of a record, its links, and exact numbers.

A record shows the same in a list as on its own, its related records come as compact
`{"id", "name", "url"}` objects whose URLs lead to them, and numbers keep their digits.
"""

import csv
import io
from decimal import Decimal

import pytest

from countries.models import City
from initiatives.models import Figure, Programme
from tests.factories import QUOTE

API = "http://testserver/api/v1"


def brief(resource: str, id_: str, name: str) -> dict:
    return {"id": id_, "name": name, "url": f"{API}/{resource}/{id_.lower()}/"}


def test_a_programme_shows_every_relation(api, catalogue):
    bravo = Programme.objects.get(slug="bravo-network")

    body = api.get("/api/v1/programmes/bravo-network/").json()

    assert body == {
        "id": "bravo-network",
        "url": f"{API}/programmes/bravo-network/",
        "html_url": "http://testserver/programmes/bravo-network/",
        "name": "Bravo Network",
        "acronym": "",
        "kind": "network",
        "status": "active",
        "start_year": 2015,
        "end_year": None,
        "part_of": brief("programmes", "alpha-fund", "Alpha Fund"),
        "parts": [],
        "summary": "A programme.",
        "pillars": [
            {
                **brief("pillars", "science-in-diplomacy", "Science in diplomacy"),
                "basis_kind": "example",
                "basis": QUOTE,
                "evidence_passage": "",
            },
            {
                **brief("pillars", "diplomacy-for-science", "Diplomacy for science"),
                "basis_kind": "example",
                "basis": QUOTE,
                "evidence_passage": "",
            },
        ],
        "pillar_note": "",
        "countries": [brief("countries", "JP", "Japan"), brief("countries", "MX", "Mexico")],
        "cities": [brief("cities", "tokyo", "Tokyo")],
        "institutions": [
            {**brief("institutions", "sre", "Ministry of Foreign Affairs"), "role": "lead"},
            {**brief("institutions", "jsps", "Japan Society"), "role": "partner"},
        ],
        "figures": [],
        "evidence": [{"quote": QUOTE, "footnotes": []}],
        "created": body["created"],
        "modified": body["modified"],
    }
    assert body["created"].startswith(bravo.created.date().isoformat())
    alpha = api.get("/api/v1/programmes/alpha-fund/").json()
    assert alpha["parts"] == [brief("programmes", "bravo-network", "Bravo Network")]
    assert alpha["part_of"] is None
    assert alpha["figures"] == [
        {"label": "Budget", "text": "£1.5-billion", "quantity": 1500000000.0, "unit": "GBP"}
    ]


def test_an_institution_and_a_city_show_their_relations(api, catalogue):
    amexcid = api.get("/api/v1/institutions/amexcid/").json()
    sre = api.get("/api/v1/institutions/sre/").json()
    city = api.get("/api/v1/cities/mexico-city/").json()

    assert amexcid["country"] == brief("countries", "MX", "Mexico")
    assert amexcid["parent"] == brief("institutions", "sre", "Ministry of Foreign Affairs")
    assert amexcid["city"] is None
    assert sre["city"] == brief("cities", "mexico-city", "Mexico City")
    assert city["country"] == brief("countries", "MX", "Mexico")


def test_a_country_is_addressed_by_its_lower_case_code(api, catalogue):
    body = api.get("/api/v1/countries/MX/").json()

    assert body["id"] == "MX"
    assert body["url"] == f"{API}/countries/mx/"
    assert body["html_url"] == "http://testserver/countries/mx/"
    assert body["evidence"] == [{"quote": QUOTE, "footnotes": [24]}]


RESOURCES = ["programmes", "institutions", "countries", "cities", "pillars", "references"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_record_shows_the_same_in_a_list_as_on_its_own(api, catalogue, resource):
    records = api.get(f"/api/v1/{resource}/").json()["results"]

    assert records
    for record in records:
        assert api.get(record["url"]).json() == record


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_link_leads_to_the_record_it_names(api, catalogue, resource):
    for record in api.get(f"/api/v1/{resource}/").json()["results"]:
        for related in _briefs(record):
            response = api.get(related["url"])
            assert response.status_code == 200, related
            assert response.json()["id"] == related["id"]
            assert response.json()["name"] == related["name"]


def _briefs(record: dict):
    for value in record.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and {"id", "name", "url"} <= set(item):
                yield item


def test_decimals_keep_their_digits(api, catalogue):
    programme = Programme.objects.get(slug="foxtrot-project")
    Figure.objects.create(
        programme=programme,
        position=1,
        label="Total",
        text="£1.5-billion",
        quantity=Decimal("9876543210987.65"),
    )
    Figure.objects.create(programme=programme, position=0, label="Share", text="£1.5-billion")
    City.objects.filter(slug="tokyo").update(
        latitude=Decimal("35.68951"), longitude=Decimal("-139.69171")
    )

    figures = api.get("/api/v1/programmes/foxtrot-project/").json()["figures"]
    tokyo = api.get("/api/v1/cities/tokyo/").json()
    header, row = list(csv.reader(io.StringIO(api.get("/api/v1/cities/tokyo/?format=csv").text)))

    # In their order (position, then creation), whatever order they were added in.
    assert [(f["label"], f["quantity"]) for f in figures] == [
        ("Share", None),
        ("Total", 9876543210987.65),
    ]
    assert (tokyo["latitude"], tokyo["longitude"]) == (35.68951, -139.69171)
    cells = dict(zip(header, row, strict=True))
    assert (cells["latitude"], cells["longitude"]) == ("35.68951", "-139.69171")
