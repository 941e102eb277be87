"""Each record's public history: its Changes page, its old versions (?as_of=), and the
catalogue's Atom feed of changes."""

import re
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.services import record_save
from countries.models import City, Country
from initiatives.models import Change, Institution, Programme
from initiatives.services import programme_set_relations
from tests.factories import make_country, make_pillar

ATOM = "{http://www.w3.org/2005/Atom}"


def edit(record, **values):
    for name, value in values.items():
        setattr(record, name, value)
    record_save(record=record)


@pytest.fixture
def programme(sample_catalogue):
    return Programme.objects.order_by("slug").first()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Programme, Institution, Country, City])
def test_every_record_page_links_its_changes_page(client, sample_catalogue, model):
    record = model.objects.first()
    page = client.get(record.get_absolute_url()).content.decode()
    changes = f'href="{record.get_absolute_url()}changes/"'

    assert changes in page
    assert client.get(f"{record.get_absolute_url()}changes/").status_code == 200


@pytest.mark.django_db
def test_the_changes_page_shows_each_field_before_and_after_newest_first(client, programme):
    old_summary = programme.summary
    edit(programme, summary="A <script>alert(1)</script> summary.", acronym="NEWACR")
    edit(programme, status=Programme.Status.HISTORICAL)

    response = client.get(f"{programme.get_absolute_url()}changes/")

    page = text_of(response)
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    page = page[page.index('class="changes"') :]
    assert old_summary[:40] in page  # the before
    assert "NEWACR" in page
    assert page.index("Historical") < page.index("NEWACR")  # the newest change first
    assert "created" in page


@pytest.mark.django_db
def test_the_changes_page_shows_changed_links_by_name(client, programme):
    countries = list(programme.countries.all())
    added = Country.objects.exclude(pk__in=[c.pk for c in countries]).first()
    programme_set_relations(programme=programme, countries=[*countries, added])

    page = text_of(client.get(f"{programme.get_absolute_url()}changes/"))

    assert added.name in page


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [2, 9])
def test_the_changes_page_runs_a_fixed_number_of_queries(client, programme, changes):
    for number in range(changes):
        edit(programme, acronym=f"A{number}")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{programme.get_absolute_url()}changes/")

    assert response.status_code == 200
    # The version, the record, its history, and for each link it follows (countries, cities)
    # the links each row held and the linked records' names.
    assert len(queries) == 6


@pytest.mark.django_db
def test_as_of_shows_the_record_as_it_was_and_says_so(client, programme):
    before = timezone.now()
    old_name = programme.name
    edit(programme, name="A renamed programme")

    response = client.get(programme.get_absolute_url(), {"as_of": before.isoformat()})

    page = text_of(response)
    assert response.status_code == 200
    assert old_name in page and "A renamed programme" not in page
    assert "This is an old version of this record" in page
    assert "Cite this version" in page and "?as_of=" in page
    current = text_of(client.get(programme.get_absolute_url()))
    assert "A renamed programme" in current


@pytest.mark.django_db
def test_as_of_a_date_means_the_end_of_that_day(client, programme):
    today = timezone.now().date().isoformat()
    edit(programme, name="Renamed today")

    page = text_of(client.get(programme.get_absolute_url(), {"as_of": today}))

    assert "Renamed today" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "status", "message"),
    [
        ("1999-01-01", 404, "was not in the catalogue yet on 1999-01-01"),
        ("2999-01-01", 400, "as_of is in the future"),
        ("yesterday", 400, "as_of must be an ISO 8601 date"),
        ("2024-13-45", 400, "as_of must be an ISO 8601 date"),
        ("<script>", 400, "as_of must be an ISO 8601 date"),
    ],
)
def test_as_of_outside_the_records_life_or_malformed_is_explained(
    client, programme, value, status, message
):
    response = client.get(programme.get_absolute_url(), {"as_of": value})

    assert response.status_code == status
    assert message in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [2, 9])
def test_as_of_runs_a_fixed_number_of_queries(client, programme, changes):
    moment = timezone.now()
    for number in range(changes):
        edit(programme, acronym=f"A{number}")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(programme.get_absolute_url(), {"as_of": moment.isoformat()})

    assert response.status_code == 200
    # As the changes page (the rows up to `as_of`), then the record's created/modified, which
    # its history leaves out (simple_history's `instance` of the row reads them).
    assert len(queries) == 7


@pytest.mark.django_db
def test_the_feed_lists_the_latest_changes_as_plain_text(client, programme):
    edit(programme, name="<b>Renamed</b> programme")
    programme.delete()

    response = client.get("/changes/feed.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 100
    first = entries[0]
    assert first.find(f"{ATOM}title").text == f"programmes/{programme.slug}: deleted"
    summaries = [entry.find(f"{ATOM}summary") for entry in entries]
    assert all(summary.get("type") == "text" for summary in summaries)


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 120])
def test_the_feed_is_bounded_and_runs_a_fixed_number_of_queries(client, programme, extra):
    for number in range(extra):
        edit(programme, acronym=f"A{number}")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/changes/feed.atom")

    entries = ElementTree.fromstring(response.content).findall(f"{ATOM}entry")
    assert len(entries) == min(100, Change.objects.count())
    assert len(queries) == 2  # the catalogue version (ETag, Last-Modified), the changes


@pytest.mark.django_db
def test_the_api_gives_a_record_as_it_was(client, programme):
    before = timezone.now()
    old_name = programme.name
    edit(programme, name="A renamed programme")
    url = f"/api/v1/programmes/{programme.slug}/"

    body = client.get(url, {"as_of": before.isoformat()}).json()

    assert body["id"] == programme.slug
    assert body["url"] == f"http://testserver{url}"
    assert body["fields"]["name"] == old_name
    assert body["as_of"] == before.isoformat()
    assert client.get(url).json()["name"] == "A renamed programme"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "status", "message"),
    [
        ("1999-01-01", 404, "was not in the catalogue yet on 1999-01-01"),
        ("2999-01-01T00:00:00Z", 400, "as_of is in the future"),
        ("2024-02-30", 400, "as_of must be an ISO 8601 date"),
    ],
)
def test_the_api_explains_an_as_of_it_cannot_answer(client, programme, value, status, message):
    response = client.get(f"/api/v1/programmes/{programme.slug}/", {"as_of": value})

    assert response.status_code == status
    assert message in str(response.json())


@pytest.mark.django_db
def test_as_of_is_refused_on_a_list(client, sample_catalogue):
    assert client.get("/api/v1/programmes/", {"as_of": "2024-01-01"}).status_code == 400


@pytest.mark.django_db(transaction=True)  # as served: no test transaction around the request
def test_options_on_a_record_with_a_token_and_an_empty_if_match_is_not_a_server_error(
    api_editor, programme
):
    """Found by schemathesis: DRF's OPTIONS metadata imitates a PUT outside a transaction."""
    response = api_editor.options(f"/api/v1/programmes/{programme.slug}/", HTTP_IF_MATCH="")

    assert response.status_code == 200


# ------------------------------------------------- ?as_of= and the caches (pages and API)
@pytest.mark.django_db
def test_a_cached_page_never_stands_for_an_as_of(client, programme):
    """The record's page and its old versions are cached whole: each under its own address,
    an invalid as_of is a 400 whatever is cached, and an old version stays old."""
    before = timezone.now()
    old_name = programme.name
    edit(programme, name="A renamed programme")
    url = programme.get_absolute_url()
    for _ in range(2):  # the second from the cache
        assert "A renamed programme" in text_of(client.get(url))
        assert client.get(url, {"as_of": "not-a-date"}).status_code == 400
        assert client.get(url, {"as_of": "2999-01-01"}).status_code == 400
        assert client.get(url, {"as_of": "1999-01-01"}).status_code == 404
        old = text_of(client.get(url, {"as_of": before.isoformat()}))
        assert old_name in old and "A renamed programme" not in old

    edit(programme, name="Renamed again")  # a write: new entries for the current pages
    assert "Renamed again" in text_of(client.get(url))
    old = text_of(client.get(url, {"as_of": before.isoformat()}))
    assert old_name in old and "Renamed again" not in old
    today = text_of(client.get(url, {"as_of": timezone.now().date().isoformat()}))
    assert "Renamed again" in today


@pytest.mark.django_db
def test_a_cached_api_record_never_stands_for_an_as_of(client, programme):
    before = timezone.now()
    old_name = programme.name
    edit(programme, name="A renamed programme")
    url = f"/api/v1/programmes/{programme.slug}/"
    current = client.get(url)
    etag = current["ETag"]

    for _ in range(2):  # the second from the cache
        assert client.get(url, {"as_of": "not-a-date"}).status_code == 400
        assert client.get(url, {"as_of": "2999-01-01T00:00Z"}).status_code == 400
        old = client.get(url, {"as_of": before.isoformat()}, HTTP_IF_NONE_MATCH=etag)
        assert old.status_code == 200  # the current version's ETag does not match it
        assert old.json()["fields"]["name"] == old_name
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_the_changes_page_names_a_country_or_pillar_in_the_readers_language(client):
    make_country(iso2="DE", iso3="DEU", name="Germany")
    make_pillar(name="Science in diplomacy", slug="science-in-diplomacy")

    country = text_of(client.get("/es/countries/de/changes/"))
    pillar = text_of(client.get("/es/pillars/science-in-diplomacy/changes/"))

    assert "Alemania</h1>" in country and "Germany</h1>" not in country
    assert "Ciencia en la diplomacia</h1>" in pillar
