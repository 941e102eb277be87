"""Linked data: record pages describe their record in schema.org JSON-LD, cities carry their
GeoNames id and countries their UN M49 code, on the pages and in the API."""

import json
from html.parser import HTMLParser

import pytest

from tests.factories import make_city, make_country, make_institution, make_programme


class _JsonLd(HTMLParser):
    """Collects the text of every <script type="application/ld+json">, as a crawler does."""

    def __init__(self):
        super().__init__()
        self.blocks, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def json_ld(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    parser = _JsonLd()
    parser.feed(response.content.decode())
    [block] = parser.blocks
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["url"] == f"http://testserver{url}"
    return data


@pytest.fixture
def places(db):
    mx = make_country(iso2="MX", iso3="MEX", name="Mexico", region="americas")
    su = make_country(iso2="SU", iso3="SUN", iso_3166_3="SUHH", name="USSR", region="europe")
    xk = make_country(iso2="XK", iso3="XKX", name="Kosovo", region="europe")
    city = make_city(
        slug="mexico-city",
        name="Mexico City",
        country=mx,
        latitude="19.42847",
        longitude="-99.12766",
        geonames_id=3530597,
    )
    region = make_city(slug="magallanes", name="Magallanes", country=mx, kind="region")
    return {"mx": mx, "su": su, "xk": xk, "city": city, "region": region}


def test_a_country_page_is_a_schema_org_country_with_its_codes(client, places):
    data = json_ld(client, "/countries/mx/")

    assert data["@type"] == "Country"
    assert data["name"] == "Mexico"
    codes = {code["propertyID"]: code["value"] for code in data["identifier"]}
    assert codes == {"ISO 3166-1 alpha-2": "MX", "ISO 3166-1 alpha-3": "MEX", "UN M49": "484"}


def test_a_city_page_is_a_place_with_its_coordinates_and_geonames_uri(client, places):
    data = json_ld(client, "/cities/mexico-city/")

    assert data["@type"] == "City"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 19.42847, "longitude": -99.12766}
    assert data["sameAs"] == "https://sws.geonames.org/3530597/"
    assert data["containedInPlace"]["@id"] == "http://testserver/countries/mx/"
    # A region without coordinates or gazetteer entry says neither.
    region = json_ld(client, "/cities/magallanes/")
    assert region["@type"] == "AdministrativeArea"
    assert "geo" not in region and "sameAs" not in region


def test_an_institution_page_is_an_organization(client, places):
    parent = make_institution(slug="sre", name="Secretaría de Relaciones Exteriores")
    make_institution(
        slug="imr",
        name="Instituto Matías Romero",
        acronym="IMR",
        country=places["mx"],
        city=places["city"],
        parent=parent,
    )

    data = json_ld(client, "/institutions/imr/")

    assert data["@type"] == "Organization"
    assert (data["name"], data["alternateName"]) == ("Instituto Matías Romero", "IMR")
    assert data["address"]["addressCountry"] == "MX"
    assert data["location"]["@id"] == "http://testserver/cities/mexico-city/"
    assert data["parentOrganization"]["@id"] == "http://testserver/institutions/sre/"


def test_a_programme_page_is_a_project_based_on_the_paper(client, places):
    make_programme(slug="venus", name="Venus transit", countries=[places["mx"]], start_year=1874)

    data = json_ld(client, "/programmes/venus/")

    assert data["@type"] == ["Project", "CreativeWork"]
    assert data["foundingDate"] == "1874"
    assert data["areaServed"] == [
        {"@type": "Country", "@id": "http://testserver/countries/mx/", "name": "Mexico"}
    ]
    paper = data["isBasedOn"]
    assert paper["name"] == "Science and Technology Diplomacy"
    assert paper["author"]["name"] == "Alexis Roig"
    assert paper["publisher"]["name"] == "Instituto Matías Romero"
    assert paper["datePublished"] == "2020-09"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_json_ld_cannot_be_broken_out_of(client, places):
    hostile = "</script><script>alert(1)</script><!-- & -->"
    make_programme(slug="hostile", name="Hostile", summary=hostile)

    body = client.get("/programmes/hostile/").content.decode()

    assert "<script>alert(1)" not in body
    assert json_ld(client, "/programmes/hostile/")["description"] == hostile


def test_countries_show_their_m49_code_where_there_is_one(client, places):
    api = client
    assert "<dt>UN M49 code</dt><dd>484</dd>" in client.get("/countries/mx/").content.decode()
    assert api.get("/api/v1/countries/mx/").json()["m49"] == "484"
    # A former country: its ISO 3166-3 entry's code; none known: null, never guessed.
    assert api.get("/api/v1/countries/su/").json()["m49"] == "810"
    assert api.get("/api/v1/countries/xk/").json()["m49"] is None
    assert "UN M49" not in client.get("/countries/xk/").content.decode()


def test_cities_show_their_geonames_id_where_there_is_one(client, places):
    api = client
    body = client.get("/cities/mexico-city/").content.decode()
    assert 'href="https://www.geonames.org/3530597/">3530597</a>' in body
    assert api.get("/api/v1/cities/mexico-city/").json()["geonames_id"] == 3530597
    assert api.get("/api/v1/cities/magallanes/").json()["geonames_id"] is None
    assert "GeoNames" not in client.get("/cities/magallanes/").content.decode()
