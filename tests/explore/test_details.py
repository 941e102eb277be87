"""Detail pages: every field, related records linked both ways, evidence, citations."""

import pytest

from initiatives.models import Programme
from tests.explore.test_lists import world  # noqa: F401  (fixture)
from tests.factories import make_institution


def test_programme_detail_links_everything(client, world):  # noqa: F811
    body = client.get("/programmes/newton-fund/").content.decode()
    assert "<h1>Newton Fund" in body
    for link in (
        'href="/countries/gb/"',
        'href="/countries/mx/"',
        'href="/institutions/fco/"',
        'href="/pillars/diplomacy-for-science/"',
    ):
        assert link in body
    assert "Funder" in body
    assert "Science has become a strategic instrument of diplomacy" in body


def test_evidence_footnotes_link_to_the_references_page(client, sample_catalogue):
    body = client.get("/programmes/global-challenges-research-fund/").content.decode()
    link = '<a class="footnote-link" href="/references/#fn24" aria-label="Footnote 24 among '
    assert link + "the paper's references\">24</a>" in body
    assert "£1.5-billion" in body  # the figure, as printed
    assert 'id="fn24"' in client.get("/references/").content.decode()


def test_cite_block_in_three_formats(client, sample_catalogue):
    body = client.get("/programmes/venus-transit-expedition-1874/").content.decode()
    assert "Cite this record" in body
    assert "@misc{diplohub-programme-venus-transit-expedition-1874," in body
    assert "TY  - ELEC" in body
    assert "UR  - http://testserver/programmes/venus-transit-expedition-1874/" in body


@pytest.mark.parametrize("code", ["mx", "MX", "Mx"])
def test_country_detail_is_case_insensitive(client, sample_catalogue, code):
    response = client.get(f"/countries/{code}/")
    assert response.status_code == 200
    assert "<h1>Mexico" in response.content.decode()


def test_unknown_records_are_404(client, sample_catalogue):
    assert client.get("/countries/zz/").status_code == 404
    assert client.get("/programmes/nothing/").status_code == 404


def test_country_groups_programmes_by_pillar_and_lists_institutions_and_cities(client, world):  # noqa: F811
    make_institution(slug="conacyt", name="Conacyt", country=world["mx"])
    body = client.get("/countries/mx/").content.decode()
    body = body[body.index('id="programmes-heading"') :]  # the lists, after the figures
    sid = body.index("Science in diplomacy</a>")
    dfs = body.index("Diplomacy for science</a>")
    none = body.index("Not placed in a pillar")
    assert sid < body.index('href="/programmes/bogota-forum/"') < dfs
    assert dfs < body.index('href="/programmes/newton-fund/"') < none
    assert none < body.index('href="/programmes/venus/"')
    assert 'href="/institutions/conacyt/"' in body
    assert 'href="/cities/bogota/"' in body


def test_institution_shows_programmes_and_roles(client, world):  # noqa: F811
    body = client.get("/institutions/fco/").content.decode()
    assert 'href="/programmes/newton-fund/"' in body
    assert "Funder" in body
    assert 'href="/countries/gb/"' in body


def test_city_and_pillar_pages(client, world):  # noqa: F811
    city = client.get("/cities/bogota/").content.decode()
    assert 'href="/programmes/bogota-forum/"' in city and 'href="/countries/mx/"' in city
    pillar = client.get("/pillars/science-in-diplomacy/").content.decode()
    assert 'href="/programmes/chile-network/"' in pillar
    # the pillar-by-region matrix links each count to the filtered list
    assert 'href="/programmes/?pillar=science-in-diplomacy&amp;region=americas"' in pillar


def test_a_figure_is_shown_once_when_its_quantity_says_the_same(client, world):  # noqa: F811
    programme = Programme.objects.get(slug="newton-fund")
    programme.figures.create(
        label="Members", text="22 member states", quantity=22, unit="member states"
    )
    programme.figures.create(
        label="Academies", text="more than one-hundred academies", quantity=100, unit="academies"
    )
    body = client.get("/programmes/newton-fund/").content.decode()
    assert body.count("22 member states") == 1
    assert "more than one-hundred academies" in body
    assert "100 academies" in body  # a quantity that adds to the text stays
