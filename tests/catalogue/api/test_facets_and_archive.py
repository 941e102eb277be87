"""Facet counts for the current filters, and the whole-catalogue archive (the dataset)."""

import csv
import io
import json
import zipfile

from django.utils import timezone

FACETS = {
    "pillar",
    "pillar_basis",
    "country",
    "region",
    "city",
    "institution",
    "kind",
    "status",
    "decade",
}


def values(facet):
    return {item["value"]: item["count"] for item in facet}


def test_facets_count_every_value_under_no_filter(api, catalogue):
    body = api.get("/api/v1/programmes/facets/").json()

    assert body["count"] == 6
    assert set(body["facets"]) == FACETS
    assert values(body["facets"]["kind"]) == {
        "fund": 1,
        "network": 1,
        "expedition": 1,
        "strategy": 1,
        "fellowship": 1,
        "other": 1,
    }
    assert values(body["facets"]["country"]) == {"MX": 2, "JP": 2, "GB": 2, "FR": 2}
    assert values(body["facets"]["decade"]) == {1870: 1, 1950: 1, 1990: 1, 2010: 2}
    for facet in body["facets"].values():
        for item in facet:
            assert set(item) == {"value", "label", "count", "selected"}


def test_each_facet_counts_under_the_other_filters(api, catalogue):
    body = api.get("/api/v1/programmes/facets/", {"country": "GB", "kind": "fund"}).json()

    assert body["count"] == 1
    # Kinds are counted among the British programmes, whatever kind is chosen.
    assert values(body["facets"]["kind"]) == {"fund": 1, "fellowship": 1}
    # Countries are counted among funds, whatever country is chosen.
    assert values(body["facets"]["country"]) == {"GB": 1}
    selected = {item["value"] for item in body["facets"]["kind"] if item["selected"]}
    assert selected == {"fund"}
    assert [item["label"] for item in body["facets"]["kind"] if item["value"] == "fund"] == ["Fund"]


def test_facets_take_the_list_filters_and_refuse_invalid_ones(api, catalogue):
    response = api.get("/api/v1/programmes/facets/", {"country": "ZZ"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"country": ["Unknown value: ZZ."]}
    assert api.get("/api/v1/programmes/facets/", {"page": 2}).status_code == 400


def open_archive(response):
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def test_the_archive_is_the_dataset_with_every_resource_as_json_and_csv(api, catalogue):
    response = api.get("/api/v1/archive/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="diplohub-catalogue-')
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    archive = open_archive(response)
    resources = ["pillars", "countries", "cities", "institutions", "programmes", "references"]
    links = ["countries", "cities", "institutions", "pillars"]
    assert sorted(archive.namelist()) == sorted(
        [
            "datapackage.json",
            "README.md",
            *(f"data/{name}.{kind}" for name in resources for kind in ("csv", "json")),
            *(f"data/programme_{name}.csv" for name in links),
        ]
    )
    programmes = json.loads(archive.read("data/programmes.json"))
    assert sorted(p["id"] for p in programmes) == catalogue["programmes"]
    # The same representation as the API's.
    alpha = next(p for p in programmes if p["id"] == "alpha-fund")
    assert alpha == api.get("/api/v1/programmes/alpha-fund/").json()
    rows = list(csv.reader(io.StringIO(archive.read("data/countries.csv").decode())))
    assert rows[0] == list(api.get("/api/v1/countries/mx/").json())
    assert sorted(row[0] for row in rows[1:]) == ["FR", "GB", "JP", "MX"]
    links = list(csv.reader(io.StringIO(archive.read("data/programme_countries.csv").decode())))
    assert links[0] == ["programme", "country"]
    assert sorted(country for programme, country in links[1:] if programme == "alpha-fund") == [
        country["id"] for country in sorted(alpha["countries"], key=lambda c: c["id"])
    ]


def test_the_archive_names_the_catalogues_version_and_date(api, catalogue):
    from countries.models import Country
    from initiatives.models import Programme

    package = json.loads(open_archive(api.get("/api/v1/archive/")).read("datapackage.json"))
    manifest = package["catalogue"]

    assert manifest["counts"]["programmes"] == 6
    # The date of the last writing transaction: on PostgreSQL the time of its first write
    # (the version changes once per transaction), so no earlier than the first record.
    first = min(Programme.objects.values_list("created", flat=True))
    first = min(first, *Country.objects.values_list("created", flat=True))
    assert first.isoformat()[:19] <= manifest["date"] <= timezone.now().isoformat()
    assert manifest["version"] == package["version"]

    Programme.objects.filter(slug="foxtrot-project").delete()
    again = json.loads(open_archive(api.get("/api/v1/archive/")).read("datapackage.json"))
    assert again["version"] != package["version"]
    assert again["catalogue"]["counts"]["programmes"] == 5


def test_the_same_catalogue_gives_the_same_archive(api, catalogue):
    first = api.get("/api/v1/archive/")
    second = api.get("/api/v1/archive/")

    assert first.getvalue() == second.getvalue()
    assert api.get("/api/v1/archive/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
