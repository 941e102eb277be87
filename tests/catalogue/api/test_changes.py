"""`/api/v1/changes/`: what was created, changed and deleted since a time, cursor-paged."""

from django.utils import timezone

from catalogue.services import record_save
from initiatives.models import Programme
from tests.factories import make_programme


def every_change(api, params):
    """Follow `next` to the end, as a mirror does."""
    changes, url = [], "/api/v1/changes/"
    while url:
        response = api.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        changes += body["results"]
        url, params = body["next"], None
    return changes


def test_changes_since_a_time_list_creations_changes_and_deletions(api, editor, catalogue):
    since = timezone.now()
    make_programme(slug="golf-plan", name="Golf Plan")
    alpha = Programme.objects.get(slug="alpha-fund")
    alpha.acronym = "AF"
    record_save(record=alpha)
    assert editor.delete("/api/v1/programmes/foxtrot-project/").status_code == 204

    changes = every_change(api, {"since": since.isoformat(), "page_size": 1})

    programmes = [(c["type"], c["id"], c["kind"]) for c in changes if c["type"] == "programmes"]
    assert programmes == [
        ("programmes", "golf-plan", "created"),
        ("programmes", "alpha-fund", "changed"),
        ("programmes", "foxtrot-project", "deleted"),
    ]
    times = [c["time"] for c in changes]
    assert times == sorted(times)
    assert all(t >= since.isoformat().replace("+00:00", "Z") for t in times)
    deleted = next(c for c in changes if c["kind"] == "deleted")
    assert deleted["url"] == "http://testserver/api/v1/programmes/foxtrot-project/"
    assert api.get(deleted["url"]).status_code == 410


def test_without_since_every_change_is_listed_once(api, catalogue):
    paged = every_change(api, {"page_size": 7})
    whole = api.get("/api/v1/changes/", {"page_size": 200}).json()["results"]

    assert paged == whole
    assert len({(c["type"], c["id"], c["time"]) for c in whole}) == len(whole)
    assert {c["type"] for c in whole} >= {"programmes", "countries", "cities", "institutions"}


def test_changes_filter_by_type_and_kind(api, catalogue):
    body = api.get("/api/v1/changes/", {"type": "cities", "kind": "created"}).json()

    assert sorted(c["id"] for c in body["results"]) == ["london", "mexico-city", "tokyo"]


def test_bad_parameters_are_400s(api, catalogue):
    for params in ({"since": "yesterday"}, {"type": "planets"}, {"page": 2}, {"page_size": 0}):
        response = api.get("/api/v1/changes/", params)
        assert response.status_code == 400, params
        assert response.json()["code"] == "invalid"


def test_a_forged_cursor_is_a_404_in_the_error_shape(api, catalogue):
    response = api.get("/api/v1/changes/", {"cursor": "not-a-cursor"})

    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_changes_run_a_fixed_number_of_queries(api, catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):  # the catalogue's version, the page
        api.get("/api/v1/changes/", {"page_size": 5})
    for number in range(30):
        make_programme(slug=f"more-{number}", name=f"More {number}")
    with django_assert_num_queries(2):
        api.get("/api/v1/changes/", {"page_size": 200})
