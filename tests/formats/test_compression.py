"""Issue #16: API and export responses are gzipped when the client accepts it; pages that
carry a secret (a CSRF token in a form, the admin) are not, so BREACH has nothing to guess."""

import gzip
import json

import pytest

from tests.factories import make_country, make_programme

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.fixture
def programmes():
    mx = make_country(iso2="MX", name="Mexico")
    for n in range(30):
        make_programme(slug=f"fondo-{n}", name=f"Fondo Valparaíso {n}", countries=[mx])


def body(response) -> bytes:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return gzip.decompress(raw) if response.get("Content-Encoding") == "gzip" else raw


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programmes/",
        "/api/v1/programmes/?format=csv",  # streamed
        "/api/v1/programmes/fondo-1/",
        "/api/v1/schema/",
        "/programmes/export.csv",  # streamed
        "/programmes/export.json",  # streamed
        "/programmes/feed.atom",
        "/changes/feed.atom",
    ],
)
def test_api_exports_and_feeds_are_gzipped_when_accepted(client, programmes, url):
    plain = client.get(url)
    packed = client.get(url, headers=GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    if "feed" not in url and "schema" not in url:  # a feed's <updated> and ids are the same too
        assert body(packed) == body(plain)
    else:
        assert body(packed).startswith(body(plain)[:30])


def test_a_gzipped_list_is_the_same_json(client, programmes):
    packed = client.get("/api/v1/programmes/", headers=GZIP)
    assert json.loads(body(packed))["count"] == 30


@pytest.mark.parametrize(
    "url",
    [
        "/programmes/fondo-1/correction/",  # a form with a CSRF token
        "/admin/login/",  # the admin's forms
        "/programmes/",  # a page (the language switcher and search form)
    ],
)
def test_pages_with_forms_are_not_compressed(client, programmes, url):
    response = client.get(url, headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response


@pytest.mark.parametrize(
    "url", ["/api/v1/programmes/", "/api/v1/programmes/fondo-1/", "/api/v1/programmes/facets/"]
)
def test_a_kept_representation_reaches_each_client_in_the_encoding_it_accepts(
    client, programmes, url
):
    """API bodies are cached as sent, gzipped or not: whichever client comes first, one that
    does not accept gzip never gets a gzipped body, and both read the same JSON."""
    packed = client.get(url, headers=GZIP)
    plain = client.get(url)
    packed_again = client.get(url, headers=GZIP)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == packed_again["Content-Encoding"] == "gzip"
    assert json.loads(body(packed)) == json.loads(body(plain)) == json.loads(body(packed_again))
    assert packed["ETag"] == packed_again["ETag"] == f"W/{plain['ETag']}"
    revalidated = client.get(url, headers={**GZIP, "if-none-match": packed["ETag"]})
    assert revalidated.status_code == 304
