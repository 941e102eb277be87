"""Contract tests for every resource: the root, lists, details and their representations."""

import pytest

RESOURCES = ("pillars", "countries", "cities", "institutions", "programmes", "references")


def test_root_lists_every_resource_and_the_documentation(api, db):
    response = api.get("/api/v1/")

    assert response.status_code == 200
    body = response.json()
    for name in RESOURCES:
        assert body[name] == f"http://testserver/api/v1/{name}/"
    for name in ("facets", "archive", "schema", "docs"):
        assert body[name].startswith("http://testserver/api/v1/")


def test_root_states_the_datas_licence_and_that_the_quotes_are_the_papers(api, db):
    licence = api.get("/api/v1/").json()["license"]

    assert licence["name"] == "CC-BY-4.0"
    assert licence["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "The quotations are the paper's, under its terms" in licence["rights"]
    spanish = api.get("/api/v1/", HTTP_ACCEPT_LANGUAGE="es").json()["license"]
    assert spanish["name"] == "CC-BY-4.0" and spanish["rights"] != licence["rights"]


@pytest.mark.parametrize(
    "url", ["/api/v1/programmes/", "/api/v1/countries/?format=csv", "/api/v1/countries/mx/"]
)
def test_api_responses_name_the_licence_in_a_link_header(api, catalogue, url):
    response = api.get(url)

    assert response.status_code == 200
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_object_has_id_url_html_url_evidence_and_timestamps(api, catalogue, resource):
    if resource == "references":
        from catalogue.models import Reference

        Reference.objects.get_or_create(number=30, defaults={"text": "José Vergara Laguna."})
    results = api.get(f"/api/v1/{resource}/").json()["results"]

    assert results
    for record in results:
        assert {"id", "url", "html_url", "evidence", "created", "modified"} <= set(record)
        assert record["url"].startswith(f"http://testserver/api/v1/{resource}/")
        assert record["evidence"], record["id"]
        for evidence in record["evidence"]:
            assert set(evidence) == {"quote", "footnotes"}
        # The object's url leads to the same object.
        assert api.get(record["url"]).json()["id"] == record["id"]


def test_no_integer_primary_key_appears(api, catalogue):
    from initiatives.models import Programme

    programme = Programme.objects.get(slug="bravo-network")
    body = api.get("/api/v1/programmes/bravo-network/").content.decode()

    assert '"id":"bravo-network"' in body
    assert f"/{programme.pk}/" not in body
    assert '"pk"' not in body


def test_countries_are_addressed_by_iso_code_in_any_case(api, catalogue):
    lower = api.get("/api/v1/countries/mx/")
    upper = api.get("/api/v1/countries/MX/")

    assert lower.status_code == upper.status_code == 200
    assert lower.json()["id"] == upper.json()["id"] == "MX"
    assert lower.json()["url"] == "http://testserver/api/v1/countries/mx/"
    assert lower.json()["html_url"] == "http://testserver/countries/mx/"


def test_references_are_addressed_by_footnote_number(api, catalogue):
    body = api.get("/api/v1/references/24/").json()

    assert body["id"] == 24
    assert body["evidence"] == [{"quote": "Ibid., p. 10.", "footnotes": [24]}]
    assert body["source_url"] is None


def test_a_programme_carries_its_relations_as_compact_objects(api, catalogue):
    body = api.get("/api/v1/programmes/bravo-network/").json()

    assert body["kind"] == "network"
    assert body["status"] == "active"
    assert (body["start_year"], body["end_year"]) == (2015, None)
    assert body["countries"] == [
        {"id": "JP", "name": "Japan", "url": "http://testserver/api/v1/countries/jp/"},
        {"id": "MX", "name": "Mexico", "url": "http://testserver/api/v1/countries/mx/"},
    ]
    assert [pillar["id"] for pillar in body["pillars"]] == [
        "science-in-diplomacy",
        "diplomacy-for-science",
    ]
    assert all(pillar["basis"] for pillar in body["pillars"])
    assert body["cities"] == [
        {"id": "tokyo", "name": "Tokyo", "url": "http://testserver/api/v1/cities/tokyo/"}
    ]
    assert {(item["id"], item["role"]) for item in body["institutions"]} == {
        ("sre", "lead"),
        ("jsps", "partner"),
    }
    assert body["part_of"]["id"] == "alpha-fund"


def test_figures_keep_the_papers_text_and_a_numeric_quantity(api, catalogue):
    body = api.get("/api/v1/programmes/alpha-fund/").json()

    assert body["figures"] == [
        {"label": "Budget", "text": "£1.5-billion", "quantity": 1500000000.0, "unit": "GBP"}
    ]
    assert body["parts"] == [
        {
            "id": "bravo-network",
            "name": "Bravo Network",
            "url": "http://testserver/api/v1/programmes/bravo-network/",
        }
    ]


def test_any_quantity_a_curator_can_save_is_shown(api, catalogue):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from initiatives.models import Figure

    figure = Figure.objects.get(programme__slug="alpha-fund")
    figure.quantity = Decimal("1234567890123.45")  # the most digits a quantity may have
    figure.full_clean()
    figure.save()
    body = api.get("/api/v1/programmes/alpha-fund/").json()
    assert body["figures"][0]["quantity"] == 1234567890123.45
    figure.quantity = Decimal("12345678901234.56")  # one more: refused, as the API refuses it
    with pytest.raises(ValidationError, match="15 digits"):
        figure.full_clean()


def test_evidence_lists_its_footnote_numbers(api, catalogue):
    body = api.get("/api/v1/countries/gb/").json()

    assert body["evidence"][0]["footnotes"] == [24]
    assert body["programme_count"] == 2


def test_institution_shows_country_city_and_parent(api, catalogue):
    body = api.get("/api/v1/institutions/amexcid/").json()

    assert body["country"]["id"] == "MX"
    assert body["city"] is None
    assert body["parent"] == {
        "id": "sre",
        "name": "Ministry of Foreign Affairs",
        "url": "http://testserver/api/v1/institutions/sre/",
    }


def test_city_coordinates_are_numbers(api, catalogue):
    from countries.models import City

    City.objects.filter(slug="tokyo").update(latitude="35.68950", longitude="139.69171")
    body = api.get("/api/v1/cities/tokyo/").json()

    assert body["latitude"] == 35.6895
    assert body["longitude"] == 139.69171
    assert body["country"]["id"] == "JP"


def test_fields_parameter_keeps_only_the_chosen_fields_plus_id_and_url(api, catalogue):
    body = api.get("/api/v1/programmes/", {"fields": "name,kind"}).json()

    assert set(body["results"][0]) == {"id", "url", "name", "kind"}
    detail = api.get("/api/v1/programmes/alpha-fund/", {"fields": "countries"}).json()
    assert set(detail) == {"id", "url", "countries"}
    # Nested objects keep all their fields.
    assert set(detail["countries"][0]) == {"id", "name", "url"}


def test_fields_parameter_refuses_unknown_fields(api, catalogue):
    response = api.get("/api/v1/programmes/", {"fields": "name,budget"})

    assert response.status_code == 400
    assert "budget" in response.json()["errors"]["fields"][0]


def test_html_url_is_null_rather_than_an_error_when_no_page_routes_the_record(
    api, catalogue, monkeypatch
):
    from django.urls import NoReverseMatch

    from initiatives.models import Programme

    def no_page(self):
        raise NoReverseMatch("no page")

    monkeypatch.setattr(Programme, "get_absolute_url", no_page)
    response = api.get("/api/v1/programmes/alpha-fund/")

    assert response.status_code == 200
    assert response.json()["html_url"] is None
