"""Writes of a programme with its relations, shared by the loader, the API and the admin.

The history sees them as every catalogue write (see `catalogue.services`): the programme's
own fields, then its relations, each pillar link, institution link, figure and passage
added, changed or removed leaving its own row, and the programme one row naming them that
holds its countries and cities as they now are.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NotRequired, TypedDict

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from catalogue.models import Pillar
from catalogue.paper import normalise
from catalogue.services import (
    Passage,
    delete_with_history,
    evidence_replace,
    history_stamp,
    record_save,
    relations_change,
)
from countries.models import City, Country
from initiatives.models import Figure, Institution, Programme, ProgrammeInstitution, ProgrammePillar


class PillarLink(TypedDict):
    """A pillar of the programme and the passage of the paper that places it there: the
    paper's example (the default) or, by definition, the definition's sentence with the
    part of the programme's evidence that shows the activity."""

    pillar: Pillar
    basis: str
    basis_kind: NotRequired[str]
    evidence_passage: NotRequired[str]


class InstitutionLink(TypedDict):
    institution: Institution
    role: str


class FigureValues(TypedDict):
    label: str
    text: str
    quantity: NotRequired[Decimal | None]
    unit: NotRequired[str]


def programme_save(
    *,
    programme: Programme,
    pillars: Iterable[PillarLink] | None = None,
    institutions: Iterable[InstitutionLink] | None = None,
    countries: Iterable[Country] | None = None,
    cities: Iterable[City] | None = None,
    figures: Sequence[FigureValues] | None = None,
    evidence: Sequence[Passage] | None = None,
    user: AbstractBaseUser | None = None,
) -> list[str]:
    """Save a programme (created if new) and replace each relation given (None leaves one
    alone), in one transaction; return the names of the fields and relations that changed."""
    with transaction.atomic():
        changed = record_save(record=programme, user=user)
        changed += programme_set_relations(
            programme=programme,
            pillars=pillars,
            institutions=institutions,
            countries=countries,
            cities=cities,
            figures=figures,
            evidence=evidence,
            user=user,
        )
    return changed


def programme_set_relations(
    *,
    programme: Programme,
    pillars: Iterable[PillarLink] | None = None,
    institutions: Iterable[InstitutionLink] | None = None,
    countries: Iterable[Country] | None = None,
    cities: Iterable[City] | None = None,
    figures: Sequence[FigureValues] | None = None,
    evidence: Sequence[Passage] | None = None,
    user: AbstractBaseUser | None = None,
) -> list[str]:
    """Replace each relation of a saved programme that is given (None leaves one alone), as
    one change of its history; return the names of those that changed."""
    with relations_change(record=programme, user=user) as changed:
        if pillars is not None and _pillars_replace(programme, pillars, user):
            changed.append("pillars")
        if institutions is not None and _institutions_replace(programme, institutions, user):
            changed.append("institutions")
        for name, records in (("countries", countries), ("cities", cities)):
            if records is not None and _links_replace(programme, name, records):
                changed.append(name)
        if figures is not None and _figures_replace(programme, figures, user):
            changed.append("figures")
        if evidence is not None and evidence_replace(record=programme, items=evidence, user=user):
            changed.append("evidence")
    return changed


def _pillars_replace(programme: Programme, links: Iterable[PillarLink], user) -> bool:
    existing = {link.pillar_id: link for link in programme.pillar_links.all()}
    changed = False
    for wanted in links:
        values = {
            "basis_kind": wanted.get("basis_kind") or ProgrammePillar.BasisKind.EXAMPLE,
            "basis": normalise(wanted["basis"]),
            "evidence_passage": normalise(wanted.get("evidence_passage") or ""),
        }
        link = existing.pop(wanted["pillar"].pk, None)
        if link is None:
            link = ProgrammePillar(programme=programme, pillar=wanted["pillar"])
        elif all(getattr(link, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(link, name, value)
        history_stamp(link, user=user)
        link.save()
        changed = True
    for link in existing.values():
        delete_with_history(link, user=user)
        changed = True
    return changed


def _institutions_replace(programme: Programme, links: Iterable[InstitutionLink], user) -> bool:
    existing = {
        (link.institution_id, link.role): link for link in programme.institution_links.all()
    }
    changed = False
    for wanted in links:
        if existing.pop((wanted["institution"].pk, wanted["role"]), None) is None:
            link = ProgrammeInstitution(
                programme=programme, institution=wanted["institution"], role=wanted["role"]
            )
            history_stamp(link, user=user)
            link.save()
            changed = True
    for link in existing.values():
        delete_with_history(link, user=user)
        changed = True
    return changed


def _links_replace(programme: Programme, name: str, records: Iterable) -> bool:
    """Set a many-to-many field the programme's history follows (its row comes after)."""
    manager = getattr(programme, name)
    wanted = {record.pk for record in records}
    if set(manager.values_list("pk", flat=True)) == wanted:
        return False
    manager.set(wanted)
    return True


def _figures_replace(programme: Programme, figures: Sequence[FigureValues], user) -> bool:
    """The figure at each position is changed in place if it differs, others added or
    removed; the text is stored with its white space folded."""
    existing = list(programme.figures.order_by("position", "id"))
    changed = False
    for position, values in enumerate(figures):
        wanted = {
            "position": position,
            "label": values["label"],
            "text": normalise(values["text"]),
            "quantity": values.get("quantity"),
            "unit": values.get("unit") or "",
        }
        if position < len(existing):
            figure = existing[position]
            if all(getattr(figure, name) == value for name, value in wanted.items()):
                continue
            for name, value in wanted.items():
                setattr(figure, name, value)
        else:
            figure = Figure(programme=programme, **wanted)
        history_stamp(figure, user=user)
        figure.save()
        changed = True
    for figure in existing[len(figures) :]:
        delete_with_history(figure, user=user)
        changed = True
    return changed
