"""A programme's pillar rests on one of two kinds of basis: the paper's example of the pillar,
or the paper's definition of it (a curator's reading, quoting the definition's sentence and the
programme's own evidence of the activity). Pages, API, filter and loader all say which."""

import shutil

import pytest
import yaml
from django.http import QueryDict

from catalogue.facets import facet_counts
from catalogue.paper import normalise, occurs_in_paper
from initiatives.catalogue import CatalogueError, read_catalogue
from initiatives.filtersets import ProgrammeFilterSet
from initiatives.models import Programme, ProgrammePillar
from tests.factories import QUOTE, make_country, make_pillar, make_programme

pytestmark = pytest.mark.django_db

SCIENCE_FOR = (
    "Science for diplomacy is based on the deployment of science as a tool of soft power to "
    "strengthen international cooperation and establish new channels of communication between "
    "countries, regions and societies."
)
DIPLOMACY_FOR = (
    "Diplomacy for science refers to the efforts of governments to promote science and "
    "innovation in their foreign policy via agreements for the transfer of know-how and "
    "technology, the mobility of international researchers and the financing of transnational "
    "projects, among other initiatives."
)
ACTIVITY = "a strategic instrument of diplomacy"  # part of QUOTE, every factory record's evidence


@pytest.fixture
def placed():
    """One programme per kind of basis, and one in no pillar."""
    mx = make_country(iso2="MX", iso3="MEX", name="Mexico", region="americas")
    pillar = make_pillar(
        slug="science-for-diplomacy", name="Science for diplomacy", definition_quote=SCIENCE_FOR
    )
    example = make_programme(slug="by-example", name="By example", pillars=[pillar])
    by_definition = make_programme(slug="by-definition", name="By definition", countries=[mx])
    ProgrammePillar.objects.create(
        programme=by_definition,
        pillar=pillar,
        basis_kind="definition",
        basis=SCIENCE_FOR,
        evidence_passage=ACTIVITY,
    )
    unplaced = make_programme(
        slug="unplaced", name="Unplaced", pillar_note="The paper names it only."
    )
    return {"pillar": pillar, "example": example, "definition": by_definition, "none": unplaced}


def selected(query: str) -> set[str]:
    filterset = ProgrammeFilterSet(QueryDict(query), queryset=Programme.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("slug", flat=True))


# ------------------------------------------------------------------ the filter and its facet


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pillar_basis=example", {"by-example"}),
        ("pillar_basis=definition", {"by-definition"}),
        ("pillar_basis=none", {"unplaced"}),
        ("pillar_basis=example,definition", {"by-example", "by-definition"}),
        ("pillar_basis=definition&country=MX", {"by-definition"}),
        ("pillar_basis=example&country=MX", set()),
        ("pillar_basis=", {"by-example", "by-definition", "unplaced"}),
    ],
)
def test_the_filterset_selects_by_kind_of_basis(placed, query, expected):
    assert selected(query) == expected


def test_an_unknown_kind_of_basis_is_an_error():
    filterset = ProgrammeFilterSet(
        QueryDict("pillar_basis=rumour"), queryset=Programme.objects.all()
    )
    assert not filterset.is_valid()
    assert "pillar_basis" in filterset.errors


def test_the_facet_counts_each_kind_and_no_pillar(placed):
    filterset = ProgrammeFilterSet(QueryDict(""), queryset=Programme.objects.all())
    assert filterset.is_valid()
    facet = facet_counts(filterset)["pillar_basis"]
    assert [(entry["value"], entry["label"], entry["count"]) for entry in facet] == [
        ("example", "The paper's example of a pillar", 1),
        ("definition", "Placed by the paper's definition", 1),
        ("none", "No pillar", 1),
    ]


# ------------------------------------------------------------------ pages


def test_the_programme_page_says_the_kind_of_basis_in_words(client, placed):
    body = client.get("/programmes/by-definition/").content.decode()
    assert "Placed here by the paper&#x27;s definition of the pillar" in body
    assert SCIENCE_FOR.replace("'", "&#x27;") in body  # a whole sentence: no ellipsis
    assert f"…{ACTIVITY}…" in body  # a passage from inside a sentence says so
    assert "curator's reading" in body  # translated text, as written

    body = client.get("/programmes/by-example/").content.decode()
    assert "The paper&#x27;s example of this pillar" in body
    assert "Placed here by the paper" not in body


def test_an_unplaced_programme_gives_the_curators_reason(client, placed):
    body = client.get("/programmes/unplaced/").content.decode()
    assert "Not placed in a pillar" in body
    assert "The paper names it only." in body


def test_the_pillar_page_says_how_each_programme_is_placed(client, placed):
    body = client.get("/pillars/science-for-diplomacy/").content.decode()
    section = body.split('id="programmes-heading"')[1].split("</section>")[0]
    assert "1 programme is the paper's example of this pillar;" in section
    assert "1 is placed here by the paper's definition of the pillar" in section
    by_definition = section.split('href="/programmes/by-definition/"')[1].split("</li>")[0]
    assert "Placed here by the paper&#x27;s definition of the pillar" in by_definition


def test_the_list_page_filters_and_counts_by_kind_of_basis(client, placed):
    body = client.get("/programmes/?pillar_basis=definition").content.decode()
    assert 'href="/programmes/by-definition/"' in body
    assert 'href="/programmes/by-example/"' not in body
    assert "No pillar" in body  # the facet's value for programmes in no pillar

    response = client.get("/programmes/?pillar_basis=rumour")
    assert response.status_code == 400


def test_the_spanish_page_says_it_in_spanish(client, placed):
    body = client.get("/es/programmes/by-definition/").content.decode()
    assert "Situado aquí por la definición del pilar que da el documento" in body


# ------------------------------------------------------------------ API


def test_the_api_shows_the_kind_of_basis_and_the_evidence_of_the_activity(client, placed):
    body = client.get("/api/v1/programmes/by-definition/").json()
    [link] = body["pillars"]
    assert link["basis_kind"] == "definition"
    assert link["basis"] == SCIENCE_FOR
    assert link["evidence_passage"] == ACTIVITY

    example = client.get("/api/v1/programmes/by-example/").json()
    assert example["pillars"][0]["basis_kind"] == "example"
    assert example["pillars"][0]["evidence_passage"] == ""
    assert client.get("/api/v1/programmes/unplaced/").json()["pillar_note"] == (
        "The paper names it only."
    )


def test_the_api_filters_by_kind_of_basis_with_the_pages_filter(client, placed):
    body = client.get("/api/v1/programmes/?pillar_basis=definition,none").json()
    assert {row["id"] for row in body["results"]} == {"by-definition", "unplaced"}
    facets = client.get("/api/v1/programmes/facets/?pillar_basis=none").json()
    assert {entry["value"]: entry["count"] for entry in facets["facets"]["pillar_basis"]} == {
        "example": 1,
        "definition": 1,
        "none": 1,
    }
    error = client.get("/api/v1/programmes/?pillar_basis=rumour")
    assert error.status_code == 400
    assert "pillar_basis" in error.json()["errors"]


def test_the_schema_documents_the_kind_of_basis(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    link = schema["components"]["schemas"]["ProgrammePillar"]["properties"]
    kinds = link["basis_kind"]
    enum = kinds.get("enum") or schema["components"]["schemas"][
        kinds["allOf"][0]["$ref"].rsplit("/", 1)[1]
    ].get("enum")
    assert set(enum) == {"example", "definition"}
    assert "evidence_passage" in link
    parameters = schema["paths"]["/api/v1/programmes/"]["get"]["parameters"]
    assert any(parameter["name"] == "pillar_basis" for parameter in parameters)


# ------------------------------------------------------------------ the real catalogue


# ------------------------------------------------------------------ the loader


def _with_programme_change(tmp_path, change):
    directory = tmp_path / "fixtures"
    shutil.copytree("tests/catalogue_sample", directory)
    path = directory / "programmes.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    pillars = directory / "pillars.yaml"
    pillar_records = yaml.safe_load(pillars.read_text(encoding="utf-8"))
    for pillar in pillar_records:
        if pillar["slug"] == "diplomacy-for-science":
            pillar["definition_quote"] = DIPLOMACY_FOR
    pillars.write_text(yaml.safe_dump(pillar_records, allow_unicode=True), encoding="utf-8")
    return directory


def _place_first(records, **link):
    records[0]["pillars"] = [{"pillar": "diplomacy-for-science", **link}]
    records[0]["pillar_note"] = ""


def test_the_loader_takes_a_placement_by_definition(tmp_path):
    first = {}

    def change(records):
        first["evidence"] = records[0]["evidence"][0]["quote"]
        _place_first(
            records,
            basis_kind="definition",
            basis=DIPLOMACY_FOR,
            evidence_passage=" ".join(first["evidence"].split()[:6]),
        )

    read_catalogue(_with_programme_change(tmp_path, change))


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        (
            {"basis_kind": "definition", "basis": QUOTE, "evidence_passage": "placeholder"},
            "quotes the paper's definition of the pillar",
        ),
        (
            {"basis_kind": "definition", "basis": DIPLOMACY_FOR, "evidence_passage": QUOTE},
            "must be part of the programme's own evidence",
        ),
        (
            {"basis_kind": "definition", "basis": DIPLOMACY_FOR},
            "must be part of the programme's own evidence",
        ),
        (
            {"basis_kind": "example", "basis": QUOTE, "evidence_passage": QUOTE},
            "an example needs no evidence_passage",
        ),
        ({"basis_kind": "rumour", "basis": QUOTE}, "basis_kind"),
    ],
)
def test_the_loader_refuses_a_basis_that_does_not_match_its_kind(tmp_path, link, reason):
    def change(records):
        _place_first(records, **link)
        if link.get("evidence_passage") == "placeholder":
            link["evidence_passage"] = " ".join(records[0]["evidence"][0]["quote"].split()[:6])
            _place_first(records, **link)

    with pytest.raises(CatalogueError) as error:
        read_catalogue(_with_programme_change(tmp_path, change))
    assert reason in str(error.value)


# ------------------------------------------------------------------ slips found in review


def test_a_programme_without_a_country_says_the_paper_does_not_locate_it(client, placed):
    body = client.get("/programmes/by-example/").content.decode()
    assert "Location not stated in the paper" in body


@pytest.mark.parametrize(
    ("passage", "shown"),
    [
        (SCIENCE_FOR, SCIENCE_FOR),
        (
            "the Newton Fund, which provides scholarships",
            "…the Newton Fund, which provides scholarships…",
        ),
        (
            "Two prime examples are the European Organization for Nuclear Research (CERN), "
            "established after World War II;",
            "Two prime examples are the European Organization for Nuclear Research (CERN), "
            "established after World War II…",
        ),
    ],
)
def test_a_passage_from_inside_a_sentence_is_shown_with_an_ellipsis(passage, shown):
    from catalogue.paper import as_excerpt

    assert as_excerpt(passage) == shown


# Last in the module: the paper's catalogue stays loaded from here to the module's end.
def test_every_placement_by_definition_quotes_the_definition_and_the_programmes_evidence(
    full_catalogue,
):
    links = ProgrammePillar.objects.select_related("pillar", "programme")
    by_definition = [link for link in links if link.basis_kind == "definition"]
    assert by_definition
    for link in by_definition:
        pillar, programme = link.pillar, link.programme
        # The definition's sentence, as the paper prints it, opening with the pillar's name.
        assert link.basis == pillar.definition_quote, programme.slug
        assert occurs_in_paper(link.basis)
        assert link.basis.startswith(pillar.name), programme.slug
        # ... and a passage of the programme's own evidence.
        quotes = [normalise(e.quote) for e in programme.evidence.all()]
        assert any(link.evidence_passage in quote for quote in quotes), programme.slug
        assert occurs_in_paper(link.evidence_passage)
    for link in links:
        if link.basis_kind == "example":
            assert link.evidence_passage == "" and occurs_in_paper(link.basis)


def test_every_programme_is_placed_or_says_why_not(full_catalogue):
    for programme in Programme.objects.prefetch_related("pillar_links"):
        placed = bool(programme.pillar_links.all())
        assert placed != bool(programme.pillar_note), programme.slug


def test_the_catalogues_counts_by_pillar_and_kind_of_basis(full_catalogue):
    assert Programme.objects.count() == 116
    assert Programme.objects.filter(pillar_links__isnull=False).distinct().count() == 40
    by_kind = {
        kind: ProgrammePillar.objects.filter(basis_kind=kind).count()
        for kind in ("example", "definition")
    }
    assert by_kind == {"example": 10, "definition": 30}
    mexico = Programme.objects.filter(countries__iso2="MX")
    assert mexico.count() == 31
    # 13: the talent network the paper recommends (re-review) is placed like Barcelona Alumni.
    assert mexico.filter(pillar_links__isnull=False).distinct().count() == 13


def test_the_home_matrix_counts_the_new_placements(client, full_catalogue):
    body = client.get("/").content.decode()
    matrix = body.split('id="matrix-heading"')[1].split("</section>")[0]
    # Science in diplomacy now has programmes in a region (the advisers at foreign ministries).
    assert 'href="/programmes/?pillar=science-in-diplomacy&amp;region=americas"' in matrix
    assert 'href="/programmes/?pillar=science-in-diplomacy&amp;region=oceania"' in matrix
    # A row for programmes in no pillar, a column for programmes with no country, totals.
    assert 'href="/programmes/?pillar_basis=none"' in matrix
    assert "Global or not located" in matrix
    in_pillar = Programme.objects.filter(pillars__slug="science-in-diplomacy").distinct()
    americas = in_pillar.filter(countries__region="americas").distinct().count()
    assert f'aria-label="Science in diplomacy, Americas: {americas}"' in matrix
    assert f'aria-label="Science in diplomacy, total: {in_pillar.count()}"' in matrix
    unplaced = Programme.objects.filter(pillar_links__isnull=True).count()
    assert f'aria-label="No pillar, total: {unplaced}"' in matrix
    assert f'aria-label="All programmes, total: {Programme.objects.count()}"' in matrix


def test_the_catalogue_says_only_what_the_paper_says_of_these_records(full_catalogue):
    from initiatives.models import Institution

    # 1942-1946 are the years Needham headed the mission, not the mission's own dates.
    mission = Programme.objects.get(slug="british-scientific-mission-in-china")
    assert (mission.start_year, mission.end_year) == (None, None)
    # The paper names the AAAS scholarship program and the fellowships model apart.
    assert Programme.objects.filter(kind="fellowship", slug__startswith="aaas-").count() == 2
    # Statuses the paper gives only in the past tense are not stated as active.
    for slug in ("panama-science-diplomacy-strategy", "bolivia-scientific-ambassador-model"):
        assert Programme.objects.get(slug=slug).status == "unstated"
    # A coordinator, an operator or a channel is no parent.
    for slug in (
        "innovation-centre-denmark",
        "invest-in-denmark",
        "incytu",
        "institute-of-mexicans-abroad",
    ):
        assert Institution.objects.get(slug=slug).parent is None
    # CERN "is officially overseen by the United Nations".
    cern = Programme.objects.get(slug="cern")
    assert cern.institution_links.get(role="overseer").institution.slug == "united-nations"
    # The sentence WMO's and UNEP's quote belongs to ends with footnote mark 7.
    for slug in ("wmo", "unep"):
        [evidence] = Institution.objects.get(slug=slug).evidence.all()
        assert evidence.footnote_numbers == [7]
