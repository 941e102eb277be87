"""Readers suggest corrections; curators review them; nothing is published unreviewed."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from catalogue.version import catalogue_version
from corrections.models import Suggestion
from countries.models import City, Country
from initiatives.models import Institution, Programme

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def form_url(record) -> str:
    return f"{record.get_absolute_url()}correction/"


@pytest.fixture
def programme(sample_catalogue):
    return Programme.objects.order_by("slug").first()


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Programme, Institution, Country, City])
def test_every_record_page_offers_a_form_that_works_without_javascript(
    client, sample_catalogue, model
):
    record = model.objects.first()

    assert f'href="{form_url(record)}"' in client.get(record.get_absolute_url()).content.decode()
    page = client.get(form_url(record)).content.decode()
    assert '<form method="post">' in page and 'name="what_is_wrong"' in page


@pytest.mark.django_db
def test_a_suggestion_is_kept_for_review_and_its_private_page_shows_its_status(client, programme):
    response = client.post(
        form_url(programme),
        {"what_is_wrong": HOSTILE, "passage": HOSTILE, "email": "reader@example.org"},
    )

    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert suggestion.token in response["Location"]
    assert suggestion.status == Suggestion.Status.NEW
    status = client.get(response["Location"]).content.decode()
    assert "Awaiting review" in status and "<script>" not in status
    # Never published: neither the record page nor its changes show it.
    for page in (programme.get_absolute_url(), f"{programme.get_absolute_url()}changes/"):
        assert "alert(" not in client.get(page).content.decode()


@pytest.mark.django_db
def test_a_private_link_cannot_be_guessed(client, programme):
    client.post(form_url(programme), {"what_is_wrong": "The start year is wrong."})
    assert len(Suggestion.objects.get().token) >= 32
    assert client.get("/corrections/not-a-token/").status_code == 404


@pytest.mark.django_db
def test_a_suggestion_of_a_megabyte_is_refused_with_a_message(client, programme):
    response = client.post(form_url(programme), {"what_is_wrong": "x" * 1_000_000})

    assert response.status_code == 400
    assert "at most 4000 characters" in response.content.decode()
    assert not Suggestion.objects.exists()


@pytest.mark.django_db
def test_an_empty_suggestion_is_refused(client, programme):
    assert client.post(form_url(programme), {"what_is_wrong": ""}).status_code == 400


@pytest.mark.django_db
def test_a_filled_honeypot_is_dropped_without_a_word(client, programme):
    response = client.post(
        form_url(programme), {"what_is_wrong": "Buy pills", "website": "http://spam.example"}
    )

    assert response.status_code == 302
    assert not Suggestion.objects.exists()


@pytest.mark.django_db
def test_fifty_suggestions_in_a_minute_from_one_client_are_throttled(client, programme):
    statuses = [
        client.post(form_url(programme), {"what_is_wrong": f"Error {n}"}).status_code
        for n in range(50)
    ]

    assert statuses[:10] == [302] * 10
    assert set(statuses[10:]) == {429}
    assert Suggestion.objects.count() == 10
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(form_url(programme), {"what_is_wrong": "Error"}).status_code == 302


@pytest.mark.django_db
def test_a_suggestion_does_not_change_the_catalogue_version(client, programme):
    """Suggestions are not catalogue data: their table has no version trigger, so caches of
    the catalogue stay valid (a deliberate exception to tests/catalogue/test_catalogue_version)."""
    before = catalogue_version()
    client.post(form_url(programme), {"what_is_wrong": "The start year is wrong."})
    assert catalogue_version() == before


@pytest.fixture
def curator(db):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "x")
    client = Client()
    client.force_login(user)
    return client


def review(curator, suggestion, **values):
    url = reverse("admin:corrections_suggestion_change", args=[suggestion.pk])
    data = {"status": "new", "reason": "", "duplicate_of": ""} | values
    return curator.post(url, data)


@pytest.mark.django_db
def test_curators_reject_only_with_a_reason_that_the_suggester_reads(client, curator, programme):
    client.post(form_url(programme), {"what_is_wrong": "Wrong.", "email": "r@example.org"})
    suggestion = Suggestion.objects.get()

    assert review(curator, suggestion, status="rejected").status_code == 200  # no reason
    assert review(curator, suggestion, status="rejected", reason="The paper says 1995.")
    status_page = client.get(f"/corrections/{suggestion.token}/").content.decode()
    assert "Rejected" in status_page and "The paper says 1995." in status_page


@pytest.mark.django_db
def test_curators_see_a_queue_and_merge_duplicates(client, curator, programme):
    for text in ("The year is wrong.", "Wrong year."):
        client.post(form_url(programme), {"what_is_wrong": text})
    first, second = Suggestion.objects.order_by("created", "id")

    queue = curator.get(reverse("admin:corrections_suggestion_changelist") + "?status__exact=new")
    assert "The year is wrong." in queue.content.decode()
    curator.post(
        reverse("admin:corrections_suggestion_changelist"),
        {"action": "merge_into_oldest", "_selected_action": [first.pk, second.pk]},
    )

    second.refresh_from_db()
    assert second.status == Suggestion.Status.DUPLICATE and second.duplicate_of == first
    page = client.get(f"/corrections/{second.token}/").content.decode()
    assert "A duplicate of another suggestion" in page


@pytest.mark.django_db
def test_html_and_script_in_every_field_come_back_escaped(client, curator, programme):
    fields = {"what_is_wrong": HOSTILE, "passage": HOSTILE, "email": HOSTILE}

    refused = client.post(form_url(programme), fields | {"website": ""})

    assert refused.status_code == 400  # not an address
    page = refused.content.decode()
    assert '<script>alert("x")' not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page  # kept for correcting
    # A robot that fills every field, the honeypot with script too, is dropped unseen.
    robot = fields | {"email": "robot@example.org", "website": HOSTILE}
    assert client.post(form_url(programme), robot).status_code == 302
    assert not Suggestion.objects.exists()

    client.post(form_url(programme), fields | {"email": "reader@example.org", "website": ""})
    suggestion = Suggestion.objects.get()
    for url in (
        reverse("admin:corrections_suggestion_changelist"),
        reverse("admin:corrections_suggestion_change", args=[suggestion.pk]),
    ):
        page = curator.get(url).content.decode()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert '<script>alert("x")' not in page and "<img src=x" not in page
