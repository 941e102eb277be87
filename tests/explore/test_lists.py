"""The list pages: every filter parameter, invalid values, facets, chips, paging, exports."""

import csv
import io
import json
import re

import pytest

from countries.models import Country
from initiatives.models import Programme
from tests.explore.conftest import slugs
from tests.factories import (
    make_city,
    make_country,
    make_institution,
    make_pillar,
    make_programme,
)


@pytest.fixture
def world(db):
    """Five programmes whose filters each pick out a different subset."""
    mx = make_country(
        iso2="MX",
        iso3="MEX",
        name="Mexico",
        region="americas",
        subregion="latin-america-and-the-caribbean",
    )
    cl = make_country(
        iso2="CL",
        iso3="CHL",
        name="Chile",
        region="americas",
        subregion="latin-america-and-the-caribbean",
    )
    gb = make_country(
        iso2="GB", iso3="GBR", name="United Kingdom", region="europe", subregion="northern-europe"
    )
    bogota = make_city(name="Bogotá", slug="bogota", country=mx)
    sid = make_pillar(slug="science-in-diplomacy", name="Science in diplomacy", position=1)
    dfs = make_pillar(slug="diplomacy-for-science", name="Diplomacy for science", position=2)
    fco = make_institution(slug="fco", name="Foreign Office", country=gb)
    make_programme(
        slug="newton-fund",
        name="Newton Fund",
        countries=[gb, mx, cl],
        pillars=[dfs],
        institutions=[(fco, "funder")],
        start_year=2014,
    )
    make_programme(
        slug="venus",
        name="Venus transit expedition",
        kind="expedition",
        status="historical",
        countries=[mx],
        start_year=1874,
        end_year=1874,
    )
    make_programme(
        slug="chile-network",
        name="Chilean network",
        kind="network",
        countries=[cl],
        pillars=[sid],
        start_year=2001,
        end_year=2010,
    )
    make_programme(
        slug="bogota-forum",
        name="Forum in Bogotá",
        kind="event",
        status="proposed",
        countries=[mx],
        cities=[bogota],
        pillars=[sid],
    )
    make_programme(
        slug="uk-strategy",
        name="UK strategy",
        kind="strategy",
        countries=[gb],
        pillars=[sid, dfs],
        start_year=2018,
    )
    return locals()


ALL = {"newton-fund", "venus", "chile-network", "bogota-forum", "uk-strategy"}

PROGRAMME_FILTERS = [
    ("country=MX", {"newton-fund", "venus", "bogota-forum"}),
    ("country=mx,cl", {"newton-fund", "venus", "bogota-forum", "chile-network"}),
    ("country=MX&country=CL", {"newton-fund", "venus", "bogota-forum", "chile-network"}),
    ("all_countries=MX,CL", {"newton-fund"}),
    ("all_countries=MX&all_countries=GB", {"newton-fund"}),
    ("country=MX&country=CL&country_match=all", {"newton-fund"}),
    ("country=MX,GB&country_match=all", {"newton-fund"}),
    ("region=europe", {"newton-fund", "uk-strategy"}),
    (
        "region=latin-america-and-the-caribbean",
        {"newton-fund", "venus", "bogota-forum", "chile-network"},
    ),
    ("city=bogota", {"bogota-forum"}),
    ("pillar=science-in-diplomacy", {"chile-network", "bogota-forum", "uk-strategy"}),
    (
        "pillar=science-in-diplomacy,diplomacy-for-science",
        {"chile-network", "bogota-forum", "uk-strategy", "newton-fund"},
    ),
    ("institution=fco", {"newton-fund"}),
    ("kind=expedition&kind=network", {"venus", "chile-network"}),
    ("status=historical", {"venus"}),
    ("status=proposed", {"bogota-forum"}),
    ("year=2005", {"chile-network", "newton-fund"} - {"newton-fund"}),
    ("year=2016", {"newton-fund"}),
    ("decade=2010", {"newton-fund", "uk-strategy"}),
    ("q=bogota", {"bogota-forum"}),
    ("q=BOGOTÁ", {"bogota-forum"}),
    ("q=venus+transit", {"venus"}),
    ("country=MX&pillar=science-in-diplomacy", {"bogota-forum"}),
]


@pytest.mark.parametrize(("query", "expected"), PROGRAMME_FILTERS)
def test_programme_list_filters(client, world, query, expected):
    response = client.get(f"/programmes/?{query}")
    assert response.status_code == 200
    assert set(slugs(response)) == expected


def test_unfiltered_list_shows_everything_with_its_count(client, world):
    response = client.get("/programmes/")
    assert set(slugs(response)) == ALL
    assert "5 results" in response.content.decode()


@pytest.mark.parametrize(
    ("ordering", "first"),
    [
        ("name", "chile-network"),
        ("-name", "venus"),
        ("start_year", "venus"),
        ("-start_year", "uk-strategy"),
    ],
)
def test_ordering(client, world, ordering, first):
    rows = slugs(client.get(f"/programmes/?ordering={ordering}"))
    assert rows[0] == first


@pytest.mark.parametrize("ordering", ["start_year", "-start_year", "end_year", "-end_year"])
def test_undated_programmes_come_last_in_either_direction(client, world, ordering):
    rows = slugs(client.get(f"/programmes/?ordering={ordering}"))
    api = client.get(f"/api/v1/programmes/?ordering={ordering}").json()["results"]
    undated = {p.slug for p in Programme.objects.filter(**{f"{ordering.strip('-')}": None})}
    assert undated and set(rows[-len(undated) :]) == undated
    assert [record["id"] for record in api] == rows


def test_names_sort_without_regard_to_case(client, db):
    for slug, name in (("apec", "APEC"), ("alliances", "Alliances"), ("zeta", "zeta fund")):
        make_programme(slug=slug, name=name)
        make_institution(slug=slug, name=name)
    for page in ("/programmes/", "/institutions/"):
        for query, expected in (
            ("", ["alliances", "apec", "zeta"]),
            ("?ordering=name", ["alliances", "apec", "zeta"]),
            ("?ordering=-name", ["zeta", "apec", "alliances"]),
        ):
            assert slugs(client.get(page + query)) == expected, page + query
            api = client.get("/api/v1" + page + query).json()["results"]
            assert [record["id"] for record in api] == expected, page + query


def test_the_sort_menu_names_the_order_shown(client, world):
    body = client.get("/programmes/").content.decode()
    menu = body[body.index('<select name="ordering"') :]
    menu = menu[: menu.index("</select>")]
    assert '<option value="name" selected>Name</option>' in menu
    assert 'value=""' not in menu  # no vague "default order"
    body = client.get("/programmes/?ordering=-start_year").content.decode()
    assert '<option value="-start_year" selected>' in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=ZZ", "Unknown value: ZZ."),
        ("year=abc", "Enter a whole number."),
        ("year=1995.5", "Enter a whole number."),
        ("page=-1", "Ensure this value is greater than or equal to 1."),
        ("page=abc", "Enter a whole number."),
        ("page_size=7", "Select a valid choice."),
        ("kind=spaceship", "Select a valid choice."),
        ("region=atlantis", "Select a valid choice."),
        ("pillar=nonsense", "Unknown value: nonsense."),
        ("ordering=password", "Select a valid choice."),
        ("modified_since=yesterday", "Enter a valid date/time."),
    ],
)
def test_invalid_values_are_explained_not_hidden(client, world, query, message):
    response = client.get(f"/programmes/?{query}")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Some parameters could not be used" in body
    assert message in body
    assert slugs(response) == []  # no list that could pass for "no results"
    assert "Nothing matches" not in body


@pytest.mark.parametrize("query", ["country=ZZ", "year=abc", "kind=spaceship&status=active"])
def test_after_an_invalid_parameter_the_sidebar_keeps_its_widgets_and_counts(client, world, query):
    valid = client.get("/programmes/?status=active").content.decode()
    response = client.get(f"/programmes/?{query}")
    body = response.content.decode()
    assert response.status_code == 400
    assert "<select multiple" not in body and "multiple>" not in body
    for name in ("pillar", "country", "status"):
        assert facet(body, name), name  # checkboxes with counts, as for a valid query
    if "status=active" in query:  # the valid parameters still count and stay chosen
        assert facet(body, "status") == facet(valid, "status")
        assert facet(body, "status")["active"][1]
    invalid = query.split("=")[0]
    fieldset = body[body.index('class="facet facet--invalid"') :] if invalid != "year" else body
    if invalid != "year":
        legend = re.search(r"<legend>([^<]+)</legend>", fieldset).group(1)
        assert legend == {"country": "Country", "kind": "Kind"}[invalid]
        assert 'class="field-error"' in fieldset[: fieldset.index("</fieldset>")]
    else:
        assert re.search(r'name="year"[^>]*aria-invalid="true"', body)


def test_a_page_beyond_the_last_says_so(client, world):
    response = client.get("/programmes/?page=9")
    assert response.status_code == 404
    assert "There is no page 9: the results fill 1 page." in response.content.decode()


def test_pagination_and_page_size(client, db):
    for n in range(30):
        make_programme(slug=f"p-{n:02}", name=f"Programme {n:02}")
    first = client.get("/programmes/")
    assert len(slugs(first)) == 25
    body = first.content.decode()
    assert "30 results, showing 1–25" in body
    assert 'href="?page=2"' in body
    second = client.get("/programmes/?page=2")
    assert slugs(second) == [f"p-{n:02}" for n in range(25, 30)]
    assert len(slugs(client.get("/programmes/?page_size=50"))) == 30


def test_a_long_list_links_its_first_last_and_nearby_pages_only(client, db):
    for n in range(260):  # 11 pages of 25
        make_programme(slug=f"p-{n:03}", name=f"Programme {n:03}")
    body = client.get("/programmes/?page=6").content.decode()
    nav = body.split('class="pagination"')[1].split("</nav>")[0]
    linked = [int(n) for n in re.findall(r'href="\?page=(\d+)"', nav)]
    assert sorted(set(linked)) == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]  # 6 is the current page
    body = client.get("/programmes/?page=1").content.decode()
    nav = body.split('class="pagination"')[1].split("</nav>")[0]
    assert sorted(set(int(n) for n in re.findall(r'href="\?page=(\d+)"', nav))) == [
        2,
        3,
        4,
        10,
        11,
    ]
    assert "…" in nav and 'aria-current="page">1<' in nav


def test_an_institution_counts_each_of_its_programmes_once(client, db):
    busy = make_institution(name="Busy Agency", slug="busy")
    make_institution(name="Idle Agency", slug="idle")
    make_programme(institutions=[(busy, "lead"), (busy, "funder")])  # two roles, one programme
    make_programme(institutions=[(busy, "member")])

    body = client.get("/institutions/").content.decode()
    rows = dict(re.findall(r'data-slug="(\w+)".*?(\d+) programmes?', body, re.S))
    assert rows == {"busy": "2", "idle": "0"}
    exported = json.loads(client.get("/institutions/export.json").getvalue())["results"]
    assert {row["slug"]: row["programme_count"] for row in exported} == {"busy": 2, "idle": 0}


def test_pages_ordered_by_a_field_with_ties_never_overlap(client, db):
    # Names in the reverse order of creation, all started the same year: ties on the chosen
    # order keep the order of creation, on the pages and in the exports alike.
    for n in range(30):
        make_programme(slug=f"p-{n:02}", name=f"Programme {29 - n:02}", start_year=2000)
    for ordering in ("start_year", "-start_year"):
        first = slugs(client.get(f"/programmes/?ordering={ordering}"))
        second = slugs(client.get(f"/programmes/?ordering={ordering}&page=2"))
        assert first + second == [f"p-{n:02}" for n in range(30)]
    response = client.get("/programmes/export.json?ordering=start_year")
    exported = json.loads(response.getvalue())["results"]
    assert [row["slug"] for row in exported] == [f"p-{n:02}" for n in range(30)]


def facet(body: str, name: str) -> dict[str, tuple[int, bool]]:
    """{value: (count, checked)} of one facet of the sidebar."""
    pattern = re.compile(
        rf'name="{name}" value="([^"]+)"( checked)?>[^<]*<span class="count">(\d+)</span>'
    )
    return {value: (int(count), bool(checked)) for value, checked, count in pattern.findall(body)}


def test_facets_count_under_the_other_filters(client, world):
    body = client.get("/programmes/?country=MX").content.decode()
    # Pillars are counted among Mexico's programmes ...
    assert facet(body, "pillar") == {
        "science-in-diplomacy": (1, False),
        "diplomacy-for-science": (1, False),
    }
    # ... countries without the country filter itself, so the alternatives stay visible.
    assert facet(body, "country") == {"MX": (3, True), "GB": (2, False), "CL": (2, False)}
    assert facet(body, "status")["historical"] == (1, False)
    assert facet(body, "decade") == {"1870": (1, False), "2010": (1, False)}


def options(body: str, name: str) -> dict[str, tuple[str, bool]]:
    """{value: (label, checked)} of one group of radio buttons or checkboxes of the sidebar."""
    pattern = re.compile(
        rf'<label class="option"><input type="(?:radio|checkbox)" name="{name}" value="([^"]*)"'
        r'[^>]*?( checked)?> ([^<]*?)\s*(?:<span class="count">\d+</span>)?</label>'
    )
    return {value: (label, bool(checked)) for value, checked, label in pattern.findall(body)}


def test_facet_options_show_each_value_by_its_name(client, world):
    body = client.get("/programmes/?status=historical&decade=1870").content.decode()
    assert options(body, "country") == {"MX": ("Mexico", False)}
    assert options(body, "status") == {"historical": ("Historical", True)}  # checkboxes
    assert options(body, "decade") == {"": ("Any", False), "1870": ("1870s", True)}  # radios


def test_every_list_counts_its_facets_with_the_same_checkboxes(client, world):
    body = client.get("/institutions/?kind=university,company").content.decode()
    kinds = facet(body, "kind")
    # Kinds some institution has (a government agency, with 0 under the other filters' none)
    # and those chosen, each a checkbox with its count.
    assert kinds["government_agency"] == (1, False)
    assert kinds["university"] == (0, True)
    assert kinds["company"] == (0, True)
    assert '<fieldset class="facet" data-facet="kind">\n  <legend>Kind</legend>' in body
    countries = client.get("/countries/").content.decode()
    americas = Country.objects.filter(region="americas").count()
    assert facet(countries, "region")["americas"] == (americas, False)
    cities = client.get("/cities/").content.decode()
    assert facet(cities, "country")["MX"] == (1, False)


def test_cities_and_institutions_are_counted_facets_of_the_programmes(client, world):
    body = client.get("/programmes/").content.decode()
    assert facet(body, "city") == {"bogota": (1, False)}
    assert facet(body, "institution") == {"fco": (1, False)}
    assert options(body, "city")["bogota"] == ("Bogotá", False)


@pytest.mark.parametrize("name", ["Bogotá", "bogota", "BOGOTA", "Bogota"])
def test_a_city_is_found_by_its_name(client, world, name):
    response = client.get("/programmes/", {"city": name})
    assert response.status_code == 200
    assert set(slugs(response)) == {"bogota-forum"}
    api = client.get("/api/v1/programmes/", {"city": name})
    assert [record["id"] for record in api.json()["results"]] == ["bogota-forum"]


def test_an_institution_is_found_by_its_name(client, world):
    response = client.get("/programmes/", {"institution": "foreign office"})
    assert response.status_code == 200
    assert slugs(response) == ["newton-fund"]


def test_an_unknown_or_shared_name_says_what_is_accepted(client, world):
    response = client.get("/programmes/", {"city": "Mexico Cty"})
    assert response.status_code == 400
    assert "Unknown city: mexico cty. Give its name (Mexico City) or the end of its address" in (
        response.content.decode()
    )
    api = client.get("/api/v1/programmes/", {"city": "Mexico Cty"})
    assert api.status_code == 400
    assert "Unknown city" in api.content.decode()
    make_city(name="Bogotá", slug="bogota-2", country=Country.objects.get(iso2="CL"))
    assert client.get("/programmes/", {"city": "Bogota"}).status_code == 200  # a key first
    response = client.get("/programmes/", {"city": "Bogotá"})
    assert response.status_code == 400
    assert "names several records: give one of their keys: bogota, bogota-2." in (
        response.content.decode()
    )


def test_active_filters_are_removable_chips(client, world):
    body = client.get("/programmes/?country=MX,CL&status=active").content.decode()
    assert 'href="?country=CL&amp;status=active">Country: Mexico' in body
    assert 'href="?country=MX&amp;status=active">Country: Chile' in body
    assert 'href="?country=MX%2CCL">Status: Active (as of 2020)' in body


def test_an_empty_result_says_how_to_widen_it(client, world):
    body = client.get("/programmes/?country=CL&status=historical").content.decode()
    assert "Nothing matches all of these filters." in body
    assert "without “Status: Historical”" in body
    assert 'href="?country=CL"' in body


def test_take_away_links_keep_the_filters(client, world):
    body = client.get("/programmes/?country=MX&page=1").content.decode()
    assert 'href="/programmes/export.csv?country=MX"' in body
    assert 'href="/programmes/export.json?country=MX"' in body
    assert 'href="/programmes/feed.atom?country=MX"' in body
    assert "http://testserver/api/v1/programmes/?country=MX" in body
    assert (
        "curl -H &#x27;Accept: application/json&#x27; &#x27;http://testserver/api/v1/programmes/?country=MX&#x27;"
        in body
    )
    assert "urlopen(&#x27;http://testserver/api/v1/programmes/?country=MX&#x27;)" in body


def test_csv_export_holds_exactly_the_filtered_rows_in_page_order(client, world):
    page = slugs(client.get("/programmes/?region=americas&ordering=-name"))
    response = client.get("/programmes/export.csv?region=americas&ordering=-name&page=1")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["id"] for row in rows] == page
    newton = next(row for row in rows if row["id"] == "newton-fund")
    assert newton["countries"] == "GB; MX; CL" or set(newton["countries"].split("; ")) == {
        "GB",
        "MX",
        "CL",
    }
    assert newton["html_url"] == "http://testserver/programmes/newton-fund/"


def test_json_export_and_feed(client, world):
    data = json.loads(client.get("/programmes/export.json?kind=expedition").getvalue())
    assert data["count"] == 1
    assert data["results"][0]["slug"] == "venus"
    assert data["results"][0]["kind"] == "expedition"
    feed = client.get("/programmes/feed.atom?status=historical")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert body.count("<entry>") == 1
    assert "http://testserver/programmes/venus/" in body


def test_invalid_exports_are_400_with_the_reason(client, world):
    response = client.get("/programmes/export.csv?country=ZZ")
    assert response.status_code == 400
    assert "Unknown value: ZZ." in response.content.decode()
    assert client.get("/programmes/feed.atom?year=abc").status_code == 400


OTHER_LISTS = [
    ("/institutions/?country=GB", {"fco"}),
    ("/institutions/?kind=ministry", set()),
    ("/institutions/?pillar=diplomacy-for-science", {"fco"}),
    ("/institutions/?q=foreign", {"fco"}),
    ("/countries/?region=americas", {"mx", "cl"}),
    ("/countries/?pillar=science-in-diplomacy", {"mx", "cl", "gb"}),
    ("/countries/?q=chile", {"cl"}),
    ("/cities/?country=MX", {"bogota"}),
    ("/cities/?country=CL", set()),
    ("/cities/?q=bogota", {"bogota"}),
    ("/cities/?kind=city", {"bogota"}),
    ("/pillars/", {"science-in-diplomacy", "diplomacy-for-science"}),
]


@pytest.mark.parametrize(("url", "expected"), OTHER_LISTS)
def test_other_lists_filter(client, world, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert set(slugs(response)) == expected


@pytest.mark.parametrize(
    "url",
    [
        "/institutions/?country=ZZ",
        "/countries/?region=x",
        "/cities/?kind=x",
        "/references/?year=abc",
        "/countries/?page=-1",
    ],
)
def test_other_lists_explain_invalid_values(client, world, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Some parameters could not be used" in response.content.decode()


def test_reference_list_anchors_each_footnote(client, sample_catalogue):
    body = client.get("/references/").content.decode()
    assert 'id="fn24"' in body
    assert 'id="fn30"' in body
    # Each footnote links back to the records whose evidence cites it.
    fn30 = body[body.index('id="fn30"') :]
    assert 'href="/countries/mx/"' in fn30[: fn30.index("</li>")]


def test_reference_search_and_year(client, sample_catalogue):
    assert slugs(client.get("/references/?q=ibid")) != []
    assert client.get("/references/?year=2020").status_code == 200


def test_country_rows_carry_lower_case_iso2(client, sample_catalogue):
    assert set(slugs(client.get("/countries/"))) == {"gb", "mx", "jp"}


def test_programme_rows_show_their_pillars_and_countries(client, world):
    body = client.get("/programmes/?q=newton").content.decode()
    assert 'href="/pillars/diplomacy-for-science/"' in body
    assert 'href="/countries/cl/">Chile</a>' in body
    assert "<mark>Newton</mark> Fund" in body
    assert Programme.objects.count() == 5


def test_a_list_can_be_skipped_and_downloaded_from_its_top(client, world):
    body = client.get("/programmes/?country=MX").content.decode()
    assert '<a href="#results">Skip to results</a>' in body
    # On narrow screens the filters fold into a disclosure naming how many are active.
    panel = body[body.index('<details class="filters-panel"') :]
    assert re.match(
        r'<details class="filters-panel" id="filters-panel">\s*'
        r'<summary class="filters-panel__summary">Filters \(1\)</summary>\s*<form id="filter-form"',
        panel,
    )
    bar = body[body.index('class="results-bar"') : body.index('class="results-bar__controls"')]
    assert "results" in bar  # the count ...
    assert 'href="/programmes/export.csv?country=MX" download>CSV</a>' in bar  # ... beside these
    assert 'href="/programmes/export.json?country=MX">JSON</a>' in bar


def test_each_row_shows_one_line_of_its_summary(client, world):
    Programme.objects.filter(slug="newton-fund").update(summary="A British fund & more.")
    body = client.get("/programmes/").content.decode()
    row = body[body.index('data-slug="newton-fund"') :]
    assert (
        '<p class="row__summary row__summary--line" lang="en">A British fund &amp; more.</p>'
        in (row[: row.index("</li>")])
    )


def test_the_sort_menu_is_in_the_readers_language(client, world):
    body = client.get("/es/programmes/").content.decode()
    assert '<option value="name" selected>Nombre</option>' in body
    assert '<option value="-start_year">Año de inicio (descendente)</option>' in body


def test_match_all_selected_countries_is_a_checkbox_on_the_country_facet(client, world):
    body = client.get("/programmes/?country=MX&country=CL").content.decode()
    country = body[body.index('data-facet="country"') :]
    country = country[: country.index("</fieldset>")]
    assert (
        '<label class="option facet__switch"><input type="checkbox" name="country_match" '
        'value="all"> Match all selected countries</label>'
    ) in country
    assert 'name="all_countries"' not in body  # no box of ISO codes: the API keeps it
    # Checked: the list holds the programmes in both, and each country counts what adding
    # it to the chosen ones would give (the United Kingdom: one, the Newton Fund).
    response = client.get("/programmes/?country=MX&country=CL&country_match=all")
    assert set(slugs(response)) == {"newton-fund"}
    body = response.content.decode()
    assert 'name="country_match" value="all" checked>' in body
    assert facet(body, "country") == {"MX": (1, True), "CL": (1, True), "GB": (1, False)}
    # The switch is no filter of its own: no chip, and the disclosure counts two filters.
    assert "Match all selected countries:" not in body
    assert "Filters (2)</summary>" in body


def test_match_all_takes_at_most_ten_countries(client, world):
    codes = ",".join(["MX", "CL", "GB", "FR", "DE", "ES", "IT", "JP", "CN", "BR", "AR"])
    for code in codes.split(",")[3:]:
        make_country(iso2=code, iso3=code + "X", name=f"Country {code}")
    response = client.get(f"/programmes/?country={codes}&country_match=all")
    assert response.status_code == 400
    assert "At most 10 countries that must all take part, not 11." in response.content.decode()
    assert client.get(f"/programmes/?country={codes}").status_code == 200
