"""Writes of catalogue records, shared by the loader, the API and the admin.

Whoever writes (a `load_catalogue` run, an API client, a curator in the admin), a change
reaches the history (django-simple-history) the same way:

- `record_save` writes a record's own fields: a "+" row when it is created, a "~" row when
  a field changed (the change reason names the fields), nothing when none did;
- a record's relations (its evidence here, a programme's pillars, institutions ... in
  `initiatives.services`) are written inside `relations_change`: every passage or link
  added, changed or removed leaves its own row ("+", "~", "-"), and the record then leaves
  one "~" row, its `modified` moved, whose change reason names the relations that changed
  and which holds the many-to-many links its history follows as they now are.

The history user is the `user` passed in, or else the request's user (simple_history's
middleware), or none for the loader.

A change can say why it was made (a curator's note, or `suggestion #N` for a reader's
suggested correction, see `corrections`): written inside `change_note(...)`, each history row
it leaves has the change reason `<what changed>: <why>` (at most 100 characters, the
column's size); `change_why` reads the why back, and the public Changes page shows it.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NotRequired, TypedDict

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from catalogue.models import Evidence, Reference
from catalogue.paper import normalise

# Kept by `TimeStampedModel` itself, and left out of the records' history.
_STAMPS = {"created", "modified"}


class Passage(TypedDict):
    """A passage of evidence as writers give it (the API's validated data has this shape)."""

    quote: str
    references: NotRequired[Iterable[Reference]]


# The why of the change being written (change_note), for every history row it leaves.
_note: ContextVar[str] = ContextVar("change_note", default="")
REASON_MAX = 100  # simple_history's history_change_reason column
NOTE_MAX = 80  # leaves room for what changed
WHY_SEPARATOR = ": "  # never in a list of field names


@contextmanager
def change_note(note: str | None) -> Iterator[None]:
    """Writes made inside say why they were made (`note`, one line), in their history."""
    token = _note.set(" ".join((note or "").split()))
    try:
        yield
    finally:
        _note.reset(token)


# How a change made for a reader's suggested correction says so (corrections.admin).
SUGGESTION_NOTE = "suggestion #{number}"


def change_why(reason: str | None) -> str:
    """The why a history row's change reason carries ("" if none)."""
    return (reason or "").partition(WHY_SEPARATOR)[2]


def history_stamp(
    instance: models.Model, *, user: AbstractBaseUser | None, reason: str | None = None
) -> None:
    """Who makes the next history row of `instance` (if known here), what changed (`reason`)
    and why (the current change_note, if any)."""
    if user is not None and user.is_authenticated:
        instance._history_user = user
    if note := _note.get()[:NOTE_MAX]:
        room = REASON_MAX - len(WHY_SEPARATOR) - len(note)
        what = reason or ""
        if len(what) > room:  # the why is kept whole, what changed is in the diff anyway
            what = what[: room - 1] + "…"
        reason = f"{what}{WHY_SEPARATOR}{note}"
    instance._change_reason = reason


def changed_fields(record: models.Model) -> list[str]:
    """The record's own fields whose values differ from those stored (all of them for a new
    record), in the model's order."""
    fields = [
        field
        for field in record._meta.concrete_fields
        if not field.primary_key and field.name not in _STAMPS
    ]
    if record.pk is None:
        return [field.name for field in fields]
    stored = (
        type(record)._base_manager.filter(pk=record.pk).values(*[field.attname for field in fields])
    )
    stored = stored.first() or {}
    return [
        field.name
        for field in fields
        if field.attname not in stored or stored[field.attname] != getattr(record, field.attname)
    ]


def record_save(*, record: models.Model, user: AbstractBaseUser | None = None) -> list[str]:
    """Create the record, or save the fields that changed; return the names of those fields
    (empty for a new record, whose history row is its creation).

    An existing record writes only the columns that changed (and `modified`), so a write
    never puts back a value that another writer changed since this record was read.
    """
    new = record.pk is None
    changed = changed_fields(record)
    if not new and not changed:
        return []
    history_stamp(record, user=user, reason=None if new else ", ".join(changed))
    record.save(update_fields=None if new else [*changed, "modified"])
    return [] if new else changed


@contextmanager
def relations_change(
    *, record: models.Model, user: AbstractBaseUser | None = None
) -> Iterator[list[str]]:
    """Write relations of a saved `record` as one change of its history.

    Yields a list to which the writers add the names of the relations they changed; if any
    did, the record is saved once afterwards ("~", change reason naming them). Its history
    is held back meanwhile, so that setting a many-to-many field it follows does not add
    rows of its own.
    """
    changed: list[str] = []
    with transaction.atomic():
        record.skip_history_when_saving = True  # simple_history's documented switch
        try:
            yield changed
        finally:
            del record.skip_history_when_saving
        if changed:
            history_stamp(record, user=user, reason=", ".join(changed))
            record.save(update_fields=["modified"])


def documented_record_save(
    *,
    record: models.Model,
    evidence: Sequence[Passage] | None = None,
    user: AbstractBaseUser | None = None,
) -> list[str]:
    """Save a record (created if new) and, unless None, replace its evidence, in one
    transaction; return the names of the fields and relations that changed."""
    with transaction.atomic():
        changed = record_save(record=record, user=user)
        changed += record_set_relations(record=record, evidence=evidence, user=user)
    return changed


def record_set_relations(
    *,
    record: models.Model,
    evidence: Sequence[Passage] | None = None,
    user: AbstractBaseUser | None = None,
) -> list[str]:
    """Replace, unless None, the evidence of a saved record, as one change of its history;
    return ["evidence"] if it changed."""
    with relations_change(record=record, user=user) as changed:
        if evidence is not None and evidence_replace(record=record, items=evidence, user=user):
            changed.append("evidence")
    return changed


def evidence_replace(
    *, record: models.Model, items: Sequence[Passage], user: AbstractBaseUser | None = None
) -> bool:
    """Make the record's evidence `items`, in that order; return whether anything changed.

    The passage at each position is changed in place if its quote or footnotes differ,
    passages beyond the record's are added, its surplus ones removed; quotes are stored with
    their white space folded (`normalise`). Each passage written leaves one history row
    holding its footnotes (two for a new one with footnotes: its creation, then them).
    """
    content_type = ContentType.objects.get_for_model(record)
    existing = list(
        Evidence.objects.filter(content_type=content_type, object_id=record.pk)
        .order_by("position", "id")
        .prefetch_related("references")
    )
    changed = False
    for position, item in enumerate(items):
        quote = normalise(item["quote"])
        references = list(item.get("references", ()))
        if position < len(existing):
            evidence = existing[position]
            same = (
                evidence.quote == quote
                and evidence.position == position
                and {r.pk for r in evidence.references.all()} == {r.pk for r in references}
            )
            if same:
                continue
            evidence.quote, evidence.position = quote, position
        else:
            evidence = Evidence(
                content_type=content_type, object_id=record.pk, position=position, quote=quote
            )
        save_with_links(evidence, links={"references": references}, user=user)
        changed = True
    for evidence in existing[len(items) :]:
        delete_with_history(evidence, user=user)
        changed = True
    return changed


def save_with_links(
    instance: models.Model, *, links: dict[str, Iterable], user: AbstractBaseUser | None
) -> None:
    """Save `instance` and set its many-to-many `links`; its history gets one row holding
    them (a new instance's creation row comes first, then that one if it has links)."""
    links = {name: list(values) for name, values in links.items()}
    history_stamp(instance, user=user)
    if instance.pk is None:
        instance.save()
        if not any(links.values()):
            return
    instance.skip_history_when_saving = True  # the links are set before the row is taken
    try:
        for name, values in links.items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    instance.save()


def delete_with_history(instance: models.Model, *, user: AbstractBaseUser | None) -> None:
    """Delete `instance`; its history gets a "-" row naming who deleted it."""
    history_stamp(instance, user=user)
    instance.delete()
