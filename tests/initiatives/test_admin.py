"""Curators keep the data right through the admin."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from catalogue.models import Evidence, Pillar, Reference
from countries.models import City, Country
from initiatives.models import Institution, Programme

MODELS = [Country, City, Pillar, Institution, Programme, Reference]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_list_add_and_change_pages_render_for_a_superuser(admin_client, sample_catalogue, model):
    record = model.objects.first()

    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "changelist") + "?q=science",
        admin_url(model, "add"),
        admin_url(model, "change", record.pk),
    ):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_autocomplete_finds_institutions_by_acronym(admin_client, sample_catalogue):
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "FCO",
            "app_label": "initiatives",
            "model_name": "programmeinstitution",
            "field_name": "institution",
        },
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == [
        "Foreign and Commonwealth Office (FCO)"
    ]


def country_form(quote):
    prefix = "catalogue-evidence-content_type-object_id"
    return {
        "iso2": "CL",
        "iso3": "CHL",
        "iso_3166_3": "",
        "name": "Chile",
        "region": "americas",
        "subregion": "latin-america-and-the-caribbean",
        "summary": "Trains its diplomats in science diplomacy.",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "1",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-position": "0",
        f"{prefix}-0-quote": quote,
    }


@pytest.mark.django_db
def test_curator_cannot_save_evidence_that_is_not_in_the_paper(admin_client):
    response = admin_client.post(
        admin_url(Country, "add"), country_form("Chile invented science diplomacy.")
    )

    assert response.status_code == 200
    assert "does not occur in the paper" in response.content.decode()
    assert not Country.objects.filter(iso2="CL").exists()


@pytest.mark.django_db
def test_curator_saves_a_record_with_a_verbatim_passage(admin_client):
    quote = "its diplomatic academy incorporates science diplomacy in the training of its corps"

    response = admin_client.post(admin_url(Country, "add"), country_form(quote))

    assert response.status_code == 302
    chile = Country.objects.get(iso2="CL")
    assert (
        Evidence.objects.get(
            content_type=ContentType.objects.get_for_model(Country), object_id=chile.pk
        ).quote
        == quote
    )


@pytest.mark.django_db
def test_curator_cannot_save_a_record_without_evidence(admin_client):
    form = country_form("")
    form["catalogue-evidence-content_type-object_id-TOTAL_FORMS"] = "0"

    response = admin_client.post(admin_url(Country, "add"), form)

    assert response.status_code == 200
    assert not Country.objects.filter(iso2="CL").exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(admin_url(Programme, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_every_admin_write_is_recorded_with_who_when_and_what(admin_client, admin_user):
    admin_client.post(
        admin_url(Country, "add"),
        country_form(
            "its diplomatic academy incorporates science diplomacy in the training of its corps"
        ),
    )
    chile = Country.objects.get(iso2="CL")
    form = country_form(
        "its diplomatic academy incorporates science diplomacy in the training of its corps"
    )
    form["summary"] = "A corrected summary."
    prefix = "catalogue-evidence-content_type-object_id"
    evidence = Evidence.objects.get(object_id=chile.pk)
    form.update({f"{prefix}-INITIAL_FORMS": "1", f"{prefix}-0-id": str(evidence.pk)})
    # The version of the record the change page was opened on (see tests/curators).
    opened = admin_client.get(admin_url(Country, "change", chile.pk)).context["adminform"].form
    form["version"] = opened["version"].value()

    response = admin_client.post(admin_url(Country, "change", chile.pk), form)

    assert response.status_code == 302
    latest, first = chile.history.all()[:2]
    assert latest.history_user == admin_user and latest.history_type == "~"
    assert [change.field for change in latest.diff_against(first).changes] == ["summary"]
    history_page = admin_client.get(admin_url(Country, "history", chile.pk)).content.decode()
    assert "A corrected summary." in history_page  # the change is shown on the record's history
    assert "Trains its diplomats in science diplomacy." in history_page


@pytest.mark.django_db
def test_admin_login_attempts_are_limited(client, django_user_model, settings):
    django_user_model.objects.create_superuser("curator", "c@example.org", "right-password-123")
    login = reverse("admin:login")

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "curator", "password": "wrong"})
    locked = client.post(login, {"username": "curator", "password": "right-password-123"})

    assert locked.status_code == 429  # even the right password is refused while locked out
    assert client.get(admin_url(Programme, "changelist"))["Location"].startswith("/admin/login/")
