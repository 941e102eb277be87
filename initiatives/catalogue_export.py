"""Write the database back to the fixture files, so curators' edits can be reviewed and committed.

The files are edited in place, not rewritten: ruamel.yaml reads each file with its comments,
key order, quoting and line wrapping, only the values that differ from the database are
replaced, records gone from the database are removed and new ones added at the end (by key).
So an export right after a load leaves every file byte for byte as it was, and an edit to one
field of one record changes only that field's lines. Loading what was exported changes nothing.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db.models import Prefetch
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from catalogue.models import Evidence
from initiatives.catalogue import SECTIONS, Section
from initiatives.models import Programme

# The files' own layout: lines up to 96 characters, text over 80 characters folded (`>-`),
# nested lists indented by two under their key.
LINE_WIDTH = 96
FOLD_OVER = 80
# Relations the database holds as sets: the order a curator wrote them in is kept.
UNORDERED = {"countries", "cities", "institutions"}


def export_catalogue(*, directory: Path | None = None) -> dict[str, int]:
    """Update one YAML file per section; return the number of records written per section."""
    directory = Path(directory or settings.CATALOGUE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    round_trip = _round_trip_yaml()
    written = {}
    for section in SECTIONS:
        path = directory / section.filename
        document = _existing(round_trip, path)
        records = {_plain(getattr(obj, section.key)): obj for obj in _objects(section)}
        _update(document, section, {key: _record(section, obj) for key, obj in records.items()})
        text = io.StringIO()
        round_trip.dump(document, text, transform=_top_level_at_column_zero)
        # Write beside, then rename: an interrupted export never leaves half a file.
        partial = path.with_suffix(".yaml.partial")
        partial.write_text(text.getvalue(), encoding="utf-8")
        partial.replace(path)
        written[section.name] = len(records)
    return written


def _round_trip_yaml() -> YAML:
    yaml = YAML()  # round-trip mode: comments, order, quotes and folds survive
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the file already has
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        type(None),
        lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"),
    )
    return yaml


def _top_level_at_column_zero(text: str) -> str:
    # ruamel indents every sequence alike; the files keep their top-level list at column 0,
    # with a blank line between records.
    text = re.sub(r"(?m)^  ", "", text)
    return re.sub(r"(?m)^([^#\n][^\n]*\n)(?=- )", r"\1\n", text)


def _existing(round_trip: YAML, path: Path) -> CommentedSeq:
    try:
        document = round_trip.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        document = None
    return document if isinstance(document, CommentedSeq) else CommentedSeq()


def _update(document: CommentedSeq, section: Section, records: dict) -> None:
    """Make the document hold `records` (plain dicts by key), touching only what differs."""
    quoted = _uses_double_quotes(document)
    seen = set()
    for index in reversed(range(len(document))):
        item = document[index]
        key = item.get(section.key) if isinstance(item, CommentedMap) else None
        if key not in records:
            del document[index]
            continue
        seen.add(key)
        _update_mapping(item, records[key], depth=1, quoted=quoted)
    # New records after the others, their keys in the order the file's records have.
    order = list(document[0]) if len(document) else []
    for key in sorted(set(records) - seen, key=str):
        record = records[key]
        record = {name: record[name] for name in sorted(record, key=_rank_in(order))}
        document.append(_styled(record, depth=1, quoted=quoted))


def _update_mapping(item: CommentedMap, record: dict, *, depth: int, quoted: bool) -> None:
    for name in [name for name in item if name not in record]:
        del item[name]
    for position, (name, value) in enumerate(record.items()):
        if name not in item:
            # A key the file leaves out reads as empty: leaving it out stays so.
            if value not in ("", None, []):
                item.insert(position, name, _styled(value, depth=depth + 1, quoted=quoted))
            continue
        written = _plain_yaml(item[name])
        if name in UNORDERED:
            value = _in_written_order(written, value)
        if written != value:
            item[name] = _styled(value, depth=depth + 1, quoted=quoted, like=item[name])


def _rank_in(order: list):
    return lambda name: order.index(name) if name in order else len(order)


def _in_written_order(written: list, value: list) -> list:
    """A set's members in the file's order, new ones after: reordering is not an edit."""
    kept = [member for member in written if member in value]
    return kept + [member for member in value if member not in kept]


def _styled(value, *, depth: int, quoted: bool, like=None):
    """A new value written as the file writes its neighbours."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for name, item in value.items():
            mapping[name] = _styled(item, depth=depth + 1, quoted=quoted)
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(_styled(item, depth=depth + 1, quoted=quoted) for item in value)
        if not any(isinstance(item, dict) for item in value):
            sequence.fa.set_flow_style()  # short lists of keys or numbers: [MX, JP]
        return sequence
    if isinstance(value, str):
        if len(value) > FOLD_OVER and "\n" not in value and value == value.strip():
            return _folded(value, indent=2 * depth)
        if quoted or isinstance(like, DoubleQuotedScalarString) or not _reads_as_text(value):
            return DoubleQuotedScalarString(value)
    return value


def _reads_as_text(value: str) -> bool:
    # The loader reads YAML 1.1 (PyYAML), where a plain NO, yes, 1e3 or 2020-01-01 is no string.
    try:
        return yaml.safe_load(value) == value
    except yaml.YAMLError:
        return False


def _folded(text: str, *, indent: int) -> FoldedScalarString:
    """Folded at spaces so that no line passes LINE_WIDTH, as the files are wrapped."""
    folded = FoldedScalarString(text)
    folds, line_start, last_space = [], 0, None
    for position, character in enumerate(text):
        if character == " ":
            if indent + position - line_start > LINE_WIDTH and last_space is not None:
                folds.append(last_space)
                line_start = last_space + 1
            last_space = position
    if indent + len(text) - line_start > LINE_WIDTH and (last_space or -1) >= line_start:
        folds.append(last_space)
    folded.fold_pos = folds
    return folded


def _uses_double_quotes(document: CommentedSeq) -> bool:
    first = document[0] if len(document) else None
    return isinstance(first, CommentedMap) and any(
        isinstance(value, DoubleQuotedScalarString) for value in first.values()
    )


def _plain_yaml(value):
    """A value read by ruamel as the plain Python value the database side is compared with."""
    if isinstance(value, dict):
        return {name: _plain_yaml(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_plain_yaml(item) for item in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _objects(section: Section):
    queryset = section.model.objects.all()
    if section.links:
        queryset = queryset.select_related(*section.links)
    if section.documented:
        queryset = queryset.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.prefetch_related("references"))
        )
    if section.model is Programme:
        queryset = queryset.prefetch_related(
            "countries",
            "cities",
            "pillar_links__pillar",
            "institution_links__institution",
            "figures",
        )
    return queryset


def _record(section: Section, obj) -> dict:
    record = {section.key: _plain(getattr(obj, section.key))}
    for name in section.fields:
        record[name] = _plain(getattr(obj, name))
    for link, target in section.links.items():
        related = getattr(obj, link)
        record[link] = None if related is None else getattr(related, _key_of(target))
    if section.model is Programme:
        record.update(_programme_relations(obj))
    if section.documented:
        record["evidence"] = [
            {"quote": evidence.quote, "footnotes": evidence.footnote_numbers}
            for evidence in obj.evidence.all()
        ]
    return _ordered(section, record)


def _programme_relations(programme: Programme) -> dict:
    return {
        "pillars": [
            _pillar_link(link)
            for link in sorted(programme.pillar_links.all(), key=lambda link: link.pillar.position)
        ],
        "countries": sorted(country.iso2 for country in programme.countries.all()),
        "cities": sorted(city.slug for city in programme.cities.all()),
        "institutions": [
            {"institution": link.institution.slug, "role": link.role}
            for link in sorted(
                programme.institution_links.all(),
                key=lambda link: (link.institution.slug, link.role),
            )
        ],
        "figures": [
            {
                "label": figure.label,
                "text": figure.text,
                "quantity": _plain(figure.quantity),
                "unit": figure.unit,
            }
            for figure in programme.figures.all()
        ],
    }


def _pillar_link(link) -> dict:
    item = {"pillar": link.pillar.slug, "basis_kind": link.basis_kind, "basis": link.basis}
    if link.evidence_passage:
        item["evidence_passage"] = link.evidence_passage
    return item


def _ordered(section: Section, record: dict) -> dict:
    """Fields in the order of fixtures/README.md: key, fields, links, relations, evidence."""
    order = [section.key, *section.fields, *section.links, *section.extras, "evidence"]
    return {name: record[name] for name in order if name in record}


def _key_of(section_name: str) -> str:
    return next(section.key for section in SECTIONS if section.name == section_name)


def _plain(value):
    """Values as YAML writes them naturally (integral decimals as integers, dates as dates)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
