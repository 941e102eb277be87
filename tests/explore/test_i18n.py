"""The Spanish interface: translated strings, localised country names, the switcher."""

import html
import importlib.util
import re

import polib
from django.conf import settings

from countries.names import local_name
from tests.explore.test_lists import options, world  # noqa: F401  (world: a fixture)

SWITCHER = re.compile(r'<nav class="language".*?</nav>', re.S)


def switcher_links(body: str) -> dict[str, str]:
    """The language switcher's links: {language code: address}."""
    nav = SWITCHER.search(body).group(0)
    return {code: html.unescape(url) for url, code in LINK.findall(nav)}


LINK = re.compile(r'<a href="([^"]+)" hreflang="([^"]+)"')


def test_the_switcher_links_to_the_same_page_and_query_in_the_other_language(client, world):  # noqa: F811
    english = client.get("/programmes/?country=MX&status=active").content.decode()
    assert "<form" not in SWITCHER.search(english).group(0)  # a link, not a per-visitor form
    assert switcher_links(english) == {"es": "/es/programmes/?country=MX&status=active"}

    spanish = client.get("/es/programmes/?country=MX&status=active").content.decode()
    assert '<html lang="es">' in spanish
    assert "<h1>Programas</h1>" in spanish
    assert "Filtrar" in spanish and "Quitar todos" in spanish
    assert switcher_links(spanish) == {"en": "/programmes/?country=MX&status=active"}


def test_every_page_names_its_versions_in_each_language(client, world):  # noqa: F811
    body = client.get("/es/countries/mx/").content.decode()
    assert '<link rel="alternate" hreflang="en" href="http://testserver/countries/mx/">' in body
    assert '<link rel="alternate" hreflang="es" href="http://testserver/es/countries/mx/">' in body
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/countries/mx/">' in (
        body
    )


def test_links_on_a_spanish_page_stay_in_spanish(client, world):  # noqa: F811
    body = client.get("/es/programmes/").content.decode()
    assert 'href="/es/countries/"' in body  # the navigation
    assert 'href="/es/programmes/newton-fund/"' in body  # a record's page (get_absolute_url)
    assert 'href="/es/countries/mx/"' in body
    assert 'href="/countries/"' not in body


def test_an_unprefixed_address_is_english_whatever_the_browser_asks(client, world):  # noqa: F811
    """No redirect and no guessing: an address shows one language, so a shared link shows
    what its sender saw. Spanish is under /es/."""
    response = client.get("/programmes/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert '<html lang="en">' in client.get("/").content.decode()
    assert '<html lang="es">' in client.get("/es/").content.decode()
    assert client.get("/en/programmes/").status_code == 404  # English has no prefix


def test_the_api_still_follows_accept_language(client, world):  # noqa: F811
    spanish = client.get("/api/v1/programmes/", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish["Content-Language"] == "es"
    assert client.get("/api/v1/programmes/")["Content-Language"] == "en"
    assert client.get("/es/api/v1/programmes/").status_code == 404  # the API has one address


def test_country_names_and_choices_are_localised(client, world):  # noqa: F811
    body = client.get("/es/programmes/?country=MX&status=historical").content.decode()
    assert "País: México" in body  # the chip
    assert "Histórico" in body
    assert "1 resultado" in body
    detail = client.get("/es/countries/gb/").content.decode()
    assert "<h1>Reino Unido" in detail


def test_the_papers_text_stays_in_english(client, sample_catalogue):
    body = client.get("/es/programmes/global-challenges-research-fund/").content.decode()
    assert "Evidencia del documento" in body
    assert "a £1.5-billion fund for international scientific" in body


def test_invalid_values_are_explained_in_spanish(client, world):  # noqa: F811
    body = client.get("/es/programmes/?country=ZZ").content.decode()
    assert "Algunos parámetros no se han podido usar" in body
    assert "Valor desconocido: ZZ." in body


def test_one_english_word_gets_the_spanish_its_place_needs(client, world):  # noqa: F811
    search = client.get("/es/search/").content.decode()
    assert "<h1>Búsqueda</h1>" in search  # the page: a noun
    assert '<button type="submit">Buscar</button>' in search  # the button: a verb
    chile = client.get("/es/countries/cl/").content.decode()  # no institution, no city
    assert "<li>Ninguna registrada.</li>" in chile  # institutions: feminine
    assert "<li>Ninguno registrado.</li>" in chile  # cities and places


def test_facet_options_are_named_in_spanish(client, world):  # noqa: F811
    body = client.get("/es/programmes/?country=MX").content.decode()
    assert options(body, "country")["MX"] == ("México", True)
    assert options(body, "decade")["1870"] == ("Década de 1870", False)
    assert options(body, "status")["historical"] == ("Histórico", False)
    kinds = options(client.get("/es/institutions/?kind=university").content.decode(), "kind")
    assert kinds["university"] == ("Universidad", True)


def load_checker():
    spec = importlib.util.spec_from_file_location(
        "translations", settings.BASE_DIR / ".ci" / "translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_spanish_catalogue_is_complete_and_matches_the_code():
    """What `make lint` checks: the code's strings, all translated, compiled into django.mo."""
    assert load_checker().check() == []


def test_the_catalogue_check_fails_on_each_kind_of_drift(tmp_path):
    checker = load_checker()
    committed = polib.pofile(str(checker.PO))
    fresh = polib.pofile(str(checker.PO))
    fresh.append(polib.POEntry(msgctxt="verb", msgid="Compare", msgstr=""))
    fresh.remove(fresh.find("Map"))
    assert checker.extraction_problems(fresh, committed) == [
        "not in the .po: [verb] 'Compare'",
        "no longer in the code: 'Map'",
    ]

    committed.find("Map").flags.append("fuzzy")
    committed.find("Compare").msgstr = ""
    assert checker.translation_problems(committed) == [
        "untranslated: 'Compare'",
        "fuzzy: 'Map'",
    ]

    edited = tmp_path / "django.po"
    committed.find("Map").flags.remove("fuzzy")
    committed.find("Compare").msgstr = "Cotejar"
    committed.save(str(edited))
    assert checker.compiled_problems(checker.PO, checker.MO, tmp_path) == []
    assert checker.compiled_problems(edited, checker.MO, tmp_path) == [
        "django.mo is stale: run `make messages` (or compilemessages)"
    ]


def test_a_former_country_is_named_in_spanish(db):
    assert local_name("Soviet Union", "es") == "Unión Soviética"
    assert local_name("Soviet Union", "en") == "Soviet Union"
