"""The Spanish interface: translated strings, localised country names, the switcher."""

import importlib.util

import polib
from django.conf import settings

from tests.explore.test_lists import options, world  # noqa: F401  (world: a fixture)


def spanish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def test_language_switcher_sets_spanish_and_returns_to_the_page(client, world):  # noqa: F811
    page = client.get("/programmes/").content.decode()
    assert 'action="/i18n/setlang/"' in page
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/programmes/?country=MX"})
    assert response.status_code == 302
    assert response["Location"] == "/programmes/?country=MX"
    body = client.get("/programmes/?country=MX").content.decode()
    assert '<html lang="es">' in body
    assert "<h1>Programas</h1>" in body
    assert "Filtrar" in body and "Quitar todos" in body


def test_country_names_and_choices_are_localised(client, world):  # noqa: F811
    body = spanish(client).get("/programmes/?country=MX&status=historical").content.decode()
    assert "País (ISO alfa-2): México" in body  # the chip
    assert "Histórico" in body
    assert "1 resultado" in body
    detail = client.get("/countries/gb/").content.decode()
    assert "<h1>Reino Unido" in detail


def test_the_papers_text_stays_in_english(client, sample_catalogue):
    body = spanish(client).get("/programmes/global-challenges-research-fund/").content.decode()
    assert "Evidencia del documento" in body
    assert "a £1.5-billion fund for international scientific" in body


def test_invalid_values_are_explained_in_spanish(client, world):  # noqa: F811
    body = spanish(client).get("/programmes/?country=ZZ").content.decode()
    assert "Algunos parámetros no se han podido usar" in body
    assert "Valor desconocido: ZZ." in body


def test_one_english_word_gets_the_spanish_its_place_needs(client, world):  # noqa: F811
    search = spanish(client).get("/search/").content.decode()
    assert "<h1>Búsqueda</h1>" in search  # the page: a noun
    assert '<button type="submit">Buscar</button>' in search  # the button: a verb
    chile = client.get("/countries/cl/").content.decode()  # no institution, no city
    assert "<li>Ninguna registrada.</li>" in chile  # institutions: feminine
    assert "<li>Ninguno registrado.</li>" in chile  # cities and places


def test_facet_options_are_named_in_spanish(client, world):  # noqa: F811
    body = spanish(client).get("/programmes/?country=MX").content.decode()
    assert options(body, "country")["MX"] == ("México", True)
    assert options(body, "decade")["1870"] == ("Década de 1870", False)
    assert options(body, "status")["historical"] == ("Histórico", False)
    kinds = options(client.get("/institutions/").content.decode(), "kind")
    assert kinds["university"] == ("Universidad", False)


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
