"""Issue #18: whole-catalogue downloads stream with flat memory, feeds are bounded, the
archive is built once per catalogue version, and downloads are rate limited."""

import io
import json
import zipfile

import pytest
from rest_framework.test import APIClient

from catalogue.exports import FEED_ENTRIES
from catalogue.throttling import DownloadRateThrottle
from tests.factories import make_country, make_programme

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    "/programmes/export.csv",
    "/programmes/export.json",
    "/api/v1/programmes/?format=csv",
    "/api/v1/archive/",
]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_whole_list_downloads_are_streamed(client, url):
    make_programme(slug="one", countries=[make_country()])
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming  # sent as it is read, never held whole in memory
    assert b"one" in response.getvalue() or url.endswith("archive/")


def test_the_json_export_streams_a_valid_document(client):
    for n in range(5):
        make_programme(slug=f"p-{n}")
    data = json.loads(client.get("/programmes/export.json").getvalue())
    assert data["count"] == 5
    assert sorted(row["slug"] for row in data["results"]) == [f"p-{n}" for n in range(5)]
    empty = json.loads(client.get("/programmes/export.json?kind=expedition").getvalue())
    assert (empty["results"], empty["count"]) == ([], 0)


LICENCE_LINK = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


@pytest.mark.parametrize(
    "url", [*DOWNLOADS, "/programmes/feed.atom", "/compare/export.csv?countries=MX,FR"]
)
def test_every_download_names_the_datas_licence(client, url):
    make_programme(slug="one", countries=[make_country(iso2="MX"), make_country(iso2="FR")])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Link"] == LICENCE_LINK


def test_the_json_export_and_the_feed_say_the_quotes_are_the_papers(client):
    make_programme(slug="one")
    licence = json.loads(client.get("/programmes/export.json").getvalue())["license"]
    assert licence["name"] == "CC-BY-4.0"
    assert "The quotations are the paper's, under its terms" in licence["rights"]
    feed = client.get("/programmes/feed.atom").content.decode()
    assert "<rights>The catalogue's own data" in feed


def test_a_feed_lists_the_latest_changes_only(client):
    for n in range(FEED_ENTRIES + 5):
        make_programme(slug=f"p-{n:03}")
    body = client.get("/programmes/feed.atom").content.decode()
    assert body.count("<entry>") == FEED_ENTRIES
    assert "/programmes/p-104/" in body  # the newest is in
    assert "/programmes/p-000/" not in body  # the oldest fell out


def test_feed_summaries_are_plain_text(client):
    make_programme(slug="bold", summary="<b>bold</b> & <script>alert(1)</script>")
    body = client.get("/programmes/feed.atom").content.decode()
    assert '<summary type="text">&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;' in body
    assert 'type="html"' not in body


def test_the_archive_is_built_once_per_catalogue_version(client, django_assert_num_queries):
    make_programme(slug="first")
    first = client.get("/api/v1/archive/").getvalue()
    with django_assert_num_queries(1):  # the catalogue's version; the rest is the file
        again = client.get("/api/v1/archive/").getvalue()
    assert again == first
    make_programme(slug="second")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/archive/").getvalue()))
    package = json.loads(archive.read("datapackage.json"))
    assert package["catalogue"]["counts"]["programmes"] == 2


@pytest.fixture
def two_downloads_a_minute(monkeypatch):
    monkeypatch.setattr(DownloadRateThrottle, "THROTTLE_RATES", {"downloads": "2/minute"})


@pytest.mark.parametrize(
    "url", ["/programmes/export.csv", "/programmes/export.json", "/countries/feed.atom"]
)
def test_downloads_are_rate_limited_per_client(client, two_downloads_a_minute, url):
    statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get(url)
    assert response["Retry-After"]
    assert response.json()["code"] == "throttled"
    # Another address has its own allowance.
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_archive_is_rate_limited_for_token_holders_too(two_downloads_a_minute):
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    api = APIClient()
    token = Token.objects.create(user=User.objects.create_user("reader"))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    statuses = [api.get("/api/v1/archive/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
