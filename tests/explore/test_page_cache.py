"""Pages cached whole, by catalogue version, language and address."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.explore.conftest import build_catalogue, query_count

PAGES = ["/programmes/?pillar=science-in-diplomacy", "/search/?q=fund", "/countries/"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("url", PAGES)
def test_a_page_asked_twice_is_the_same_page_from_the_cache(db, url):
    build_catalogue(2)
    client = Client()
    first = client.get(url)

    assert query_count(client, url) == 1  # the catalogue's version; the page is cached
    second = client.get(url)
    assert second.status_code == first.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_cached_page_holds_nothing_of_its_first_visitor(db):
    """No form posts any more, so no CSRF token or cookie: one page serves every visitor."""
    build_catalogue(1)
    first, second = Client(), Client()
    first_page = first.get("/programmes/")
    second_page = second.get("/programmes/")

    assert first_page.content == second_page.content
    assert not first_page.cookies and not second_page.cookies
    assert b"csrfmiddlewaretoken" not in second_page.content


def test_languages_never_share_a_cached_page(db, client):
    build_catalogue(1)
    english = client.get("/programmes/").content.decode()
    spanish = client.get("/es/programmes/").content.decode()

    assert '<html lang="en">' in english and "<h1>Programmes</h1>" in english
    assert '<html lang="es">' in spanish and "<h1>Programas</h1>" in spanish
    # ... and each stays itself once cached.
    assert client.get("/programmes/").content.decode() == english
    assert client.get("/es/programmes/").content.decode() == spanish


def test_hosts_never_share_a_cached_page(db, settings):
    """Pages hold absolute addresses (share links, hreflang): each host has its own."""
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    build_catalogue(1)
    Client(HTTP_HOST="one.example").get("/programmes/")
    body = Client(HTTP_HOST="two.example").get("/programmes/").content.decode()

    assert "http://two.example/" in body
    assert "http://one.example/" not in body


def test_a_write_is_on_the_next_request(db, client):
    records = build_catalogue(1)
    programme = records["programmes"][0]
    page = programme.get_absolute_url()
    assert programme.name in client.get(page).content.decode()
    listed = client.get("/programmes/").content.decode()

    programme.name = "A programme renamed"
    programme.save()

    assert "A programme renamed" in client.get(page).content.decode()
    assert "A programme renamed" in client.get("/programmes/").content.decode()
    assert client.get("/programmes/").content.decode() != listed


def test_an_invalid_query_is_cached_with_its_status(db, client):
    build_catalogue(1)
    assert client.get("/programmes/?country=ZZ").status_code == 400
    again = client.get("/programmes/?country=ZZ")
    assert again.status_code == 400
    assert "Unknown value: ZZ." in again.content.decode()
