"""Issue #18 (low): names and acronyms are one line (no control characters), and citations
escape what each format needs, so no record can forge a RIS field or a LaTeX command."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from catalogue.citations import Citation
from tests.factories import make_country, make_institution, make_pillar, make_programme

pytestmark = pytest.mark.django_db

CONTROL = ["\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("char", CONTROL)
@pytest.mark.parametrize(
    ("make", "field"),
    [
        (make_programme, "name"),
        (make_programme, "acronym"),
        (make_institution, "name"),
        (make_institution, "acronym"),
        (make_country, "name"),
        (make_pillar, "name"),
    ],
)
def test_names_and_acronyms_refuse_control_characters(make, field, char):
    record = make()
    setattr(record, field, f"Forged{char}TY  - JOUR")
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize("name", ["Fondo México–Chile", "A/B & C (2020)", 'Ørsted\'s "fund"'])
def test_ordinary_punctuation_is_fine(name):
    record = make_programme(name=name, acronym="FMC")
    record.full_clean()


def cite(name):
    record = make_programme(name=name)
    cited = Citation.of(record, "https://example.org/p/", released=None, accessed=date(2026, 1, 2))
    return {"bibtex": cited.bibtex, "ris": cited.ris}


def test_ris_keeps_each_field_on_one_line():
    # Records stored before the validator, or written around it, still cannot forge a field.
    ris = cite("Evil\nAU  - Forged Author\r\nER  - ")["ris"]
    assert [line[:2] for line in ris.splitlines()] == [
        "TY", "TI", "AU", "PB", "PY", "UR", "Y2", "N1", "ER",
    ]  # fmt: skip
    assert "Forged Author" in ris.splitlines()[1]


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("C:\\input{/etc/passwd}", r"C:\textbackslash{}input\{/etc/passwd\}"),
        ("50% & $5 #1 a_b", r"50\% \& \$5 \#1 a\_b"),
        ("x~y^z", r"x\textasciitilde{}y\textasciicircum{}z"),
        ("Line\nbreak", "Line break"),
    ],
)
def test_bibtex_escapes_latex(name, escaped):
    bibtex = cite(name)["bibtex"]
    assert f"title        = {{{escaped}}}," in bibtex
