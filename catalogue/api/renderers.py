"""Renderers: CSV for every list and detail, citations of a record, the archive's zip."""

from dataclasses import dataclass

from rest_framework.renderers import BaseRenderer, JSONRenderer

from catalogue.citations import FORMATS
from catalogue.exports import csv_lines


@dataclass(frozen=True, slots=True)
class PreRendered:
    """A representation rendered earlier (and cached): the renderer sends its body as it is.

    A holder, not a `bytes` subclass: the same bytes object then reaches the response, where
    a subclass was copied twice on the way (a facet list is 430 kB). It saves those copies'
    work, not peak memory: that peak is in reading the reply from Redis."""

    body: bytes


class CatalogueJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, which passes a `PreRendered` body through untouched."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, PreRendered):
            return data.body
        return super().render(data, accepted_media_type, renderer_context)


class CSVRenderer(BaseRenderer):
    """One row per record, one column per field of the JSON representation, in its order
    (`catalogue.exports.csv_lines`, the one CSV schema of a list).

    Columns follow the serializer's fields (and `fields`, when given), so the order is
    stable and an empty list still has its header.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:  # a 204 (a DELETE): no body in any format
            return b""
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        columns = view.csv_columns() if hasattr(view, "csv_columns") else _columns_of(rows)
        return "".join(csv_lines(columns, rows)).encode(self.charset)


def _columns_of(rows) -> list[str]:
    return list(dict.fromkeys(key for row in rows for key in row))


class ZipRenderer(BaseRenderer):
    """Passes the archive's bytes through."""

    media_type = "application/zip"
    format = "zip"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class OctetStreamZipRenderer(ZipRenderer):
    """The same zip for `Accept: application/octet-stream`, the one binary type every
    generated client knows."""

    media_type = "application/octet-stream"


class CitationRenderer(BaseRenderer):
    """A record's citation (catalogue.citations), for `Accept: application/x-bibtex` and the
    other citation types, or `?format=bibtex|ris|csl`; the view gives the text."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode(self.charset) if isinstance(data, str) else data


# One renderer per citation format, named as `?format=` names it.
CITATION_RENDERERS = [
    type(
        f"{fmt.name.capitalize()}CitationRenderer",
        (CitationRenderer,),
        {"media_type": fmt.media_type, "format": fmt.name},
    )
    for fmt in FORMATS.values()
]
