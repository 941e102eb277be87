"""Pages kept as rendered: every visitor still gets a CSRF token of their own."""

import re

from django.test import Client

from tests.explore.conftest import build_catalogue

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_cached_page_carries_each_visitors_own_csrf_token(db):
    build_catalogue(2)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get("/programmes/?pillar=science-in-diplomacy")
    second_page = second.get("/programmes/?pillar=science-in-diplomacy")  # from the cache

    first_token = TOKEN.search(first_page.content).group(1).decode()
    second_token = TOKEN.search(second_page.content).group(1).decode()
    assert first_token != second_token
    assert b"csrf-token-of-this-response" not in second_page.content
    # The token works for the visitor it was served to: the language form posts.
    response = second.post(
        "/i18n/setlang/", {"language": "es", "csrfmiddlewaretoken": second_token}
    )
    assert response.status_code == 302
    # ... and a page served before is shown in the newly chosen language.
    assert '<html lang="es">' in second.get("/programmes/?pillar=science-in-diplomacy").text


def test_a_token_served_to_one_visitor_fails_for_another(db):
    build_catalogue(1)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/programmes/")
    second.get("/programmes/")
    first_token = TOKEN.search(first.get("/programmes/").content).group(1).decode()
    response = second.post("/i18n/setlang/", {"language": "es", "csrfmiddlewaretoken": first_token})
    assert response.status_code == 403
