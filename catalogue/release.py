"""A release of the catalogue: a Frictionless Data Package, built once per catalogue version.

The package (a zip) holds `datapackage.json` and, under `data/`, each API resource as CSV
(the API's own CSV: same columns, same cells) and as JSON (records as the API shows them),
plus one CSV per link of a programme to the records it names (countries, cities,
institutions, pillars). Each CSV has a table schema derived from the API's OpenAPI schema,
so the package and the API describe a field alike; each file has its size and sha256.

`manage.py release` builds it for the current version (and does nothing if it exists); the
API's `/api/v1/archive/` serves the same file, building it first if no release did. A build
reads one snapshot of the database, writes into a temporary directory beside the releases
and renames the finished zip into place: a failure leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.urls import resolve, reverse
from django.utils import timezone, translation
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.utils.encoders import JSONEncoder

from catalogue import dataset
from catalogue.exports import EXPORT_CHUNK, csv_lines, csv_rows
from catalogue.models import with_tiebreaker
from catalogue.paper import PAPER_CITATION
from catalogue.version import CatalogueVersion, catalogue_version

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
PACKAGE_NAME = "diplohub-catalogue"
Progress = Callable[[str], None]


def release_path(version: CatalogueVersion) -> Path:
    """Where the release of this catalogue version is (or will be) kept."""
    stamp = version.date.strftime("%Y%m%d") if version.date else "empty"
    token = re.sub(r"[^a-z0-9]", "", version.token.lower())
    return Path(settings.ARCHIVE_DIR) / f"{PACKAGE_NAME}-{stamp}-{token}.zip"


def api_registry():
    """The API router's (prefix, viewset, basename) triples, as the URLconf gives them to the
    archive view (the resources a release holds, in the API's order)."""
    return resolve(reverse("api:archive")).func.view_initkwargs["registry"]


class ReleaseInProgress(Exception):
    """Another process is building the release; a caller that would not wait is told so."""


def current_release(
    registry=None,
    *,
    version: CatalogueVersion | None = None,
    progress: Progress | None = None,
    wait: bool = True,
) -> Path:
    """The release of the catalogue as it is now (at `version`, if the caller has read it),
    built if none is kept yet.

    One build at a time (a lock file): a second caller waits, then finds the first's file;
    with `wait=False` (a request: a large catalogue's build takes minutes, and waiting
    requests would hold every worker thread) it gets ReleaseInProgress instead.
    Older versions' releases are removed once a newer one is in place.
    """
    directory = Path(settings.ARCHIVE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = release_path(version or catalogue_version())
    if path.exists():
        return path
    with open(directory / "build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReleaseInProgress from None
        return _build_locked(directory, registry or api_registry(), progress or _quiet)


def _quiet(message: str) -> None:
    pass


def _build_locked(directory: Path, registry, progress: Progress) -> Path:
    # Holding the lock, no other build runs: a build directory left here is a killed build's
    # (a worker past its timeout, say), never to be finished.
    for stale in directory.glob(".build-*"):
        shutil.rmtree(stale, ignore_errors=True)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # Every read of the build sees one state of the catalogue, the one it is named by
            # (SQLite's read transaction is a snapshot already).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        version = catalogue_version()
        path = release_path(version)
        if path.exists():  # built while this caller waited for the lock
            return path
        with tempfile.TemporaryDirectory(dir=directory, prefix=".build-") as work:
            built = write_release(Path(work), version, registry, progress)
            built.replace(path)
    for old in directory.glob(f"{PACKAGE_NAME}-*.zip"):
        if old != path:  # earlier versions: the API serves the current one only
            old.unlink(missing_ok=True)
    return path


# ----------------------------------------------------------------------------- the package


@dataclass
class _File:
    """A file of the package being written, hashed as it is written."""

    path: Path
    handle: object = None
    digest: object = None
    size: int = 0

    def open(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("wb")
        self.digest = hashlib.sha256()
        return self

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)

    def close(self) -> dict:
        """Close the file; its size and checksum, as a Data Package resource gives them."""
        self.handle.close()
        return {"bytes": self.size, "hash": f"sha256:{self.digest.hexdigest()}"}

    def __enter__(self):
        return self.open()

    def __exit__(self, *exc_info):
        self.handle.close()  # again, harmless, on the way out of a failed build


def write_release(work: Path, version: CatalogueVersion, registry, progress: Progress) -> Path:
    """Write the package's files under `work` and zip them; return the zip's path."""
    started = time.monotonic()
    origin = settings.SITE_URL.rstrip("/")
    resources: list[dict] = []
    counts: dict[str, int] = {}
    # The data is in English, the paper's language, whoever builds it; so are its URLs.
    with translation.override(settings.LANGUAGE_CODE):
        components = SchemaGenerator().get_schema(request=None, public=True)["components"]
        components = components["schemas"]
        models = {viewset.queryset.model: prefix for prefix, viewset, _ in registry}
        for prefix, viewset, _basename in registry:
            counts[prefix], written = _write_resource(
                work, prefix, viewset, origin=origin, components=components, models=models
            )
            resources.extend(written)
            progress(f"{prefix}: {counts[prefix]} records")
        descriptor = _descriptor(version, origin, counts, resources)
    (work / "datapackage.json").write_bytes(_json(descriptor, indent=2))
    (work / "README.md").write_text(_readme(descriptor), encoding="utf-8")
    progress("zipping")
    target = work / "package.zip"
    stamp = max(version.date.timetuple()[:6] if version.date else ZIP_EPOCH, ZIP_EPOCH)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        names = ["datapackage.json", "README.md"] + [r["path"] for r in resources]
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # readable by all once unzipped
            with (work / name).open("rb") as source, archive.open(info, "w") as entry:
                shutil.copyfileobj(source, entry, 1 << 20)
    progress(f"built {target.stat().st_size / 1e6:.1f} MB in {time.monotonic() - started:.1f} s")
    return target


def _write_resource(work: Path, prefix, viewset, *, origin, components, models):
    """Write one API resource as CSV, JSON and link tables, in one pass over its records;
    return how many records, and the files' resource descriptors."""
    serializer = viewset.serializer_class(context={"origin": origin})
    links = _link_tables(prefix, serializer, components, models)
    count = 0
    with contextlib.ExitStack() as files:
        csv_file = files.enter_context(_File(work / "data" / f"{prefix}.csv"))
        json_file = files.enter_context(_File(work / "data" / f"{prefix}.json"))
        for link in links:
            link.file = files.enter_context(_File(work / "data" / link.filename))
            link.file.write("".join(csv_lines(link.columns, [])).encode())  # the header

        def represented():
            """Each record as the API shows it, written to the JSON and link files on its
            way to the CSV."""
            nonlocal count
            queryset = with_tiebreaker(viewset.queryset.all())
            for record in queryset.iterator(chunk_size=EXPORT_CHUNK):
                representation = serializer.to_representation(record)
                json_file.write((b",\n" if count else b"\n") + _json(representation))
                for link in links:
                    link.write_rows(representation)
                count += 1
                yield representation

        json_file.write(b"[")
        for line in csv_lines(list(serializer.fields), represented()):
            csv_file.write(line.encode())
        json_file.write(b"\n]\n")
        component = components[_component_name(viewset.serializer_class)]
        resources = [
            {
                "name": prefix,
                "path": f"data/{prefix}.csv",
                "profile": "tabular-data-resource",
                "title": str(viewset.queryset.model._meta.verbose_name_plural),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _table_schema(prefix, serializer, component, components, models),
                **csv_file.close(),
            },
            {
                "name": f"{prefix}-json",
                "path": f"data/{prefix}.json",
                "description": f"The {prefix} as the API represents them, nested.",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                **json_file.close(),
            },
            *(link.resource() for link in links),
        ]
    return count, resources


def _descriptor(version: CatalogueVersion, origin: str, counts: dict, resources: list) -> dict:
    date = version.date.isoformat() if version.date else None
    archive = origin + reverse("api:archive")
    return {
        "profile": "data-package",
        "name": PACKAGE_NAME,
        "title": dataset.DATASET_TITLE,
        "description": (
            "Countries, cities, institutions and programmes of science and technology "
            "diplomacy described in the policy paper "
            f"{PAPER_CITATION}, each record with the verbatim passages of the "
            "paper it rests on. " + dataset.rights()
        ),
        "version": version.token,
        "created": timezone.now().isoformat(),
        "homepage": origin + "/",
        "licenses": [
            {
                "name": dataset.DATA_LICENCE.spdx,
                "path": dataset.DATA_LICENCE.url,
                "title": dataset.DATA_LICENCE.title,
            }
        ],
        "rights": dataset.rights(),
        "sources": [{**dataset.source_paper(), "title": PAPER_CITATION}],
        "contributors": [{"title": dataset.DATASET_CREATOR, "role": "author"}],
        "citation": dataset.release_citation(version=version.token, date=version.date, url=archive),
        "catalogue": {
            "version": version.token,
            "date": date,
            "counts": counts,
            "api": origin + reverse("api:api-root"),
        },
        "resources": resources,
    }


def _readme(descriptor: dict) -> str:
    licence = descriptor["licenses"][0]
    catalogue = descriptor["catalogue"]
    lines = [
        f"# {descriptor['title']}",
        "",
        f"Catalogue version {catalogue['version']}, last changed {catalogue['date']}; "
        f"package built {descriptor['created']}.",
        "",
        descriptor["description"],
        "",
        f"Licence: {licence['title']} ({licence['name']}), {licence['path']}",
        "",
        "How to cite this release:",
        "",
        f"    {descriptor['citation']}",
        "",
        "datapackage.json describes every file (a table schema for each CSV) with its size "
        "and sha256; `frictionless validate datapackage.json` checks them.",
        "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------------ table schemas
# Derived from the API's OpenAPI schema, with the CSV's flattening (catalogue.exports): a
# related record is its id, a list of them ids joined by "; ", other structures JSON.


def _component_name(serializer_class) -> str:
    return serializer_class.__name__.removesuffix("Serializer")


def _resolve(prop: dict, components: dict) -> dict:
    """The property's own schema, through `$ref`, `allOf` and a nullable `anyOf`."""
    while True:
        if "$ref" in prop:
            prop = components[prop["$ref"].rsplit("/", 1)[1]]
        elif "allOf" in prop:
            prop = prop["allOf"][0]
        elif "anyOf" in prop or "oneOf" in prop:
            options = prop.get("anyOf") or prop.get("oneOf")
            prop = next(option for option in options if option.get("enum") != [None])
        else:
            return prop


def _is_record(schema: dict) -> bool:
    return schema.get("type") == "object" and "id" in schema.get("properties", {})


TYPES = {"integer": "integer", "number": "number", "boolean": "boolean"}
FORMATS = {"date-time": "datetime", "date": "date"}


def _table_field(name: str, prop: dict, components: dict) -> dict:
    resolved = _resolve(prop, components)
    field: dict = {"name": name}
    description = prop.get("description") or resolved.get("description")
    if "enum" in resolved:
        field["type"] = "string"
        values = [value for value in resolved["enum"] if value not in ("", None)]
        field["constraints"] = {"enum": values}
    elif _is_record(resolved):
        field["type"] = "string"
        description = (description + " " if description else "") + "The related record's id."
    elif resolved.get("type") == "array":
        if _is_record(_resolve(resolved["items"], components)):
            field["type"] = "string"
            description = (description + " " if description else "") + (
                'The related records\' ids, separated by "; ".'
            )
        else:
            field["type"] = "array"
            description = (description + " " if description else "") + "As JSON."
    elif resolved.get("type") == "object":
        field["type"] = "object"
    elif resolved.get("type") in TYPES:
        field["type"] = TYPES[resolved["type"]]
    elif resolved.get("format") in FORMATS:
        field["type"] = FORMATS[resolved["format"]]
    else:
        field["type"] = "string"
        if resolved.get("format") == "uri":
            field["format"] = "uri"
    if description:
        field["description"] = description
    return field


def _related_model(field):
    """The model a serializer field links to (a brief relation, or a link row's `id`)."""
    if isinstance(field, serializers.ManyRelatedField):
        field = field.child_relation
    if isinstance(field, serializers.ListSerializer):
        field = field.child.fields.get("id")
    queryset = getattr(field, "queryset", None)
    return queryset.model if queryset is not None else None


def _table_schema(prefix, serializer, component, components, models) -> dict:
    properties = component["properties"]
    fields = [_table_field(name, properties[name], components) for name in serializer.fields]
    fields[0]["constraints"] = {"required": True, "unique": True}
    foreign_keys = []
    for name, field in serializer.fields.items():
        model = _related_model(field)
        many = isinstance(field, serializers.ManyRelatedField | serializers.ListSerializer)
        if model in models and not many:
            target = models[model]
            foreign_keys.append(
                {
                    "fields": name,
                    "reference": {"resource": "" if target == prefix else target, "fields": "id"},
                }
            )
    schema = {"fields": fields, "primaryKey": "id", "missingValues": [""]}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


@dataclass
class _LinkTable:
    """The links of each record of one resource to records of another (a programme's
    countries, ...), one row per link, with the link's own fields (a role, a basis)."""

    name: str
    field: str
    owner: str
    target: str
    target_resource: str
    owner_resource: str
    extra: list[dict]
    description: str
    file: _File | None = None

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [self.owner, self.target, *(field["name"] for field in self.extra)]

    def write_rows(self, representation: dict) -> None:
        rows = (
            {self.owner: representation["id"], self.target: item["id"], **item}
            for item in representation[self.field]
        )
        self.file.write("".join(csv_rows(self.columns, rows)).encode())

    def resource(self) -> dict:
        return {
            "name": self.name,
            "path": f"data/{self.filename}",
            "profile": "tabular-data-resource",
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [
                    {"name": self.owner, "type": "string", "constraints": {"required": True}},
                    {"name": self.target, "type": "string", "constraints": {"required": True}},
                    *self.extra,
                ],
                "missingValues": [""],
                "foreignKeys": [
                    {
                        "fields": self.owner,
                        "reference": {"resource": self.owner_resource, "fields": "id"},
                    },
                    {
                        "fields": self.target,
                        "reference": {"resource": self.target_resource, "fields": "id"},
                    },
                ],
            },
            **self.file.close(),
        }


def _link_tables(prefix, serializer, components, models) -> list[_LinkTable]:
    """One link table per relation a record of `prefix` writes to many others (its read-only
    lists, such as a programme's parts, are the other side of a link already listed)."""
    owner_model = serializer.Meta.model
    tables = []
    for name, field in serializer.fields.items():
        many = isinstance(field, serializers.ManyRelatedField | serializers.ListSerializer)
        model = _related_model(field)
        if not many or field.read_only or model not in models:
            continue
        item = {}
        if isinstance(field, serializers.ListSerializer):
            item = components[_component_name(type(field.child))]["properties"]
        extra = [
            _table_field(key, prop, components)
            for key, prop in item.items()
            if key not in ("id", "name", "url")
        ]
        owner = owner_model._meta.model_name
        target = model._meta.model_name
        tables.append(
            _LinkTable(
                name=f"{owner}_{name}",
                field=name,
                owner=owner,
                target=target,
                owner_resource=prefix,
                target_resource=models[model],
                extra=extra,
                description=f"Each {owner}'s {name}, one row per link.",
            )
        )
    return tables


def _json(data, indent: int | None = 1) -> bytes:
    return json.dumps(data, cls=JSONEncoder, ensure_ascii=False, indent=indent).encode()
