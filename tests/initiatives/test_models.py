import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from catalogue.models import Evidence, Reference
from initiatives.models import Figure, Programme, ProgrammeInstitution
from tests.factories import (
    QUOTE,
    add_evidence,
    make_country,
    make_institution,
    make_pillar,
    make_programme,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "values",
    [
        {"start_year": 2010, "end_year": 2009},
        {"start_year": 99},
        {"end_year": 3000},
    ],
)
def test_programme_years_are_checked(values):
    with pytest.raises(IntegrityError):
        make_programme(**values)


def test_programme_names_and_acronyms_are_unique_ignoring_case():
    make_programme(name="Newton Fund", acronym="NF")
    with pytest.raises(IntegrityError):
        make_programme(name="newton fund")


def test_programme_acronyms_are_unique_but_may_be_blank():
    make_programme(acronym="")
    make_programme(acronym="")
    make_programme(acronym="GCRF")
    with pytest.raises(IntegrityError):
        make_programme(acronym="gcrf")


def test_programme_cannot_be_part_of_itself():
    programme = make_programme()
    programme.part_of = programme
    with pytest.raises(IntegrityError):
        programme.save()


def test_institution_cannot_be_its_own_parent():
    institution = make_institution()
    institution.parent = institution
    with pytest.raises(IntegrityError):
        institution.save()


def test_institution_names_are_unique():
    make_institution(name="Ministry of Foreign Affairs of Denmark")
    with pytest.raises(IntegrityError):
        make_institution(name="Ministry of Foreign Affairs of Denmark")


def test_an_institution_plays_a_role_once_per_programme():
    institution = make_institution()
    programme = make_programme(institutions=[(institution, "funder")])
    programme.institution_links.create(institution=institution, role="partner")
    with pytest.raises(IntegrityError):
        programme.institution_links.create(institution=institution, role="funder")


def test_a_pillar_is_assigned_once_per_programme():
    pillar = make_pillar()
    programme = make_programme(pillars=[pillar])
    with pytest.raises(IntegrityError):
        programme.pillar_links.create(pillar=pillar, basis=QUOTE)


def test_reference_numbers_are_unique_and_positive():
    Reference.objects.create(number=1, text="A footnote.")
    with pytest.raises(IntegrityError):
        Reference.objects.create(number=1, text="Again.")


def test_evidence_must_be_a_passage_of_the_paper():
    programme = make_programme()
    invented = Evidence(record=programme, quote="Science diplomacy began on the Moon.")
    with pytest.raises(ValidationError, match="does not occur in the paper"):
        invented.full_clean()
    real = Evidence(record=programme, quote="Science has become a strategic\n instrument")
    real.full_clean()


def test_figures_and_pillar_bases_must_be_passages_of_the_paper():
    programme = make_programme()
    with pytest.raises(ValidationError):
        Figure(programme=programme, label="Budget", text="£9-billion").full_clean()
    Figure(programme=programme, label="Budget", text="£1.5-billion").full_clean()


def test_evidence_is_shared_by_every_documented_model():
    country = make_country()
    institution = make_institution(country=country)
    for record in (country, institution):
        add_evidence(record)
    assert country.evidence.count() == 1
    assert institution.evidence.get().quote == QUOTE


def test_active_in_a_year_follows_what_the_paper_dates():
    running = make_programme(start_year=2009, status=Programme.Status.ACTIVE)
    ended = make_programme(start_year=1942, end_year=1946, status=Programme.Status.HISTORICAL)
    one_off = make_programme(start_year=1874, status=Programme.Status.HISTORICAL)
    make_programme(status=Programme.Status.ACTIVE)  # undated: the paper does not say

    assert set(Programme.objects.active_in(2015)) == {running}
    assert set(Programme.objects.active_in(1944)) == {ended}
    assert set(Programme.objects.active_in(1874)) == {one_off}
    assert set(Programme.objects.active_in(1875)) == set()


def test_roles_have_readable_labels():
    link = ProgrammeInstitution(role="funder")
    assert link.get_role_display() == "Funder"


def test_evidence_is_a_passage_not_a_fragment():
    programme = make_programme()
    with pytest.raises(ValidationError, match="at least 3 words"):
        Evidence(record=programme, quote="0").full_clean()
    with pytest.raises(ValidationError, match="at least 3 words"):
        Evidence(record=programme, quote="science diplomacy").full_clean()
    Evidence(record=programme, quote="while Colombia has").full_clean()


def test_programme_kind_and_status_show_their_translated_labels():
    programme = Programme(kind=Programme.Kind.FELLOWSHIP, status="historical")
    assert programme.get_kind_display() == "Fellowship or scholarship"
    with translation.override("es"):
        assert str(programme.get_status_display()) == "Histórico"
    # A value outside the choices (a row from an older release, say) shows as it is.
    assert Programme(kind="retired_kind").get_kind_display() == "retired_kind"
