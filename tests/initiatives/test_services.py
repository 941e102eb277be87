"""Writes through services: the same change made by the loader, the API or the admin leaves
the same history (who and when aside)."""

import shutil

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from catalogue.models import Evidence, Pillar, Reference
from countries.models import Country
from initiatives.catalogue import load_catalogue
from initiatives.models import Figure, Institution, Programme, ProgrammeInstitution, ProgrammePillar
from tests.conftest import SAMPLE_CATALOGUE
from tests.factories import QUOTE
from tests.initiatives.test_catalogue import edit

pytestmark = pytest.mark.django_db

FUND = "global-challenges-research-fund"
HISTORIED = (Programme, ProgrammePillar, ProgrammeInstitution, Figure, Evidence)


@pytest.fixture
def catalogue_dir(tmp_path):
    directory = tmp_path / "catalogue"
    shutil.copytree(SAMPLE_CATALOGUE, directory)
    load_catalogue(directory=directory)
    return directory


def history_mark() -> dict:
    return {
        model: model.history.order_by("-history_id").values_list("history_id", flat=True).first()
        or 0
        for model in HISTORIED
    }


def history_since(mark: dict) -> list[tuple]:
    """The history rows written since `mark`, without who, when and the rows' ids."""
    rows = []
    for model in HISTORIED:
        for row in model.history.filter(history_id__gt=mark[model]).order_by("history_id"):
            rows.append((model.__name__, row.history_type, row.history_change_reason, _what(row)))
    return rows


def _what(row) -> tuple:
    if isinstance(row.instance, Programme):
        countries = sorted(link.country.iso2 for link in row.countries.all())
        return (row.slug, row.summary, tuple(countries))
    if isinstance(row.instance, ProgrammePillar):
        return (row.programme.slug, row.pillar.slug, row.basis)
    if isinstance(row.instance, ProgrammeInstitution):
        return (row.programme.slug, row.institution.slug, row.role)
    if isinstance(row.instance, Evidence):
        return (
            row.position,
            row.quote,
            tuple(sorted(link.reference.number for link in row.references.all())),
        )
    return (row.label, row.text, row.quantity)


def change_through_the_loader(catalogue_dir, client, admin_user):
    def change(rows):
        fund = rows[0]
        fund["pillars"] = [{"pillar": "science-in-diplomacy", "basis": QUOTE}]
        fund["institutions"] = [{"institution": "fco", "role": "funder"}]
        fund["countries"] = ["GB", "JP"]
        fund["evidence"][0]["footnotes"] = [6, 24]

    edit(catalogue_dir, "programmes", change)
    load_catalogue(directory=catalogue_dir)
    return None


def change_through_the_api(catalogue_dir, client, admin_user):
    editor = User.objects.create_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="change_programme"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    quote = Programme.objects.get(slug=FUND).evidence.get().quote
    body = {
        "pillars": [{"id": "science-in-diplomacy", "basis": QUOTE}],
        "institutions": [{"id": "fco", "role": "funder"}],
        "countries": ["GB", "JP"],
        "evidence": [{"quote": quote, "footnotes": [6, 24]}],
    }
    response = api.patch(f"/api/v1/programmes/{FUND}/", body, format="json")
    assert response.status_code == 200, response.content
    return editor


def change_through_the_admin(catalogue_dir, client, admin_user):
    client.force_login(admin_user)
    fund = Programme.objects.get(slug=FUND)
    [old_link] = fund.pillar_links.all()
    [figure] = fund.figures.all()
    [evidence] = fund.evidence.all()
    form = {
        "name": fund.name,
        "acronym": fund.acronym,
        "slug": fund.slug,
        "kind": fund.kind,
        "status": fund.status,
        "start_year": "",
        "end_year": "",
        "part_of": "",
        "summary": fund.summary,
        "countries": [Country.objects.get(iso2=code).pk for code in ("GB", "JP")],
        "cities": [],
    }
    form |= inline(
        "pillar_links",
        [
            {
                "id": old_link.pk,
                "pillar": old_link.pillar_id,
                "basis_kind": old_link.basis_kind,
                "basis": old_link.basis,
                "DELETE": "on",
            },
            {
                "pillar": Pillar.objects.get(slug="science-in-diplomacy").pk,
                "basis_kind": "example",
                "basis": QUOTE,
            },
        ],
        initial=1,
    )
    form |= inline(
        "institution_links",
        [{"institution": Institution.objects.get(slug="fco").pk, "role": "funder"}],
        initial=0,
    )
    form |= inline(
        "figures",
        [
            {
                "id": figure.pk,
                "position": figure.position,
                "label": figure.label,
                "text": figure.text,
                "quantity": str(figure.quantity),
                "unit": figure.unit,
            }
        ],
        initial=1,
    )
    form |= inline(
        "catalogue-evidence-content_type-object_id",
        [
            {
                "id": evidence.pk,
                "position": 0,
                "quote": evidence.quote,
                "references": [Reference.objects.get(number=n).pk for n in (6, 24)],
            }
        ],
        initial=1,
    )
    url = reverse("admin:initiatives_programme_change", args=[fund.pk])
    # The version of the record the change page was opened on (catalogue.concurrency).
    form["version"] = client.get(url).context["adminform"].form["version"].value()
    response = client.post(url, form)
    assert response.status_code == 302, response.context["errors"]
    return admin_user


def inline(prefix: str, rows: list[dict], *, initial: int) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


def expected_history(old_basis: str) -> list[tuple]:
    return [
        # The programme: one row for the change, naming what changed, with its countries.
        (
            "Programme",
            "~",
            "pillars, institutions, countries, evidence",
            (
                FUND,
                "A British fund for international scientific collaborations focused on development "
                "cooperation.",
                ("GB", "JP"),
            ),
        ),
        # Each link added or removed.
        ("ProgrammePillar", "+", None, (FUND, "science-in-diplomacy", QUOTE)),
        ("ProgrammePillar", "-", None, (FUND, "diplomacy-for-science", old_basis)),
        ("ProgrammeInstitution", "+", None, (FUND, "fco", "funder")),
        # The passage, changed in place, with its footnotes. The figure is untouched.
        (
            "Evidence",
            "~",
            None,
            (
                0,
                "the Global Challenges Research Fund, a £1.5-billion fund for international "
                "scientific collaborations focused on development cooperation.",
                (6, 24),
            ),
        ),
    ]


@pytest.mark.parametrize(
    "make_change",
    [change_through_the_loader, change_through_the_api, change_through_the_admin],
    ids=["loader", "api", "admin"],
)
def test_the_same_change_leaves_the_same_history_whoever_makes_it(
    catalogue_dir, client, admin_user, make_change
):
    old_basis = ProgrammePillar.objects.get(programme__slug=FUND).basis
    mark = history_mark()

    who = make_change(catalogue_dir, client, admin_user)

    assert history_since(mark) == expected_history(old_basis)
    users = {
        row.history_user
        for model in HISTORIED
        for row in model.history.filter(history_id__gt=mark[model])
    }
    assert users == {who}


def test_a_write_that_changes_nothing_leaves_no_history(catalogue_dir):
    fund = Programme.objects.get(slug=FUND)
    mark = history_mark()
    editor = User.objects.create_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="change_programme"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    body = api.get(f"/api/v1/programmes/{FUND}/").json()
    unchanged = {name: body[name] for name in ("name", "summary", "evidence", "figures")}
    unchanged["pillars"] = [{"id": p["id"], "basis": p["basis"]} for p in body["pillars"]]
    unchanged["countries"] = [c["id"] for c in body["countries"]]

    response = api.patch(f"/api/v1/programmes/{FUND}/", unchanged, format="json")
    load_catalogue(directory=catalogue_dir)

    assert response.status_code == 200, response.content
    assert history_since(mark) == []
    assert Programme.objects.get(slug=FUND).modified == fund.modified
