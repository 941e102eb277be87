"""Take a filtered list away: CSV (streamed), JSON and Atom, from the same columns.

Each model's columns are declared once here (`PROGRAMME_COLUMNS`, ...); the list pages'
export links and feeds all write through these functions, from the model's `for_listing()`
queryset, so an export holds exactly the filtered rows in the page's order.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.feedgenerator import Atom1Feed


@dataclass(frozen=True)
class Column:
    """One exported field: its header (as in the API) and how to read it from a record."""

    header: str
    read: Callable[[Any], Any]


def attr(name: str) -> Column:
    """A field, exported by its value (choices by their code, not their translated label)."""
    return Column(name, lambda record: getattr(record, name))


def key_of(name: str, key: str) -> Column:
    """A foreign key, exported by the related record's natural key."""

    def read(record):
        related = getattr(record, name)
        return getattr(related, key) if related is not None else None

    return Column(name, read)


def keys_of(name: str, key: str) -> Column:
    """A many-to-many relation, exported as the list of natural keys (prefetched)."""
    return Column(name, lambda record: [getattr(item, key) for item in getattr(record, name).all()])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


class _Echo:
    """A file-like object whose write() returns the line, for a streamed csv.writer."""

    def write(self, value):
        return value


def _rows(records: Iterable, columns, request):
    for record in records:
        values = [column.read(record) for column in columns]
        yield values + [request.build_absolute_uri(record.get_absolute_url())]


def csv_response(records, columns, request, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    header = [column.header for column in columns] + ["page_url"]
    lines = (
        writer.writerow([_cell(value) for value in row]) for row in _rows(records, columns, request)
    )
    response = StreamingHttpResponse(
        _chain([writer.writerow(header)], lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _chain(first, rest):
    yield from first
    yield from rest


def json_response(records, columns, request, filename: str) -> JsonResponse:
    headers = [column.header for column in columns] + ["page_url"]
    results = [
        {header: _json_value(value) for header, value in zip(headers, row, strict=True)}
        for row in _rows(records, columns, request)
    ]
    response = JsonResponse(
        {"count": len(results), "results": results}, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response


def atom_response(records, request, *, title: str, link: str) -> HttpResponse:
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(link),
        description=title,
        feed_url=request.build_absolute_uri(),
        language="en",
    )
    for record in records:
        url = request.build_absolute_uri(record.get_absolute_url())
        feed.add_item(
            title=str(record),
            link=url,
            unique_id=url,
            description=getattr(record, "summary", "") or getattr(record, "text", ""),
            pubdate=record.created,
            updateddate=record.modified,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


PROGRAMME_COLUMNS = (
    attr("slug"),
    attr("name"),
    attr("acronym"),
    attr("kind"),
    attr("status"),
    attr("start_year"),
    attr("end_year"),
    keys_of("pillars", "slug"),
    keys_of("countries", "iso2"),
    attr("summary"),
)
INSTITUTION_COLUMNS = (
    attr("slug"),
    attr("name"),
    attr("acronym"),
    attr("kind"),
    key_of("country", "iso2"),
    key_of("city", "slug"),
    key_of("parent", "slug"),
    attr("founded_year"),
    attr("programme_count"),
    attr("summary"),
)
COUNTRY_COLUMNS = (
    attr("iso2"),
    attr("iso3"),
    attr("name"),
    attr("region"),
    attr("subregion"),
    attr("programme_count"),
    attr("summary"),
)
CITY_COLUMNS = (
    attr("slug"),
    attr("name"),
    key_of("country", "iso2"),
    attr("kind"),
    attr("latitude"),
    attr("longitude"),
    attr("programme_count"),
    attr("summary"),
)
PILLAR_COLUMNS = (
    attr("slug"),
    attr("name"),
    attr("definition"),
    attr("programme_count"),
)
REFERENCE_COLUMNS = (
    attr("number"),
    attr("text"),
    attr("authors"),
    attr("title"),
    attr("venue"),
    attr("year"),
    attr("url"),
)
