"""The OpenAPI schema: valid OpenAPI 3, complete, and every documented parameter works."""

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_validates_as_openapi_3_without_warnings(tmp_path):
    # --fail-on-warn: drf-spectacular could not resolve something it would otherwise guess.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def test_the_schema_is_served(api, db, schema):
    response = api.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    served = response.json()
    assert served["openapi"].startswith("3.")
    validate_schema(served)
    assert set(served["paths"]) == set(schema["paths"])


def test_the_interactive_docs_are_served_without_any_cdn(client, db):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn." not in page
    assert "unpkg" not in page


def test_the_swagger_ui_script_is_a_file_not_inline(client, db):
    page = client.get("/api/v1/docs/").content.decode()

    assert "<script>" not in page.replace(" ", "")  # the site's CSP allows no inline script


def test_every_resource_has_a_list_and_a_detail(schema):
    for resource in ("pillars", "countries", "cities", "institutions", "programmes", "references"):
        assert "get" in schema["paths"][f"/api/v1/{resource}/"]
        assert "get" in schema["paths"][f"/api/v1/{resource}/{{id}}/"]
    assert "post" in schema["paths"]["/api/v1/programmes/"]
    assert "post" not in schema["paths"]["/api/v1/pillars/"]


def test_every_operation_documents_its_errors_with_the_error_shape(schema):
    assert schema["components"]["schemas"]["Error"]["required"] == [
        "status",
        "code",
        "detail",
        "errors",
    ]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "429"} <= set(responses), (method, path)
            if "{id}" in path:
                assert "404" in responses, (method, path)
            if method != "get":
                assert {"401", "403"} <= set(responses), (method, path)
            else:
                # Anyone reads: no security requirement, and never a 403.
                assert not operation.get("security"), path
                assert "403" not in responses, path
            for code, response in responses.items():
                if code.startswith("4"):
                    content = response["content"]["application/json"]["schema"]
                    shape = "Gone" if code == "410" else "Error"
                    assert content == {"$ref": f"#/components/schemas/{shape}"}


def test_enums_are_named_and_documented(schema):
    components = schema["components"]["schemas"]
    assert "fund" in components["ProgrammeKindEnum"]["enum"]
    assert components["ProgrammeStatusEnum"]["enum"] == [
        "historical",
        "active",
        "proposed",
        "unstated",
    ]
    assert "americas" in components["RegionEnum"]["enum"]


def test_page_size_documents_its_bounds(schema):
    parameters = schema["paths"]["/api/v1/programmes/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")

    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}


KNOWN_VALUES = {
    "country": "MX",
    "country__n": "MX",
    "all_countries": "MX",
    "city": "tokyo",
    "pillar": "science-in-diplomacy",
    "pillar__n": "science-in-diplomacy",
    "institution": "sre",
    "parent": "sre",
    "q": "network",
    "modified_since": "2020-09-01T00:00:00Z",
    "since": "2020-09-01T00:00:00Z",
}


def example_value(parameter):
    if parameter["name"] in KNOWN_VALUES:
        return KNOWN_VALUES[parameter["name"]]
    schema = parameter["schema"]
    items = schema.get("items", schema)
    if "enum" in items:
        return items["enum"][-1]
    if items.get("type") == "integer":
        return items.get("minimum", 1)
    raise AssertionError(f"no example for {parameter['name']}")


def documented_parameters(schema):
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None or "{id}" in path:
            continue
        for parameter in operation.get("parameters", []):
            if parameter["name"] != "cursor":  # a cursor comes from `next` (test_changes.py)
                yield path, parameter


def test_every_documented_parameter_works(api, catalogue, schema):
    tried = 0
    for path, parameter in documented_parameters(schema):
        value = example_value(parameter)
        response = api.get(path, {parameter["name"]: value})
        assert response.status_code == 200, (path, parameter["name"], value, response.content)
        tried += 1
    assert tried > 40


def test_documented_filters_are_exactly_the_filtersets(schema):
    from catalogue.filtersets import PillarFilterSet, ReferenceFilterSet
    from countries.filtersets import CityFilterSet, CountryFilterSet
    from initiatives.filtersets import InstitutionFilterSet, ProgrammeFilterSet

    common = {"page", "page_size", "cursor", "format", "fields"}
    for resource, filterset in {
        "pillars": PillarFilterSet,
        "countries": CountryFilterSet,
        "cities": CityFilterSet,
        "institutions": InstitutionFilterSet,
        "programmes": ProgrammeFilterSet,
        "references": ReferenceFilterSet,
    }.items():
        parameters = schema["paths"][f"/api/v1/{resource}/"]["get"]["parameters"]
        assert {p["name"] for p in parameters} == set(filterset.base_filters) | common
