"""Unknown URLs, wrong methods and server errors answer clearly and reveal nothing."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_unknown_url_gives_a_helpful_404_with_search(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Not found" in page and 'action="/search/"' in page


@pytest.mark.django_db
def test_a_wrong_method_is_a_405(client):
    assert client.delete("/programmes/").status_code == 405
    assert client.put("/").status_code == 405
    assert client.delete("/api/v1/programmes/").status_code == 405


@pytest.mark.django_db
def test_a_server_error_is_a_plain_500_page_without_internals(settings, monkeypatch):
    settings.DEBUG = False
    from explore import views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.HomeView, "get", explode)
    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "secret internals" not in page and "Traceback" not in page
