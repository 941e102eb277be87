"""A reader's suggestion accepted: the curator corrects the record in the admin (through the
services), the history keeps the change with the suggestion's number, the public Changes page
says why, and the suggestion names the change it led to. A curator's own note shows too."""

import re

import pytest
from django.urls import reverse

from catalogue.services import change_note, record_save
from corrections.models import Suggestion
from initiatives.models import Programme
from tests.curators.test_admin_concurrency import change_url, curator, opened_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(sample_catalogue):
    return Programme.objects.order_by("slug").first()


@pytest.fixture
def suggestion(client, programme):
    client.post(f"{programme.get_absolute_url()}correction/", {"what_is_wrong": "Wrong year."})
    return Suggestion.objects.get()


def review(reviewer, suggestion, **values):
    url = reverse("admin:corrections_suggestion_change", args=[suggestion.pk])
    return reviewer.post(url, {"status": "new", "reason": "", "duplicate_of": ""} | values)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_suggestion_accepted_is_linked_to_the_change_it_made(client, programme, suggestion):
    alice = curator("alice")
    queue_page = alice.get(
        reverse("admin:corrections_suggestion_change", args=[suggestion.pk])
    ).content.decode()
    note = f"suggestion #{suggestion.pk}"
    # The queue opens the record's admin page with the suggestion's note filled in.
    link = f"{change_url(programme)}?note=suggestion+%23{suggestion.pk}"
    assert f'href="{link}"' in queue_page
    # Accepting before the record is corrected is refused: nothing to link to.
    refused = review(alice, suggestion, status="accepted")
    assert refused.status_code == 200 and "Correct the record first" in text_of(refused)

    form = opened_form(alice, link)
    assert form["note"] == note
    form["summary"] = "The corrected summary."
    assert alice.post(change_url(programme), form).status_code == 302

    row = programme.history.order_by("-history_date").first()
    assert row.summary == "The corrected summary." and row.history_user.username == "alice"
    assert row.history_change_reason == f"summary: {note}"
    changes = text_of(client.get(f"{programme.get_absolute_url()}changes/"))
    assert f"Why: a reader's suggested correction (no. {suggestion.pk})." in changes
    assert "The corrected summary." in changes

    assert review(alice, suggestion, status="accepted").status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert list(suggestion.record_changes()) == [row]
    reviewed = alice.get(reverse("admin:corrections_suggestion_change", args=[suggestion.pk]))
    assert f'href="{programme.get_absolute_url()}changes/"' in reviewed.content.decode()
    # The suggester's private page leads to the correction.
    status = client.get(f"/corrections/{suggestion.token}/").content.decode()
    assert "Accepted" in status and f'href="{programme.get_absolute_url()}changes/"' in status


def test_a_change_for_another_suggestion_does_not_count(client, programme, suggestion):
    other = Suggestion.objects.create(
        content_type=suggestion.content_type,
        object_id=programme.pk,
        record_name="x",
        what_is_wrong="Other.",
    )
    with change_note(other.note):
        programme.summary = "Corrected for the other one."
        record_save(record=programme)

    assert review(curator("alice"), suggestion, status="accepted").status_code == 200
    assert review(curator("bob"), other, status="accepted").status_code == 302


def test_a_curators_note_says_why_on_the_public_changes_page(client, programme):
    alice = curator("alice")
    form = opened_form(alice, change_url(programme))
    form["summary"] = "A summary checked against the paper."
    form["note"] = "Footnote 12 <script>alert(1)</script> gives the year."

    assert alice.post(change_url(programme), form).status_code == 302
    changes = text_of(client.get(f"{programme.get_absolute_url()}changes/"))
    assert "Why: Footnote 12 &lt;script&gt;alert(1)&lt;/script&gt; gives the year." in changes
    assert "<script>alert" not in changes


def test_a_note_longer_than_the_history_keeps_is_refused_and_nothing_saved(client, programme):
    alice = curator("alice")
    form = opened_form(alice, change_url(programme))
    form["summary"] = "Never saved."
    form["note"] = "x" * 81

    response = alice.post(change_url(programme), form)

    assert response.status_code == 200
    assert "at most 80 characters" in text_of(response)
    programme.refresh_from_db()
    assert programme.summary != "Never saved."


def test_the_why_is_kept_whole_when_much_changed(programme):
    """The history's reason column holds 100 characters: what changed is shortened, never
    the why (a suggestion's number cut short would name another one)."""
    for name in ("summary", "acronym", "name", "slug", "pillar_note"):
        setattr(programme, name, f"{getattr(programme, name)}x")
    programme.start_year, programme.end_year = 1901, 1902
    note = "suggestion #12345678 " + "y" * 40
    with change_note(note):
        record_save(record=programme)

    reason = programme.history.order_by("-history_date").first().history_change_reason
    assert len(reason) <= 100 and reason.endswith(f": {note}")
