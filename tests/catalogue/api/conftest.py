import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

WRITABLE_MODELS = ("country", "city", "institution", "programme")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Throttle counts live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def _client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def editor(db):
    """A client with the token of a user allowed to add, change and delete records."""
    user = User.objects.create_user("editor")
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                f"{action}_{model}"
                for action in ("add", "change", "delete")
                for model in WRITABLE_MODELS
            ]
        )
    )
    return _client_for(user)


@pytest.fixture
def reader(db):
    """A client with the token of a user who holds no permission."""
    return _client_for(User.objects.create_user("reader"))


def pytest_configure(config):
    config.addinivalue_line("markers", "fuzz: the schemathesis run (minutes; -m 'not fuzz' skips)")


@pytest.fixture
def catalogue(db):
    """A small catalogue built to tell every programme filter apart (see each programme)."""
    from catalogue.models import Reference
    from initiatives.models import Figure, Institution, Programme
    from tests.factories import (
        add_evidence,
        make_city,
        make_country,
        make_institution,
        make_pillar,
        make_programme,
    )

    footnote = Reference.objects.create(number=24, text="Ibid., p. 10.")
    mx = make_country(
        iso2="MX",
        iso3="MEX",
        name="Mexico",
        region="americas",
        subregion="latin-america-and-the-caribbean",
    )
    jp = make_country(iso2="JP", iso3="JPN", name="Japan", region="asia", subregion="eastern-asia")
    gb = make_country(
        iso2="GB", iso3="GBR", name="United Kingdom", region="europe", subregion="northern-europe"
    )
    fr = make_country(
        iso2="FR", iso3="FRA", name="France", region="europe", subregion="western-europe"
    )
    for country in (mx, jp, gb, fr):
        add_evidence(country, references=[footnote])
    in_diplomacy = make_pillar(slug="science-in-diplomacy", name="Science in diplomacy", position=0)
    for_science = make_pillar(
        slug="diplomacy-for-science", name="Diplomacy for science", position=1
    )
    for_diplomacy = make_pillar(
        slug="science-for-diplomacy", name="Science for diplomacy", position=2
    )
    mexico_city = make_city(slug="mexico-city", name="Mexico City", country=mx)
    tokyo = make_city(slug="tokyo", name="Tokyo", country=jp)
    london = make_city(slug="london", name="London", country=gb, kind="city")
    for city in (mexico_city, tokyo, london):
        add_evidence(city)
    sre = make_institution(
        slug="sre",
        name="Ministry of Foreign Affairs",
        acronym="SRE",
        kind="ministry",
        country=mx,
        city=mexico_city,
    )
    amexcid = make_institution(
        slug="amexcid", name="Amexcid", acronym="AMEXCID", country=mx, parent=sre
    )
    fco = make_institution(
        slug="fco", name="Foreign Office", acronym="FCO", kind="ministry", country=gb
    )
    jsps = make_institution(slug="jsps", name="Japan Society", acronym="JSPS", country=jp)
    for institution in (sre, amexcid, fco, jsps):
        add_evidence(institution)
    funder, lead, partner = "funder", "lead", "partner"
    alpha = make_programme(
        slug="alpha-fund",
        name="Alpha Fund",
        kind="fund",
        status="active",
        start_year=2010,
        pillars=[for_science],
        countries=[gb],
        institutions=[(fco, funder)],
    )
    Figure.objects.create(
        programme=alpha, label="Budget", text="£1.5-billion", quantity=1.5e9, unit="GBP"
    )
    make_programme(
        slug="bravo-network",
        name="Bravo Network",
        kind="network",
        status="active",
        start_year=2015,
        pillars=[in_diplomacy, for_science],
        countries=[mx, jp],
        cities=[tokyo],
        institutions=[(sre, lead), (jsps, partner)],
        part_of=alpha,
    )
    make_programme(
        slug="charlie-expedition",
        name="Charlie Expedition",
        kind="expedition",
        status="historical",
        start_year=1874,
        end_year=1874,
        countries=[mx, jp],
        cities=[mexico_city],
    )
    make_programme(
        slug="delta-strategy",
        name="Delta Strategy",
        kind="strategy",
        status="proposed",
        pillars=[for_diplomacy],
        countries=[fr],
    )
    make_programme(
        slug="echo-fellowship",
        name="Echo Fellowship",
        kind="fellowship",
        status="unstated",
        start_year=1990,
        end_year=2000,
        countries=[gb, fr],
        institutions=[(fco, "participant")],
        cities=[london],
    )
    make_programme(
        slug="foxtrot-project",
        name="Foxtrot Project",
        kind="other",
        status="active",
        start_year=1955,
    )
    for pillar in (in_diplomacy, for_science, for_diplomacy):
        add_evidence(pillar)
    return {
        "programmes": list(Programme.objects.order_by("slug").values_list("slug", flat=True)),
        "institutions": list(Institution.objects.values_list("slug", flat=True)),
    }
