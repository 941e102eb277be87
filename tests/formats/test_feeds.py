"""Issue #16: Atom feeds (each list's and the catalogue's changes) give the latest 100
entries with an author, ids that do not depend on the host name a reader used, and answer
a reader whose copy is current with 304 Not Modified; read as a feed reader does
(feedparser)."""

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.services import record_save
from initiatives.models import Programme
from tests.factories import make_programme

pytestmark = pytest.mark.django_db

FEEDS = ["/programmes/feed.atom", "/programmes/feed.atom?status=active", "/changes/feed.atom"]


@pytest.fixture
def programmes():
    for n in range(12):
        make_programme(slug=f"fondo-{n:03}", name=f"Fondo {n}")


@pytest.fixture
def many_programmes():
    for n in range(105):
        make_programme(slug=f"fondo-{n:03}", name=f"Fondo {n}")


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize("url", FEEDS)
def test_latest_100_entries_with_an_author(client, many_programmes, url):
    feed = read(client.get(url))
    assert len(feed.entries) == 100
    assert feed.feed.author == "DiploHub"
    assert {entry.author for entry in feed.entries} == {"DiploHub"}


@pytest.mark.parametrize("url", FEEDS)
def test_ids_do_not_depend_on_the_host(client, settings, programmes, url):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.net"]
    here = read(client.get(url))
    there = read(client.get(url, headers={"host": "mirror.example.net"}))
    assert here.feed.id == there.feed.id
    assert [e.id for e in here.entries] == [e.id for e in there.entries]
    assert all(e.id.startswith("tag:diplohub.example.org,2026:") for e in here.entries)
    assert len({e.id for e in here.entries}) == len(here.entries) >= 12
    # The links, unlike the ids, lead to the host the reader used.
    assert there.entries[0].link.startswith("http://mirror.example.net/")


def test_a_record_keeps_its_id_across_changes(client, programmes):
    before = {e.link: e.id for e in read(client.get("/programmes/feed.atom")).entries}
    fondo = Programme.objects.get(slug="fondo-003")
    fondo.name = "Fondo renamed"
    record_save(record=fondo)
    after = read(client.get("/programmes/feed.atom"))
    (entry,) = [e for e in after.entries if e.title == "Fondo renamed"]
    assert entry.id == before[entry.link] == "tag:diplohub.example.org,2026:programme:fondo-003"


@pytest.mark.parametrize("url", FEEDS)
def test_conditional_get(client, programmes, url):
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    with CaptureQueriesContext(connection) as queries:
        unchanged = client.get(url, headers={"if-none-match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert len(queries) == 1  # the catalogue's version, nothing rendered
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304

    make_programme(slug="zz-new", name="Brand new")  # the catalogue changes
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "zz-new" in changed.content.decode()


def test_feedparser_revalidates_with_the_validators(client, programmes):
    response = client.get("/programmes/feed.atom")
    feed = read(response)
    # What feedparser keeps from a fetch and sends back on the next poll.
    assert response["ETag"].strip('"') and feed.feed.updated_parsed is not None
    again = client.get(
        "/programmes/feed.atom",
        headers={"if-none-match": response["ETag"], "if-modified-since": response["Last-Modified"]},
    )
    assert again.status_code == 304
