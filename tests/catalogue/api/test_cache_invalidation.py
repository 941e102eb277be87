"""Every cache (facet counts, home and map pictures, ETags) is keyed by the catalogue's
version: a write through the admin or the API, deletions included, is seen at once."""

import pytest
from django.urls import reverse

from initiatives.models import Programme


def kind_counts(api, query="") -> dict:
    facets = api.get(f"/api/v1/programmes/facets/{query}").json()
    return {entry["value"]: entry["count"] for entry in facets["facets"]["kind"]}


@pytest.mark.django_db
def test_an_api_write_refreshes_the_cached_facets_and_pages(editor, api, catalogue, client):
    programme = Programme.objects.order_by("slug").first()
    before = kind_counts(api)
    page = client.get("/programmes/").content.decode()  # warm the page's cached facets
    assert kind_counts(api) == before  # served from the cache

    response = editor.patch(
        f"/api/v1/programmes/{programme.slug}/", {"kind": "publication"}, format="json"
    )

    assert response.status_code == 200, response.content
    after = kind_counts(api)
    assert after.get("publication", 0) == before.get("publication", 0) + 1
    assert client.get("/programmes/").content.decode() != page


@pytest.mark.django_db
def test_a_deletion_through_the_admin_refreshes_the_home_page_facets_and_etags(
    admin_client, api, catalogue, client
):
    programme = Programme.objects.order_by("slug").last()
    total = Programme.objects.count()
    assert f'<a href="/programmes/">{total} programmes</a>' in client.get("/").content.decode()
    assert sum(kind_counts(api).values()) == total
    etag = api.get("/api/v1/programmes/")["ETag"]

    response = admin_client.post(
        reverse("admin:initiatives_programme_delete", args=[programme.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert f'<a href="/programmes/">{total - 1} programmes</a>' in client.get("/").content.decode()
    assert sum(kind_counts(api).values()) == total - 1
    assert api.get("/api/v1/programmes/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_a_cached_api_list_and_record_follow_every_write(
    editor, api, catalogue, admin_client, django_assert_num_queries
):
    programme = Programme.objects.order_by("slug").first()
    url = f"/api/v1/programmes/{programme.slug}/"
    names = api.get("/api/v1/programmes/?fields=name").json()["results"]
    assert api.get(url).json()["name"] == programme.name
    with django_assert_num_queries(1):  # the version: the rest is the cached representation
        assert api.get("/api/v1/programmes/?fields=name").json()["results"] == names

    editor.patch(url, {"name": "A renamed programme"}, format="json")
    assert api.get(url).json()["name"] == "A renamed programme"
    assert {
        "id": programme.slug,
        "url": f"http://testserver{url}",
        "name": "A renamed programme",
    } in (api.get("/api/v1/programmes/?fields=name").json()["results"])

    admin_client.post(
        reverse("admin:initiatives_programme_delete", args=[programme.pk]), {"post": "yes"}
    )
    assert api.get(url).status_code == 410  # gone, with its tombstone
    assert len(api.get("/api/v1/programmes/?fields=name").json()["results"]) == len(names) - 1


@pytest.mark.django_db
def test_a_cached_record_page_and_search_follow_a_write_and_a_deletion(editor, catalogue, client):
    programme = Programme.objects.order_by("slug").first()
    page = programme.get_absolute_url()
    assert programme.name in client.get(page).content.decode()  # now cached as rendered

    assert (
        "No record contains all of these words" in client.get("/search/?q=Renamed").content.decode()
    )

    editor.patch(f"/api/v1/programmes/{programme.slug}/", {"name": "Renamed"}, format="json")
    assert page in client.get("/search/?q=Renamed").content.decode()
    renamed = client.get(page).content.decode()
    assert "<title>Renamed · DiploHub</title>" in renamed
    assert "<h1>Renamed" in renamed

    editor.delete(f"/api/v1/programmes/{programme.slug}/")
    assert client.get(page).status_code == 410  # gone, with its tombstone
