"""Write the database back to the fixture files, so curators' edits can be reviewed and committed.

The files come out in the loader's format (initiatives.catalogue.SECTIONS), records in the
order the existing files already have (new ones after, by key), so the diff shows the edits
only. Loading what was exported changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db.models import Prefetch

from catalogue.models import Evidence
from initiatives.catalogue import SECTIONS, Section
from initiatives.models import Programme


def export_catalogue(*, directory: Path | None = None) -> dict[str, int]:
    """Write one YAML file per section; return the number of records written per section."""
    directory = Path(directory or settings.CATALOGUE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for section in SECTIONS:
        records = [_record(section, obj) for obj in _objects(section)]
        records = _in_existing_order(directory / section.filename, section.key, records)
        text = yaml.dump(records, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=96)
        path = directory / section.filename
        # Write beside, then rename: an interrupted export never leaves half a file.
        partial = path.with_suffix(".yaml.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        written[section.name] = len(records)
    return written


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


def _in_existing_order(path: Path, key: str, records: list[dict]) -> list[dict]:
    try:
        existing = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        order = {item[key]: index for index, item in enumerate(existing) if isinstance(item, dict)}
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        order = {}
    return sorted(
        records, key=lambda record: (order.get(record[key], len(order)), str(record[key]))
    )


class _Dumper(yaml.SafeDumper):
    """Long text as folded block scalars (`>-`), which read well and diff by line."""


def _represent_str(dumper, value: str):
    style = ">" if len(value) > 80 and "\n" not in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
