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
    assert f"<strong>{total}</strong> programmes" in client.get("/").content.decode()
    assert sum(kind_counts(api).values()) == total
    etag = api.get("/api/v1/programmes/")["ETag"]

    response = admin_client.post(
        reverse("admin:initiatives_programme_delete", args=[programme.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert f"<strong>{total - 1}</strong> programmes" in client.get("/").content.decode()
    assert sum(kind_counts(api).values()) == total - 1
    assert api.get("/api/v1/programmes/", HTTP_IF_NONE_MATCH=etag).status_code == 200
