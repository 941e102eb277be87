"""Issue #16: the list page's "CSV for Excel" starts with a UTF-8 byte order mark, so Excel
reads "Valparaíso" as written; the plain CSV, the API's, has none and the same rows."""

import csv
import io

import pytest

from tests.factories import make_city, make_country, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def valparaiso():
    chile = make_country(iso2="CL", name="Chile")
    make_city(slug="valparaiso", name="Valparaíso", country=chile)
    make_programme(slug="fondo", name="Fondo Valparaíso", countries=[chile])


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_page_offers_a_csv_for_excel_with_the_filters(client, valparaiso):
    body = client.get("/programmes/?country=CL").content.decode()
    assert 'href="/programmes/export-excel.csv?country=CL"' in body
    assert "CSV for Excel" in body


@pytest.mark.parametrize("resource", ["programmes", "cities"])
def test_csv_for_excel_has_a_byte_order_mark_and_the_same_rows(client, valparaiso, resource):
    response = client.get(f"/{resource}/export-excel.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"diplohub-{resource}-excel.csv" in response["Content-Disposition"]
    excel = content(response)
    plain = content(client.get(f"/{resource}/export.csv"))
    from_api = content(client.get(f"/api/v1/{resource}/", {"format": "csv"}))
    assert excel.startswith("\ufeff".encode())
    assert not plain.startswith("\ufeff".encode())
    assert not from_api.startswith("\ufeff".encode())
    # Read as Excel reads a file with a BOM: the same table as the API's.
    table = list(csv.reader(io.StringIO(excel.decode("utf-8-sig"))))
    assert table == list(csv.reader(io.StringIO(from_api.decode())))
    assert table[0][0] == "id"  # no mark glued to the first header
    assert any("Valparaíso" in cell for row in table for cell in row)


def test_csv_for_excel_takes_the_filters_and_refuses_bad_ones(client, valparaiso):
    assert client.get("/programmes/export-excel.csv?country=ZZ").status_code == 400
    rows = content(client.get("/programmes/export-excel.csv?country=CL")).decode("utf-8-sig")
    assert "fondo" in rows
