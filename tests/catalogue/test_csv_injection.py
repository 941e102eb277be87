"""Issue #18: no CSV cell reaches a spreadsheet as a formula (OWASP: a cell that starts with
= + - @ tab or carriage return gets a leading `'`), in every CSV (page export, API, archive),
which one writer makes."""

import csv
import io
import zipfile

import pytest

from tests.factories import make_city, make_country, make_programme

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


def rows_of(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode(), newline="")))


def archive_rows(client, name):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/archive/").getvalue()))
    return rows_of(archive.read(name))


SOURCES = {
    "page export": lambda client: rows_of(client.get("/programmes/export.csv").getvalue()),
    "api": lambda client: rows_of(client.get("/api/v1/programmes/?format=csv").getvalue()),
    "api detail": lambda client: rows_of(
        client.get("/api/v1/programmes/evil/?format=csv").getvalue()
    ),
    "archive": lambda client: archive_rows(client, "data/programmes.csv"),
}


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("source", SOURCES)
def test_a_cell_that_would_be_a_formula_is_neutralised(client, prefix, source):
    make_programme(slug="evil", name=f'{prefix}HYPERLINK("http://x")', acronym="ok")
    (row,) = SOURCES[source](client)
    assert row["name"] == f'\'{prefix}HYPERLINK("http://x")'
    assert row["acronym"] == "ok"


@pytest.mark.parametrize("text", ["a=b", "CO2 + science", "e-mail", "x@y", "'quoted"])
def test_text_with_those_characters_inside_is_unchanged(client, text):
    make_programme(slug="evil", name=text)
    (row,) = SOURCES["page export"](client)
    assert row["name"] == text


def test_negative_numbers_stay_numbers(client):
    make_city(slug="lima", name="Lima", country=make_country(), latitude=-12.05, longitude=-77.04)
    (row,) = rows_of(client.get("/api/v1/cities/?format=csv").getvalue())
    assert (float(row["latitude"]), float(row["longitude"])) == (-12.05, -77.04)
