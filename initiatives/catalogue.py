"""The catalogue loader: validates the YAML fixtures against the paper, then loads them.

Validation runs over every file before anything is written, and the load runs in one
transaction, so an invalid record leaves the database exactly as it was. Records are matched
by their natural keys (ISO code, slug, footnote number); a record whose values already match
is left untouched, so a second load changes nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from catalogue.models import CatalogueLoad, Evidence, Pillar, Reference
from catalogue.services import record_save, record_set_relations
from countries.models import City, Country
from initiatives.models import (
    Figure,
    Institution,
    Programme,
    ProgrammeInstitution,
    ProgrammePillar,
    pillar_basis_problems,
)
from initiatives.services import programme_set_relations


@dataclass(frozen=True)
class Section:
    """How one fixture file maps onto one model."""

    name: str
    model: type[models.Model]
    key: str
    fields: tuple[str, ...]
    # foreign keys written as the natural key of a record of another (or the same) section
    links: dict[str, str] = field(default_factory=dict)
    documented: bool = True  # every record must carry evidence
    unique_fields: tuple[str, ...] = ("name",)
    extras: tuple[str, ...] = ()  # keys handled by the section's own relation code

    @property
    def filename(self) -> str:
        return f"{self.name}.yaml"

    @property
    def allowed_keys(self) -> set[str]:
        keys = {self.key, *self.fields, *self.links, *self.extras}
        return keys | {"evidence"} if self.documented else keys


SECTIONS = (
    Section(
        "references",
        Reference,
        key="number",
        fields=("text", "authors", "title", "venue", "year", "url", "consulted"),
        documented=False,
        unique_fields=(),
    ),
    Section("pillars", Pillar, key="slug", fields=("name", "definition", "definition_quote")),
    Section(
        "countries",
        Country,
        key="iso2",
        fields=("iso3", "iso_3166_3", "name", "region", "subregion", "summary"),
        unique_fields=("name", "iso3"),
    ),
    Section(
        "cities",
        City,
        key="slug",
        fields=("name", "kind", "latitude", "longitude", "geonames_id", "summary"),
        links={"country": "countries"},
        unique_fields=(),
    ),
    Section(
        "institutions",
        Institution,
        key="slug",
        fields=("name", "acronym", "kind", "founded_year", "summary"),
        links={"country": "countries", "city": "cities", "parent": "institutions"},
        unique_fields=("name", "acronym"),
    ),
    Section(
        "programmes",
        Programme,
        key="slug",
        fields=(
            "name",
            "acronym",
            "kind",
            "status",
            "start_year",
            "end_year",
            "summary",
            "pillar_note",
        ),
        links={"part_of": "programmes"},
        unique_fields=("name", "acronym"),
        extras=("pillars", "countries", "cities", "institutions", "figures"),
    ),
)
SECTION_BY_NAME = {section.name: section for section in SECTIONS}


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    reason: str

    def __str__(self):
        return f"{self.file}: {self.record}: {self.reason}"


class CatalogueError(Exception):
    """The fixtures are invalid or could not be loaded; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class CatalogueConflict(CatalogueError):
    """Curators edited records since the last load; loading would overwrite their edits."""


@dataclass
class Record:
    """One parsed fixture record, with its plain values already converted to Python types."""

    section: Section
    index: int
    data: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self):
        return self.data.get(self.section.key)

    @property
    def label(self) -> str:
        return f"{self.section.name}[{self.index}] {self.key!r}"


@dataclass
class Catalogue:
    records: dict[str, list[Record]]

    def keys(self, section: str) -> set:
        return {record.key for record in self.records[section]}


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)  # one line per created or updated record
    conflicts: list[Problem] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        return {
            section.name: self.created[section.name]
            + self.updated[section.name]
            + self.unchanged[section.name]
            for section in SECTIONS
        }

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def lines(self) -> list[str]:
        return [
            f"{section.name:<13} {self.created[section.name]:>4} created "
            f"{self.updated[section.name]:>4} updated {self.unchanged[section.name]:>4} unchanged"
            for section in SECTIONS
        ]


# --------------------------------------------------------------------------- reading


# PyYAML's safe loader, through libyaml when PyYAML was built with it: the same documents,
# parsed several times faster (the test suite loads the catalogue dozens of times).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_catalogue(directory: Path | None = None) -> Catalogue:
    """Parse and validate every fixture file; raise CatalogueError listing every problem."""
    directory = Path(directory or settings.CATALOGUE_DIR)
    problems: list[Problem] = []
    records: dict[str, list[Record]] = {}
    for section in SECTIONS:
        records[section.name] = _read_section(directory, section, problems)
    catalogue = Catalogue(records)
    if not problems:
        _Validator(catalogue, problems).run()
    if problems:
        raise CatalogueError(problems)
    return catalogue


def _read_section(directory: Path, section: Section, problems: list[Problem]) -> list[Record]:
    path = directory / section.filename
    if not path.exists():
        problems.append(Problem(section.filename, "(file)", "the file is missing"))
        return []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        problems.append(Problem(section.filename, "(file)", f"not valid YAML: {error}"))
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(section.filename, "(file)", "must be a list of records"))
        return []
    records = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            problems.append(Problem(section.filename, f"[{index}]", "a record must be a mapping"))
            continue
        records.append(Record(section, index, item))
    return records


class _Validator:
    """Checks records one by one, then across files; appends every problem it finds."""

    def __init__(self, catalogue: Catalogue, problems: list[Problem]):
        self.catalogue = catalogue
        self.problems = problems
        self.footnotes = catalogue.keys("references")

    def fail(self, record: Record, reason: str) -> None:
        self.problems.append(Problem(record.section.filename, record.label, reason))

    def run(self) -> None:
        for section in SECTIONS:
            records = self.catalogue.records[section.name]
            for record in records:
                self.check_record(record)
            self.check_unique(section, records)
        self.check_no_cycles("institutions", "parent")
        self.check_no_cycles("programmes", "part_of")

    def check_record(self, record: Record) -> None:
        section, data = record.section, record.data
        unknown = set(data) - section.allowed_keys
        if unknown:
            self.fail(record, f"unknown field(s): {', '.join(sorted(unknown))}")
        if data.get(section.key) in (None, ""):
            self.fail(record, f"missing its key {section.key!r}")
            return
        self.convert_values(record)
        for link, target in section.links.items():
            value = data.get(link)
            if value is not None and value not in self.catalogue.keys(target):
                self.fail(record, f"{link}: no {target} record with key {value!r}")
        if section.documented:
            self.check_evidence(record, data.get("evidence"))
        if section.name == "programmes":
            self.check_programme_relations(record)

    def convert_values(self, record: Record) -> None:
        """Convert plain values as the model fields would, then run the model's own checks."""
        model = record.section.model
        values = {}
        for name in (record.section.key, *record.section.fields):
            model_field = model._meta.get_field(name)
            value = record.data.get(name)
            if value is None and not model_field.null:
                value = ""
            elif isinstance(value, float):
                value = repr(value)  # YAML floats: keep the digits as written
            try:
                values[name] = model_field.to_python(value)
            except ValidationError as error:
                self.fail(record, f"{name}: {' '.join(error.messages)}")
        if name_errors := self.model_errors(record, values):
            for name, messages in name_errors.items():
                self.fail(record, f"{name}: {' '.join(messages)}")
        record.values = values

    def model_errors(self, record: Record, values: dict) -> dict[str, list[str]]:
        model = record.section.model
        instance = model(**values)
        relation_fields = [
            f.name for f in model._meta.get_fields() if f.is_relation or f.name not in values
        ]
        errors: dict[str, list[str]] = {}
        try:
            instance.full_clean(
                exclude=relation_fields, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors.update(error.message_dict)
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                try:
                    constraint.validate(model, instance, exclude=set(relation_fields))
                except ValidationError as error:
                    errors.setdefault("constraint", []).extend(error.messages)
        return errors

    def check_evidence(self, record: Record, evidence) -> None:
        if not isinstance(evidence, list) or not evidence:
            self.fail(record, "evidence: at least one passage of the paper is required")
            return
        for position, item in enumerate(evidence):
            where = f"evidence[{position}]"
            if not isinstance(item, dict) or set(item) - {"quote", "footnotes"}:
                self.fail(record, f"{where}: must be a mapping of quote and footnotes")
                continue
            self.check_item(record, where, Evidence, quote=item.get("quote"))
            self.check_footnotes(record, f"{where}.footnotes", item.get("footnotes", []))

    def check_item(self, record: Record, where: str, model: type[models.Model], **values) -> None:
        """Run the field validators of `model` (verbatim passages, choices, numbers) on the
        values of one item of a record's list (`where`, e.g. "pillars[0]")."""
        values = {
            name: "" if value is None and not model._meta.get_field(name).null else value
            for name, value in values.items()
        }
        instance = model(**values)
        others = [f.name for f in model._meta.get_fields() if f.name not in values]
        try:
            instance.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.fail(record, f"{where}.{name}: {' '.join(messages)}")

    def check_footnotes(self, record: Record, where: str, footnotes) -> None:
        if not isinstance(footnotes, list) or not all(isinstance(n, int) for n in footnotes):
            self.fail(record, f"{where}: must be a list of footnote numbers")
            return
        for number in footnotes:
            if number not in self.footnotes:
                self.fail(record, f"{where}: footnote {number} does not exist")

    def check_programme_relations(self, record: Record) -> None:
        data = record.data
        pillars = self.catalogue.keys("pillars")
        for position, item in enumerate(self.as_list(record, "pillars")):
            if not isinstance(item, dict) or item.get("pillar") not in pillars:
                self.fail(record, f"pillars[{position}]: needs an existing `pillar` slug")
                continue
            self.check_pillar(record, f"pillars[{position}]", item)
        for name, section in (("countries", "countries"), ("cities", "cities")):
            for value in self.as_list(record, name):
                if value not in self.catalogue.keys(section):
                    self.fail(record, f"{name}: no {section} record with key {value!r}")
        institutions = self.catalogue.keys("institutions")
        for position, item in enumerate(self.as_list(record, "institutions")):
            if not isinstance(item, dict) or item.get("institution") not in institutions:
                self.fail(record, f"institutions[{position}]: needs an existing `institution` slug")
                continue
            self.check_item(
                record, f"institutions[{position}]", ProgrammeInstitution, role=item.get("role")
            )
        for position, item in enumerate(self.as_list(record, "figures")):
            if not isinstance(item, dict):
                self.fail(record, f"figures[{position}]: must be a mapping")
                continue
            values = {name: item.get(name) for name in ("label", "text", "quantity", "unit")}
            self.check_item(record, f"figures[{position}]", Figure, **values)
        for name in ("pillars", "countries", "cities"):
            keys = [
                item.get("pillar") if isinstance(item, dict) else item
                for item in data.get(name) or []
            ]
            if len(keys) != len(set(map(str, keys))):
                self.fail(record, f"{name}: lists the same record twice")

    def check_pillar(self, record: Record, where: str, item: dict) -> None:
        """The link's own fields, then its basis against its kind: an example quotes the paper
        alone; a definition quotes the pillar's definition sentence and names a passage of the
        programme's own evidence."""
        unknown = set(item) - {"pillar", "basis_kind", "basis", "evidence_passage"}
        if unknown:
            self.fail(record, f"{where}: unknown field(s): {', '.join(sorted(unknown))}")
        values = {
            "basis_kind": item.get("basis_kind") or ProgrammePillar.BasisKind.EXAMPLE,
            "basis": item.get("basis"),
            "evidence_passage": item.get("evidence_passage") or "",
        }
        self.check_item(record, where, ProgrammePillar, **values)
        pillar = next(p for p in self.catalogue.records["pillars"] if p.key == item.get("pillar"))
        evidence = record.data.get("evidence") or []
        for problem in pillar_basis_problems(
            **values,
            definition_quote=pillar.data.get("definition_quote") or "",
            evidence=[e.get("quote") or "" for e in evidence if isinstance(e, dict)],
        ):
            self.fail(record, f"{where}: {problem}")
        if values["basis_kind"] == ProgrammePillar.BasisKind.EXAMPLE and values["evidence_passage"]:
            self.fail(record, f"{where}: an example needs no evidence_passage")

    def as_list(self, record: Record, name: str) -> list:
        value = record.data.get(name) or []
        if not isinstance(value, list):
            self.fail(record, f"{name}: must be a list")
            return []
        return value

    def check_unique(self, section: Section, records: list[Record]) -> None:
        for name in (section.key, *section.unique_fields):
            seen: dict[str, Record] = {}
            for record in records:
                value = record.data.get(name)
                if value in (None, ""):
                    continue
                folded = str(value).casefold()
                if folded in seen:
                    self.fail(record, f"{name} {value!r} is already used by {seen[folded].label}")
                else:
                    seen[folded] = record

    def check_no_cycles(self, section: str, link: str) -> None:
        by_key = {record.key: record for record in self.catalogue.records[section]}
        for record in by_key.values():
            seen, current = {record.key}, record.data.get(link)
            while current is not None and current in by_key:
                if current in seen:
                    self.fail(record, f"{link}: forms a cycle through {current!r}")
                    break
                seen.add(current)
                current = by_key[current].data.get(link)


# --------------------------------------------------------------------------- loading


def load_catalogue(
    *, directory: Path | None = None, dry_run: bool = False, force: bool = False
) -> LoadReport:
    """Validate, then load the whole catalogue in one transaction (rolled back on dry run).

    A record a curator changed (admin or API) since the last load is a conflict: nothing is
    written and every conflict is reported, unless `force` lets the fixtures win.
    """
    directory = Path(directory or settings.CATALOGUE_DIR)
    catalogue = read_catalogue(directory)
    last_load = CatalogueLoad.objects.latest_finished()
    try:
        with transaction.atomic():
            report = _Loader(catalogue, since=last_load and last_load.finished).run()
            if report.conflicts and not force and not dry_run:
                raise CatalogueConflict(report.conflicts)
            if dry_run:
                transaction.set_rollback(True)
            else:
                CatalogueLoad.objects.create(
                    finished=timezone.now(),
                    digest=fixtures_digest(directory),
                    counts=report.totals(),
                    forced=force and bool(report.conflicts),
                )
    except _LoadFailure as failure:
        raise CatalogueError([failure.problem]) from failure.__cause__
    return report


def fixtures_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for section in SECTIONS:
        path = directory / section.filename
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


class _LoadFailure(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Loader:
    """Brings the database in line with the fixtures, noting each change and each conflict."""

    def __init__(self, catalogue: Catalogue, since):
        self.catalogue = catalogue
        self.since = since  # the last load; later modifications are curators' edits
        self.report = LoadReport()
        self.objects: dict[str, dict[Any, models.Model]] = {}
        self.created: set[tuple[str, Any]] = set()
        self.changes: dict[tuple[str, Any], list[str]] = defaultdict(list)
        self.edited: dict[tuple[str, Any], Any] = {}  # curator-edited records, and when
        self.deleted: dict[tuple[str, Any], Any] = {}  # curator-deleted records, and when

    def run(self) -> LoadReport:
        for section in SECTIONS:
            self.objects[section.name] = {
                getattr(obj, section.key): obj for obj in section.model.objects.all()
            }
            self.note_curator_edits(section)
            records = self.catalogue.records[section.name]
            for record in _parents_first(section, records):
                self.guarded(record, self.save_record)
            for record in records:
                if section.documented:
                    self.guarded(record, self.save_relations)
                self.tally(record)
        return self.report

    def note_curator_edits(self, section: Section) -> None:
        if self.since is None:
            return
        if hasattr(section.model, "modified"):
            for key, obj in self.objects[section.name].items():
                if obj.modified > self.since:
                    self.edited[(section.name, key)] = obj.modified
        # The loader never deletes: a deletion the history holds since the last load is a
        # curator's, of a record that the fixtures would otherwise silently re-create.
        deletions = section.model.history.filter(
            history_type="-", history_date__gt=self.since
        ).values_list(section.key, "history_date")
        for key, when in deletions:
            if key not in self.objects[section.name]:
                self.deleted[(section.name, key)] = max(
                    when, self.deleted.get((section.name, key), when)
                )

    def tally(self, record: Record) -> None:
        name, key = record.section.name, record.key
        if (name, key) in self.created:
            self.report.created[name] += 1
            self.report.changes.append(f"{record.section.filename}: {key!r} created")
            if (name, key) in self.deleted:
                deleted = self.deleted[(name, key)]
                self.report.conflicts.append(
                    Problem(
                        record.section.filename,
                        record.label,
                        f"deleted by a curator at {deleted:%Y-%m-%d %H:%M:%S %Z}, after the "
                        "last load; the fixtures would re-create it (and re-link what referred "
                        "to it). Export the catalogue (export_catalogue) to keep the deletion, "
                        "or load with --force to re-create it.",
                    )
                )
        elif fields := self.changes.get((name, key)):
            self.report.updated[name] += 1
            what = ", ".join(dict.fromkeys(fields))
            self.report.changes.append(f"{record.section.filename}: {key!r} updated ({what})")
            if (name, key) in self.edited:
                edited = self.edited[(name, key)]
                self.report.conflicts.append(
                    Problem(
                        record.section.filename,
                        record.label,
                        f"edited by a curator at {edited:%Y-%m-%d %H:%M:%S %Z}, after the last "
                        f"load; the fixtures would overwrite {what}. Export the catalogue "
                        "(export_catalogue) to keep the edit, or load with --force to discard it.",
                    )
                )
        else:
            self.report.unchanged[name] += 1

    def guarded(self, record: Record, step) -> None:
        try:
            with transaction.atomic():
                step(record)
        except (IntegrityError, ValidationError) as error:
            raise _LoadFailure(
                Problem(record.section.filename, record.label, str(error))
            ) from error

    def changed(self, record: Record, *fields: str) -> None:
        self.changes[(record.section.name, record.key)].extend(fields)

    def linked_id(self, record: Record, link: str) -> int | None:
        target = record.section.links[link]
        key = record.data.get(link)
        return None if key is None else self.objects[target][key].pk

    def save_record(self, record: Record) -> None:
        """The record's own fields, through the service the API and the admin use."""
        section = record.section
        values = dict(record.values)
        for link in section.links:
            values[f"{link}_id"] = self.linked_id(record, link)
        if section.name == "pillars":
            values["position"] = record.index
        obj = self.objects[section.name].get(record.key)
        if obj is None:
            obj = self.objects[section.name][record.key] = section.model(**values)
            self.created.add((section.name, record.key))
        else:
            for name, value in values.items():
                setattr(obj, name, value)
        self.changed(record, *record_save(record=obj))

    def save_relations(self, record: Record) -> None:
        """The record's evidence (and a programme's links), through the same services."""
        obj = self.objects[record.section.name][record.key]
        references = self.objects["references"]
        evidence = [
            {
                "quote": item["quote"],
                "references": [references[number] for number in item.get("footnotes") or []],
            }
            for item in record.data["evidence"]
        ]
        if record.section.name == "programmes":
            changed = programme_set_relations(
                programme=obj, evidence=evidence, **_programme_relations(record.data, self.objects)
            )
        else:
            changed = record_set_relations(record=obj, evidence=evidence)
        self.changed(record, *changed)


def _parents_first(section: Section, records: list[Record]) -> list[Record]:
    """The records in file order, except that one linking to another of its own section
    (an institution's parent, a programme's `part_of`) comes after it, so that the link can
    be saved with the record (the validator has ruled out cycles)."""
    own_links = [link for link, target in section.links.items() if target == section.name]
    by_key = {record.key: record for record in records}
    ordered: dict[Any, Record] = {}

    def place(record: Record) -> None:
        if record.key in ordered:
            return
        for link in own_links:
            if (parent := by_key.get(record.data.get(link))) is not None:
                place(parent)
        ordered[record.key] = record

    for record in records:
        place(record)
    return list(ordered.values())


def _programme_relations(data: dict, objects: dict) -> dict:
    """A programme's relations from its fixture record, as `programme_set_relations` takes them."""
    quantity = Figure._meta.get_field("quantity")
    return {
        "pillars": [
            {
                "pillar": objects["pillars"][item["pillar"]],
                "basis_kind": item.get("basis_kind") or ProgrammePillar.BasisKind.EXAMPLE,
                "basis": item["basis"],
                "evidence_passage": item.get("evidence_passage") or "",
            }
            for item in data.get("pillars") or []
        ],
        "institutions": [
            {"institution": objects["institutions"][item["institution"]], "role": item["role"]}
            for item in data.get("institutions") or []
        ],
        "countries": [objects["countries"][code] for code in data.get("countries") or []],
        "cities": [objects["cities"][slug] for slug in data.get("cities") or []],
        "figures": [
            {
                "label": item["label"],
                "text": item["text"],
                "quantity": quantity.to_python(item.get("quantity")),
                "unit": item.get("unit") or "",
            }
            for item in data.get("figures") or []
        ],
    }
