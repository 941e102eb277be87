"""A public id never dies: an old id answers 301 to the record, a deleted record's 410."""

import pytest

from catalogue.services import record_save
from initiatives.models import Programme


def rename(slug: str, new_slug: str) -> None:
    programme = Programme.objects.get(slug=slug)
    programme.slug = new_slug
    record_save(record=programme)


def test_an_old_id_answers_301_to_the_record_in_the_api(api, catalogue):
    rename("alpha-fund", "alpha-science-fund")

    response = api.get("/api/v1/programmes/alpha-fund/", {"fields": "name"})

    assert response.status_code == 301
    assert response["Location"] == (
        "http://testserver/api/v1/programmes/alpha-science-fund/?fields=name"
    )
    assert api.get(response["Location"]).json()["name"] == "Alpha Fund"


def test_an_id_renamed_twice_still_leads_to_the_record(api, client, catalogue):
    rename("alpha-fund", "alpha-2")
    rename("alpha-2", "alpha-3")

    assert api.get("/api/v1/programmes/alpha-fund/")["Location"].endswith("/programmes/alpha-3/")
    page = client.get("/programmes/alpha-2/")
    assert page.status_code == 301
    assert page["Location"] == "/programmes/alpha-3/"


def test_a_deleted_record_answers_410_with_its_tombstone(api, editor, client, catalogue):
    assert editor.delete("/api/v1/programmes/foxtrot-project/").status_code == 204

    response = api.get("/api/v1/programmes/foxtrot-project/")

    assert response.status_code == 410
    body = response.json()
    assert (body["status"], body["code"]) == (410, "gone")
    assert body["tombstone"]["id"] == "foxtrot-project"
    assert body["tombstone"]["name"] == "Foxtrot Project"
    assert body["tombstone"]["deleted"].startswith("20")
    page = client.get("/programmes/foxtrot-project/")
    assert page.status_code == 410
    assert "Foxtrot Project" in page.content.decode()
    assert "was deleted from the catalogue" in page.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/programmes/never-was/", "/programmes/never-was/"])
def test_an_id_no_record_ever_had_is_a_404(api, catalogue, path):
    assert api.get(path).status_code == 404


def test_a_write_to_an_old_id_is_not_redirected(editor, catalogue):
    rename("alpha-fund", "alpha-science-fund")

    response = editor.patch("/api/v1/programmes/alpha-fund/", {"acronym": "X"}, format="json")

    assert response.status_code == 404
