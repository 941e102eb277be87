"""`export_catalogue` edits the fixture files in place: right after a load it leaves them byte
for byte as they were, and a curator's edit in the admin changes only that edit's lines, so
the change can be reviewed as a diff and committed."""

import difflib
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from countries.models import Country
from initiatives.catalogue import load_catalogue
from initiatives.catalogue_export import export_catalogue
from initiatives.models import Programme

pytestmark = pytest.mark.usefixtures("full_catalogue")


@pytest.fixture
def files(tmp_path) -> Path:
    """A copy of the committed fixtures, for the export to edit."""
    copy = tmp_path / "fixtures"
    shutil.copytree(settings.CATALOGUE_DIR, copy)
    return copy


def changed_lines(files: Path, name: str) -> list[str]:
    before = (Path(settings.CATALOGUE_DIR) / name).read_text(encoding="utf-8").splitlines()
    after = (files / name).read_text(encoding="utf-8").splitlines()
    return [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def submit_change_form(client, record, **changes):
    """Post the admin's change form as the page shows it, with `changes` made to it."""
    url = reverse(
        f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk]
    )
    context = client.get(url).context
    data = {}
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value if not isinstance(value, bool) else "on"
    data.update(changes)
    response = client.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 302, response.context["errors"] if response.context else ""


def test_export_right_after_a_load_leaves_every_file_as_it_was(files):
    written = export_catalogue(directory=files)

    assert written["programmes"] == Programme.objects.count()
    for path in sorted(Path(settings.CATALOGUE_DIR).glob("*.yaml")):
        assert (files / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_summary_edited_in_the_admin_changes_only_that_summary(admin_client, files):
    fund = Programme.objects.get(slug="global-challenges-research-fund")
    summary = (
        "British fund of £1.5 billion for international scientific collaborations focused on "
        "development cooperation, named among the United Kingdom's instruments."
    )
    submit_change_form(admin_client, fund, summary=summary)
    export_catalogue(directory=files)

    assert changed_lines(files, "programmes.yaml") == [
        "-    British £1.5-billion fund for international scientific collaborations focused on",
        "-    development cooperation.",
        "+    British fund of £1.5 billion for international scientific collaborations focused on",
        "+    development cooperation, named among the United Kingdom's instruments.",
    ]
    for other in ("countries.yaml", "institutions.yaml", "cities.yaml", "pillars.yaml"):
        assert changed_lines(files, other) == []
    assert not load_catalogue(directory=files).changed  # what was exported is what is stored


def test_a_country_linked_in_the_admin_changes_only_that_line(admin_client, files):
    fund = Programme.objects.get(slug="global-challenges-research-fund")
    countries = [*fund.countries.values_list("pk", flat=True), Country.objects.get(iso2="MX").pk]
    submit_change_form(admin_client, fund, countries=countries)
    export_catalogue(directory=files)

    assert changed_lines(files, "programmes.yaml") == [
        "-  countries: [GB]",
        "+  countries: [GB, MX]",
    ]


def test_a_changed_pillar_basis_changes_only_its_lines(files):
    from initiatives.services import programme_set_relations

    fund = Programme.objects.get(slug="global-challenges-research-fund")
    [link] = fund.pillar_links.all()
    passage = "a £1.5-billion fund for international scientific collaborations"
    programme_set_relations(
        programme=fund,
        pillars=[
            {
                "pillar": link.pillar,
                "basis": link.basis,
                "basis_kind": link.basis_kind,
                "evidence_passage": passage,
            }
        ],
    )
    export_catalogue(directory=files)

    assert changed_lines(files, "programmes.yaml") == [
        "-      evidence_passage: >-",
        "-        a £1.5-billion fund for international scientific collaborations focused on"
        " development",
        "-        cooperation.",
        f"+      evidence_passage: {passage}",
    ]


def test_a_deleted_record_takes_only_its_own_lines_away(admin_client, files):
    fund = Programme.objects.get(slug="global-challenges-research-fund")
    url = reverse("admin:initiatives_programme_delete", args=[fund.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    export_catalogue(directory=files)

    removed = changed_lines(files, "programmes.yaml")
    assert removed[0] == "-- slug: global-challenges-research-fund"
    assert all(line.startswith("-") for line in removed)
    assert not any("slug:" in line for line in removed[1:])  # one record, no neighbour
    report = load_catalogue(directory=files)
    assert not report.changed and not Programme.objects.filter(slug=fund.slug).exists()
