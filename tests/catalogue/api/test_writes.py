"""Writes: a token with the model permission, validated like the admin (evidence in the paper)."""

import pytest

from tests.factories import QUOTE

OTHER_QUOTE = "Science diplomacy has traveled a long path in Latin America."  # also in the paper


def programme_body(**values):
    body = {
        "id": "golf-initiative",
        "name": "Golf Initiative",
        "kind": "network",
        "status": "active",
        "start_year": 2019,
        "summary": "A network.",
        "countries": ["mx", "GB"],
        "cities": ["tokyo"],
        "pillars": [{"id": "science-in-diplomacy", "basis": QUOTE}],
        "institutions": [{"id": "sre", "role": "lead"}, {"id": "fco", "role": "partner"}],
        "figures": [
            {"label": "Budget", "text": "£1.5-billion", "quantity": 1500000000, "unit": "GBP"}
        ],
        "evidence": [{"quote": f"  {QUOTE}\n", "footnotes": [24]}],
    }
    body.update(values)
    return body


def test_an_editor_creates_a_programme_with_its_relations_and_evidence(editor, api, catalogue):
    response = editor.post("/api/v1/programmes/", programme_body(), format="json")

    assert response.status_code == 201, response.content
    assert response["Location"] == "http://testserver/api/v1/programmes/golf-initiative/"
    body = api.get("/api/v1/programmes/golf-initiative/").json()
    assert [c["id"] for c in body["countries"]] == ["MX", "GB"]  # by name
    assert [c["id"] for c in body["cities"]] == ["tokyo"]
    assert body["pillars"][0]["id"] == "science-in-diplomacy"
    assert {(i["id"], i["role"]) for i in body["institutions"]} == {
        ("sre", "lead"),
        ("fco", "partner"),
    }
    assert body["figures"][0]["quantity"] == 1500000000.0
    # Stored as the loader stores it: white space folded.
    assert body["evidence"] == [{"quote": QUOTE, "footnotes": [24]}]
    assert response.json() == body


def test_evidence_must_be_a_passage_of_the_paper(editor, catalogue):
    body = programme_body(evidence=[{"quote": "Science diplomacy was invented in 2021."}])

    response = editor.post("/api/v1/programmes/", body, format="json")

    assert response.status_code == 400
    assert "does not occur in the paper" in response.json()["errors"]["evidence.0.quote"][0]


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        ({"evidence": []}, "evidence", "may not be empty"),
        ({"evidence": [{"quote": QUOTE, "footnotes": [99]}]}, "evidence.0.footnotes", "99"),
        (
            {"pillars": [{"id": "science-in-diplomacy", "basis": "Made up."}]},
            "pillars.0.basis",
            "paper",
        ),
        ({"figures": [{"label": "Budget", "text": "£9-trillion"}]}, "figures.0.text", "paper"),
        ({"countries": ["ZZ"]}, "countries", "Unknown value: ZZ"),
        ({"institutions": [{"id": "sre", "role": "boss"}]}, "institutions.0.role", "valid choice"),
        ({"kind": "party"}, "kind", "valid choice"),
        ({"start_year": 2020, "end_year": 2010}, "non_field_errors", "end year cannot be before"),
        ({"start_year": 99999}, "start_year", "less than or equal to 2100"),
        ({"name": "alpha fund"}, "non_field_errors", "programme_unique_name"),
        ({"id": "alpha-fund"}, "id", "already exists"),
        ({"id": "not a slug"}, "id", "slug"),
        ({"part_of": "nowhere"}, "part_of", "Unknown value"),
        # JSON types are kept: no "2019" for 2019, no 0 for "0", no object for a list.
        ({"start_year": "2019"}, "start_year", "valid integer"),
        ({"name": 42}, "name", "string is required"),
        ({"evidence": [{"quote": 0}]}, "evidence.0.quote", "string is required"),
        ({"evidence": [{"quote": QUOTE, "footnotes": {}}]}, "evidence.0.footnotes", "list"),
        ({"countries": {"MX": True}}, "countries", "list"),
    ],
)
def test_invalid_writes_are_400s_naming_the_field(editor, catalogue, values, field, reason):
    response = editor.post("/api/v1/programmes/", programme_body(**values), format="json")

    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors, errors
    assert reason in " ".join(errors[field])


def test_a_record_needs_evidence(editor, catalogue):
    body = programme_body()
    del body["evidence"]

    response = editor.post("/api/v1/programmes/", body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["evidence"] == ["This field is required."]


def test_an_editor_updates_a_record_and_its_modified_date_moves(editor, api, catalogue):
    before = api.get("/api/v1/countries/jp/").json()

    response = editor.patch("/api/v1/countries/jp/", {"name": "Nippon"}, format="json")

    assert response.status_code == 200, response.content
    after = api.get("/api/v1/countries/jp/").json()
    assert after["name"] == "Nippon"
    assert after["modified"] > before["modified"]
    assert after["evidence"] == before["evidence"]  # left alone when not sent


def test_changing_only_the_evidence_moves_the_modified_date(editor, api, catalogue):
    before = api.get("/api/v1/cities/tokyo/").json()

    response = editor.patch(
        "/api/v1/cities/tokyo/", {"evidence": [{"quote": OTHER_QUOTE}]}, format="json"
    )

    assert response.status_code == 200, response.content
    after = api.get("/api/v1/cities/tokyo/").json()
    assert after["evidence"] == [{"quote": OTHER_QUOTE, "footnotes": []}]
    assert after["modified"] > before["modified"]


def test_put_replaces_a_programmes_relations(editor, api, catalogue):
    body = programme_body(id="bravo-network", name="Bravo Network", countries=["FR"], cities=[])

    response = editor.put("/api/v1/programmes/bravo-network/", body, format="json")

    assert response.status_code == 200, response.content
    after = api.get("/api/v1/programmes/bravo-network/").json()
    assert [c["id"] for c in after["countries"]] == ["FR"]
    assert after["cities"] == []


def test_a_country_is_created_with_its_code_in_capitals(editor, api, catalogue):
    body = {
        "id": "pt",
        "name": "Portugal",
        "iso3": "prt",
        "region": "europe",
        "subregion": "southern-europe",
        "summary": "A country.",
        "evidence": [{"quote": QUOTE}],
    }

    response = editor.post("/api/v1/countries/", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["id"] == "PT"
    assert api.get("/api/v1/countries/pt/").json()["iso3"] == "PRT"


def test_a_city_is_created_in_a_country(editor, catalogue):
    body = {
        "id": "kyoto",
        "name": "Kyoto",
        "country": "jp",
        "kind": "city",
        "latitude": 35.02107,
        "longitude": 135.75385,
        "summary": "A city.",
        "evidence": [{"quote": QUOTE}],
    }

    response = editor.post("/api/v1/cities/", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["country"]["id"] == "JP"
    assert response.json()["latitude"] == 35.02107


def test_an_institution_cannot_become_its_own_ancestor(editor, catalogue):
    response = editor.patch("/api/v1/institutions/sre/", {"parent": "amexcid"}, format="json")

    assert response.status_code == 400
    assert "own ancestor" in response.json()["errors"]["parent"][0]


def test_deleting_a_record_others_refer_to_is_a_409(editor, catalogue):
    response = editor.delete("/api/v1/countries/jp/")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert "Tokyo" in body["detail"]


def test_an_editor_deletes_a_programme(editor, api, catalogue):
    assert editor.delete("/api/v1/programmes/foxtrot-project/").status_code == 204
    assert api.get("/api/v1/programmes/foxtrot-project/").status_code == 410


def test_a_token_with_only_the_change_permission_cannot_delete(api, catalogue):
    from django.contrib.auth.models import Permission, User
    from rest_framework.authtoken.models import Token

    user = User.objects.create_user("changer")
    user.user_permissions.add(Permission.objects.get(codename="change_programme"))
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    assert (
        api.patch("/api/v1/programmes/alpha-fund/", {"acronym": "AF"}, format="json").status_code
        == 200
    )
    assert api.delete("/api/v1/programmes/alpha-fund/").status_code == 403


def test_a_patched_list_is_written_whole(editor, catalogue):
    response = editor.patch(
        "/api/v1/programmes/alpha-fund/", {"evidence": [{"footnotes": [24]}]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"evidence.0.quote": ["This field is required."]}


def test_a_country_code_is_two_letters(editor, catalogue):
    body = {
        "id": "00",
        "name": "Nowhere",
        "iso3": "NWH",
        "summary": "-",
        "evidence": [{"quote": QUOTE}],
    }

    response = editor.post("/api/v1/countries/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["id"]


def test_the_history_names_the_token_holder(editor, catalogue):
    from initiatives.models import Programme

    editor.patch("/api/v1/programmes/alpha-fund/", {"acronym": "AF"}, format="json")

    change = Programme.history.filter(slug="alpha-fund").latest("history_date")
    assert change.acronym == "AF"
    assert change.history_user.username == "editor"


SCIENCE_IN = (
    "Science in diplomacy highlights science's role in providing accurate data and scientific "
    "evidence to support the design and implementation of foreign policies."
)


@pytest.fixture
def defined_pillar(catalogue):
    from catalogue.models import Pillar

    Pillar.objects.filter(slug="science-in-diplomacy").update(definition_quote=SCIENCE_IN)


def by_definition(**link):
    return {"id": "science-in-diplomacy", "basis_kind": "definition", **link}


def test_an_editor_places_a_programme_by_the_papers_definition(editor, api, defined_pillar):
    link = by_definition(basis=SCIENCE_IN, evidence_passage="a strategic instrument of diplomacy")
    response = editor.post("/api/v1/programmes/", programme_body(pillars=[link]), format="json")

    assert response.status_code == 201, response.content
    [saved] = api.get("/api/v1/programmes/golf-initiative/").json()["pillars"]
    assert (saved["basis_kind"], saved["basis"], saved["evidence_passage"]) == (
        "definition",
        SCIENCE_IN,
        "a strategic instrument of diplomacy",
    )


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        (
            by_definition(basis=QUOTE, evidence_passage="a strategic instrument of diplomacy"),
            "quotes the paper's definition",
        ),
        (
            by_definition(basis=SCIENCE_IN, evidence_passage=OTHER_QUOTE),
            "part of the programme's own evidence",
        ),
        (by_definition(basis=SCIENCE_IN), "part of the programme's own evidence"),
        (
            {"id": "science-in-diplomacy", "basis": QUOTE, "evidence_passage": OTHER_QUOTE},
            "takes no evidence_passage",
        ),
    ],
)
def test_a_basis_that_does_not_match_its_kind_is_a_400(editor, defined_pillar, link, reason):
    response = editor.post("/api/v1/programmes/", programme_body(pillars=[link]), format="json")

    assert response.status_code == 400
    assert any(reason in message for message in response.json()["errors"]["pillars"])
