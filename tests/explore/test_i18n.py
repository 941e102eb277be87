"""The Spanish interface: translated strings, localised country names, the switcher."""

from django.conf import settings

from tests.explore.test_lists import world  # noqa: F401  (fixture)


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


def test_every_catalogued_string_has_its_spanish():
    """No empty or fuzzy entry in the Spanish catalogue (locale/translate_es.py fills it)."""
    po = (settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po").read_text("utf-8")
    empty = [entry for entry in po.split("\n\n")[1:] if entry.rstrip().endswith('msgstr ""')]
    assert empty == []
    assert "#, fuzzy" not in po
