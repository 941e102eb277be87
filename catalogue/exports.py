"""Take a filtered list away: CSV, JSON and Atom.

A list's CSV has one schema wherever it is downloaded (the list page's export, the API's
`?format=csv`, the catalogue archive): one column per field of the API's serializer, in its
order, each cell the JSON value flattened (`csv_lines`). The page's JSON export keeps its
own compact columns (`PROGRAMME_COLUMNS`, ...), read from the model's `for_listing()`.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.views.decorators.http import condition

from catalogue.dataset import DATA_LICENCE, licence_link_header, rights
from catalogue.version import CatalogueVersion, catalogue_version


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


def keys_of(name: str, key: str, *, prefetched: str) -> Column:
    """A many-to-many relation, exported as the list of natural keys, read from the list
    its `for_listing()` prefetched (`Prefetch(..., to_attr=prefetched)`)."""
    return Column(name, lambda record: [getattr(item, key) for item in getattr(record, prefetched)])


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


class _Echo:
    """A file-like object whose write() returns the line, for a streamed csv.writer."""

    def write(self, value):
        return value


# Records loaded at a time for a whole list (each chunk with its prefetched relations), so
# memory stays flat and no query carries more ids than a database takes. 500, not 2,000: two
# exports at once in one process grew it by 47 MB instead of 113, in the same time (make bench).
EXPORT_CHUNK = 500


def represented(queryset, serializer) -> Iterator[dict]:
    """The queryset's records as `serializer` (one instance, as a list's child) shows them,
    loaded chunk by chunk."""
    for record in queryset.iterator(chunk_size=EXPORT_CHUNK):
        yield serializer.to_representation(record)


def csv_lines(columns: list[str], records: Iterable[dict]) -> Iterator[str]:
    """The CSV of records as the API represents them: a header, then a line per record.

    Cells are flattened: a related record becomes its id (with `:role` for an institution's
    role in a programme), a list of them ids joined by "; ", and other structured values
    (evidence, figures) compact JSON.
    """
    yield csv.writer(_Echo(), lineterminator="\r\n").writerow(columns)
    yield from csv_rows(columns, records)


def csv_rows(columns: list[str], records: Iterable[dict]) -> Iterator[str]:
    """The lines of `csv_lines` without the header."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    for record in records:
        yield writer.writerow([csv_cell(record.get(column)) for column in columns])


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A value's cell, text that a spreadsheet would run as a formula prefixed with `'`.
    Numbers are left as they are: a negative longitude is a number, not a formula."""
    cell = flatten_cell(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return cell
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


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


BOM = "\ufeff"


def csv_response(columns: list[str], records: Iterable[dict], filename: str, *, bom=False):
    """A CSV download, streamed line by line; with `bom`, first a UTF-8 byte order mark,
    which tells Excel the file's encoding."""
    lines = csv_lines(columns, records)
    response = StreamingHttpResponse(
        itertools.chain([BOM], lines) if bom else lines, content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["Link"] = licence_link_header()
    return response


def json_lines(records, columns, request) -> Iterator[str]:
    """A JSON object `{"license": {...}, "results": [...], "count": n}`, a record at a time, so
    that a whole catalogue streams with flat memory (the count comes last: it is known at the
    end)."""
    headers = [column.header for column in columns] + ["page_url"]
    licence = {"name": DATA_LICENCE.spdx, "url": DATA_LICENCE.url, "rights": rights()}
    yield '{"license": ' + json.dumps(licence, ensure_ascii=False) + ', "results": ['
    count = 0
    for record in records.iterator(chunk_size=EXPORT_CHUNK):
        values = [_json_value(column.read(record)) for column in columns]
        values.append(request.build_absolute_uri(record.get_absolute_url()))
        row = dict(zip(headers, values, strict=True))
        yield ("," if count else "") + json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder)
        count += 1
    yield f'], "count": {count}}}'


def json_response(records, columns, request, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        json_lines(records, columns, request), content_type="application/json"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    response["Link"] = licence_link_header()
    return response


# The most recent changes a feed lists: a reader polls it, it is not an export.
FEED_ENTRIES = 100
FEED_AUTHOR = "DiploHub"
# Bump when a feed's content changes shape, so that readers' cached ETags stop matching.
FEED_REPRESENTATION = "1"


def tag_uri(specific: str) -> str:
    """An Atom id that names the thing, not the host it was read from (RFC 4151 `tag:`)."""
    return f"tag:{settings.FEED_TAG_AUTHORITY}:{specific}"


class TextAtomFeed(Atom1Feed):
    """Atom whose summaries are plain text (`type="text"`): what curators type is never
    rendered as HTML by a feed reader, and nothing in a record's name becomes markup."""

    def add_item_elements(self, handler, item):
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


def _feed_version(request) -> CatalogueVersion:
    # Read once per request: the ETag and the Last-Modified both need it.
    if not hasattr(request, "_feed_catalogue_version"):
        request._feed_catalogue_version = catalogue_version()
    return request._feed_catalogue_version


def _feed_etag(request, *args, **kwargs) -> str:
    # Per URL by nature; the language is in the URL; the host names the links inside.
    basis = f"{FEED_REPRESENTATION}:{_feed_version(request).token}:{request.get_host()}"
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def _feed_last_modified(request, *args, **kwargs) -> datetime | None:
    return _feed_version(request).date


# Conditional GET for a feed: `ETag` (the catalogue's version) and `Last-Modified` (when the
# catalogue last changed), and a 304 to a reader whose copy is current, before any rendering.
feed_conditional = condition(etag_func=_feed_etag, last_modified_func=_feed_last_modified)


def atom_response(records, request, *, title: str, link: str) -> HttpResponse:
    """The `FEED_ENTRIES` first of `records` (newest change first) as an Atom feed."""
    feed = TextAtomFeed(
        title=title,
        link=request.build_absolute_uri(link),
        description=title,
        feed_url=request.build_absolute_uri(),
        feed_guid=tag_uri(f"feed:{request.get_full_path()}"),
        author_name=FEED_AUTHOR,
        language=get_language(),
        feed_copyright=rights(),
    )
    for record in records[:FEED_ENTRIES]:
        url = request.build_absolute_uri(record.get_absolute_url())
        feed.add_item(
            title=str(record),
            link=url,
            unique_id=tag_uri(f"{record._meta.model_name}:{record.natural_key()[0]}".lower()),
            unique_id_is_permalink=False,
            author_name=FEED_AUTHOR,
            description=getattr(record, "summary", "") or getattr(record, "text", ""),
            pubdate=record.created,
            updateddate=record.modified,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    response["Link"] = licence_link_header()
    return response


PROGRAMME_COLUMNS = (
    attr("slug"),
    attr("name"),
    attr("acronym"),
    attr("kind"),
    attr("status"),
    attr("start_year"),
    attr("end_year"),
    keys_of("pillars", "slug", prefetched="pillar_list"),
    keys_of("countries", "iso2", prefetched="country_list"),
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
