"""Renderers: CSV for every list and detail, and the catalogue archive's zip."""

import csv
import io
import json
from decimal import Decimal

from rest_framework.renderers import BaseRenderer, JSONRenderer


class PreRendered(bytes):
    """A representation rendered earlier (and cached): the renderer sends it as it is."""


class CatalogueJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, which passes a `PreRendered` body through untouched."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, PreRendered):
            return bytes(data)
        return super().render(data, accepted_media_type, renderer_context)


class CSVRenderer(BaseRenderer):
    """One row per record, one column per field of the JSON representation, in its order.

    Columns follow the serializer's fields (and `fields`, when given), so the order is
    stable and an empty list still has its header. Cells are flattened: a related record
    becomes its id (with `:role` for an institution's role in a programme), a list of them
    ids joined by "; ", and other structured values (evidence, figures) compact JSON.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        columns = view.csv_columns() if hasattr(view, "csv_columns") else _columns_of(rows)
        output = io.StringIO()
        writer = csv.writer(output, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([flatten_cell(row.get(column)) for column in columns])
        return output.getvalue().encode(self.charset)


def _columns_of(rows) -> list[str]:
    return list(dict.fromkeys(key for row in rows for key in row))


def flatten_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict) and "id" in value:
        return f"{value['id']}:{value['role']}" if "role" in value else str(value["id"])
    if isinstance(value, list) and all(
        not isinstance(item, dict | list) or (isinstance(item, dict) and "id" in item)
        for item in value
    ):
        return "; ".join(flatten_cell(item) for item in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    return str(value)


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


class ZipRenderer(BaseRenderer):
    """Passes the archive's bytes through."""

    media_type = "application/zip"
    format = "zip"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data
