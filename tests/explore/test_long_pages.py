"""Pages that would list everything of a large catalogue show the first records, say how many
there are, and link to the list that has them all."""

import re

import pytest

from catalogue.models import Reference, provenance
from explore.views import TimelineView
from initiatives import views as initiative_views
from tests.factories import add_evidence, make_pillar, make_programme

pytestmark = pytest.mark.django_db


def test_a_pillar_page_lists_its_first_programmes_by_name_and_links_to_them_all(
    client, monkeypatch
):
    monkeypatch.setattr(initiative_views, "LISTED_PROGRAMMES", 3)
    pillar = make_pillar(slug="science-in-diplomacy")
    for name in ("Delta", "Alpha", "Echo", "Charlie", "Bravo"):
        make_programme(name=name, pillars=[pillar])

    body = client.get("/pillars/science-in-diplomacy/").content.decode()
    section = body.split('id="programmes-heading"')[1].split("</section>")[0]

    assert re.findall(r'<li><a href="/programmes/[^"]+">(\w+)</a> ', section) == [
        "Alpha",
        "Bravo",
        "Charlie",
    ]
    assert "The first 3 of 5 programmes, by name." in section
    assert 'href="/programmes/?pillar=science-in-diplomacy"' in section


def test_the_timeline_shows_the_earliest_programmes_and_says_how_many_are_dated(
    client, monkeypatch
):
    monkeypatch.setattr(TimelineView, "ROWS", 2)
    for year in (1990, 1874, 2001, 1950):
        make_programme(name=f"Started {year}", start_year=year)
    make_programme(name="Undated")

    body = client.get("/timeline/").content.decode()

    listed = re.findall(r"Started (\d+)</a>", body.split('class="timeline-list"')[1])
    assert listed == ["1874", "1950"]
    assert "The earliest 2 of 4 dated programmes." in body
    assert 'href="/programmes/?ordering=start_year"' in body


def test_a_footnote_shows_its_first_citing_passages_and_how_many_there_are(client, monkeypatch):
    monkeypatch.setattr(provenance, "LISTED_EVIDENCE", 2)
    footnote = Reference.objects.create(number=7, text="A footnote.")
    for name in ("Alpha", "Bravo", "Charlie"):
        add_evidence(make_programme(name=name), references=[footnote])

    body = client.get("/references/").content.decode()
    row = body.split('id="fn7"')[1].split("</li>")[0]

    assert re.findall(r'<a href="/programmes/[^"]+">(\w+)</a>', row) == ["Alpha", "Bravo"]
    assert "(the first 2 of 3 passages)" in row
