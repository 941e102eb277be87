"""Two curators editing one record in the admin: the second save never silently overwrites."""

import html
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from initiatives.models import Programme


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def curator(username):
    user = get_user_model().objects.create_superuser(username, f"{username}@example.org", "x")
    client = Client()
    client.force_login(user)
    return client


def opened_form(client, url) -> dict:
    """What the change page's form would post back unchanged (main form and inlines)."""
    context = client.get(url).context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        forms += formset.forms
        forms.append(formset.management_form)
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


@pytest.fixture
def programme(sample_catalogue):
    return Programme.objects.order_by("slug").first()


@pytest.mark.django_db
def test_the_second_curator_is_told_who_changed_the_record_and_keeps_their_input(programme):
    alice, bob = curator("alice"), curator("bob")
    url = change_url(programme)
    alice_form, bob_form = opened_form(alice, url), opened_form(bob, url)

    bob_form["summary"] = "Bob's summary."
    assert bob.post(url, bob_form).status_code == 302
    alice_form["summary"] = "Alice's <b>summary</b>."
    response = alice.post(url, alice_form)

    page = response.content.decode()
    assert response.status_code == 200
    assert "changed by bob" in page and "since you opened it" in page
    table = page[page.index('id="version-conflict"') :]
    assert "Alice&#x27;s &lt;b&gt;summary&lt;/b&gt;." in table  # hers, escaped, not lost
    assert "Bob&#x27;s summary." in table  # beside the current value
    assert 'value="Alice&#x27;s &lt;b&gt;summary&lt;/b&gt;."' in page or (
        "Alice&#x27;s &lt;b&gt;summary&lt;/b&gt;.</textarea>" in page
    )
    programme.refresh_from_db()
    assert programme.summary == "Bob's summary."


@pytest.mark.django_db
def test_saving_again_after_seeing_the_conflict_keeps_the_second_curators_values(programme):
    alice, bob = curator("alice"), curator("bob")
    url = change_url(programme)
    alice_form, bob_form = opened_form(alice, url), opened_form(bob, url)
    bob_form["summary"] = "Bob's summary."
    bob.post(url, bob_form)
    alice_form["summary"] = "Alice's summary."
    conflict = alice.post(url, alice_form).context["adminform"].form

    alice_form["version"] = conflict["version"].value()  # the page now carries the current one
    assert alice.post(url, alice_form).status_code == 302
    programme.refresh_from_db()
    assert programme.summary == "Alice's summary."
    assert programme.history.first().history_user.username == "alice"


@pytest.mark.django_db
def test_a_save_from_an_up_to_date_form_goes_through(programme):
    alice = curator("alice")
    url = change_url(programme)
    form = opened_form(alice, url)
    form["summary"] = "A new summary."

    assert alice.post(url, form).status_code == 302
    programme.refresh_from_db()
    assert programme.summary == "A new summary."


@pytest.mark.django_db
def test_an_api_write_since_the_form_was_opened_is_a_conflict_too(programme, api_editor):
    alice = curator("alice")
    url = change_url(programme)
    form = opened_form(alice, url)
    api_editor.patch(f"/api/v1/programmes/{programme.slug}/", {"acronym": "NEW"}, format="json")

    form["summary"] = "Alice's summary."
    response = alice.post(url, form)

    assert response.status_code == 200
    assert "since you opened it" in response.content.decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins_and_the_other_is_told(programme):
    """Both curators opened the same version and press Save together: the row lock orders
    them, so exactly one save lands and the other sees the conflict."""
    alice, bob = curator("alice"), curator("bob")
    url = change_url(programme)
    forms = {"alice": opened_form(alice, url), "bob": opened_form(bob, url)}
    statuses = {}
    barrier = threading.Barrier(2)

    def save(name, client):
        forms[name]["summary"] = f"{name}'s summary."
        barrier.wait()
        statuses[name] = client.post(url, forms[name]).status_code
        connection.close()

    threads = [
        threading.Thread(target=save, args=(name, client))
        for name, client in (("alice", alice), ("bob", bob))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses.values()) == [200, 302]
    winner = next(name for name, status in statuses.items() if status == 302)
    programme.refresh_from_db()
    assert programme.summary == f"{winner}'s summary."


@pytest.mark.django_db
def test_a_conflict_shows_the_changed_passages_side_by_side_too(programme):
    """Inline rows (here the record's evidence) are compared as well as its own fields."""
    alice, bob = curator("alice"), curator("bob")
    url = change_url(programme)
    alice_form, bob_form = opened_form(alice, url), opened_form(bob, url)
    quote_key = next(key for key in bob_form if key.endswith("-0-quote"))
    bob_quote = bob_form[quote_key].split(".")[0]  # a shorter passage, still verbatim
    bob_form[quote_key] = bob_quote
    assert bob.post(url, bob_form).status_code == 302
    alice_form["summary"] = "Alice's summary."

    page = alice.post(url, alice_form).content.decode()

    table = page[page.index('id="version-conflict"') :]
    table = table[: table.index("</table>")]
    assert '<th scope="row">Evidence</th>' in table
    assert html.escape(alice_form[quote_key]) in table  # hers, kept
    assert html.escape(bob_quote) in table  # beside the current one
