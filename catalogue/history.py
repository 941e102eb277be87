"""A record's public history: what changed, field by field, from its django-simple-history
rows. Who made a change is not shown (the admin's history, for staff, shows it)."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from catalogue.services import SUGGESTION_NOTE, change_why

KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Change:
    """One row of a record's history, compared with the row before it, and why it was made
    (a curator's note), or the number of the reader's suggestion it corrects."""

    time: datetime
    kind: str
    fields: list[FieldChange] = field(default_factory=list)
    why: str = ""
    suggestion: int | None = None


def _why(reason: str | None) -> tuple[str, int | None]:
    why = change_why(reason)
    number = why.removeprefix(SUGGESTION_NOTE.format(number=""))
    if why != number and number.isdigit():
        return "", int(number)
    return why, None


def history_rows(record: models.Model) -> models.QuerySet:
    """The record's history, newest first, with what a diff shows loaded (a fixed number of
    queries whatever its length: one, plus two per many-to-many link its history follows)."""
    history = record.history.model
    foreign_keys = [
        f.name
        for f in history._meta.fields
        if isinstance(f, models.ForeignKey) and f.name not in ("history_user", "history_relation")
    ]
    links = [f"{accessor}__{target}" for _, accessor, target in _m2m_links(history)]
    return (
        record.history.select_related(*foreign_keys)
        .prefetch_related(*links)
        .order_by("-history_date", "-history_id")
    )


def record_changes(record: models.Model) -> list[Change]:
    """Every change of the record, newest first, each with its fields' before and after.

    Own fields are compared by simple_history's `diff_against`; the many-to-many links it
    follows (prefetched) are compared here, since its own comparison queries per row.
    """
    rows = list(history_rows(record))
    links = _m2m_links(record.history.model)
    m2m = [name for name, _, _ in links]
    changes = []
    for newer, older in zip(rows, [*rows[1:], None], strict=True):
        why, suggestion = _why(newer.history_change_reason)
        change = Change(
            time=newer.history_date,
            kind=KINDS.get(newer.history_type, ""),
            why=why,
            suggestion=suggestion,
        )
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older, excluded_fields=m2m, foreign_keys_are_objs=True)
            for item in delta.changes:
                change.fields.append(
                    FieldChange(
                        label=_label(record, item.field),
                        before=_shown(older, item.field, item.old),
                        after=_shown(newer, item.field, item.new),
                    )
                )
            for name, accessor, target in links:
                before = _linked(older, accessor, target)
                after = _linked(newer, accessor, target)
                if before != after:
                    change.fields.append(
                        FieldChange(_label(record, name), ", ".join(before), ", ".join(after))
                    )
            if not change.fields and not (change.why or change.suggestion):
                continue  # a change of relations the page does not show (its evidence)
        changes.append(change)
    return changes


def _m2m_links(history) -> list[tuple[str, str, str]]:
    """For each many-to-many field the history follows: its name, the history row's accessor
    to the links it held, and the link's field naming the linked record."""
    links = []
    for m2m in getattr(history, "_history_m2m_fields", []):
        through = getattr(history, m2m.name).model
        accessor = through._meta.get_field("history").remote_field.get_accessor_name()
        target = next(
            f.name
            for f in through._meta.fields
            if isinstance(f, models.ForeignKey) and f.related_model is m2m.related_model
        )
        links.append((m2m.name, accessor, target))
    return links


def _linked(row, accessor: str, target: str) -> list[str]:
    """The names of the records a history row was linked to (prefetched)."""
    return sorted(str(getattr(link, target)) for link in getattr(row, accessor).all())


def _label(record, name: str) -> str:
    return str(record._meta.get_field(name).verbose_name)


def _shown(row, name: str, value) -> str:
    model_field = row.instance_type._meta.get_field(name)
    if model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


# ------------------------------------------------------------------------ ?as_of=

AS_OF = "as_of"


class NotYetExisting(Exception):
    """The record did not exist yet at the time asked for."""


@dataclass
class Version:
    """The record as its history held it at a time: the row then in force."""

    title: str  # the record's name then
    time: datetime  # when this version was written
    fields: list[tuple[str, str]]  # (label, value) of the record's own fields and links
    values: dict[str, str]  # the same values by field name


def as_of_parameter(value: str) -> datetime:
    """An ISO 8601 date or date-time, as an aware time: a date means the end of that day
    (UTC), a time without an offset is UTC. ValueError, with a message for the reader, if it
    is malformed or in the future."""
    value = value.strip()
    moment = parse_datetime(value)
    if moment is None:
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            raise ValueError(
                _("as_of must be an ISO 8601 date (2024-05-31) or date-time (2024-05-31T12:00Z).")
            )
        moment = datetime.combine(day, time.max, tzinfo=UTC)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    now = timezone.now()
    if moment > now:
        if moment.time() == time.max and moment.date() == now.date():
            return now  # today's end: the catalogue as it is now
        raise ValueError(_("as_of is in the future: the catalogue cannot show it yet."))
    return moment


def version_at(record: models.Model, moment: datetime) -> Version:
    """The record as it was at `moment` (NotYetExisting if it did not exist yet)."""
    row = history_rows(record).filter(history_date__lte=moment).exclude(history_type="-").first()
    if row is None:
        raise NotYetExisting(
            _("%(record)s was not in the catalogue yet on %(date)s.")
            % {"record": record, "date": moment.date().isoformat()}
        )
    history = type(row)
    tracked = {t.name for t in history.tracked_fields}
    values = {
        f.name: _shown(row, f.name, _value(row, f))
        for f in row.instance_type._meta.concrete_fields
        if not f.primary_key and f.name in tracked
    }
    values |= {
        name: ", ".join(_linked(row, accessor, target))
        for name, accessor, target in _m2m_links(history)
    }
    fields = [(_label(record, name), value) for name, value in values.items()]
    return Version(title=str(row.instance), time=row.history_date, fields=fields, values=values)


def _value(row, model_field):
    try:
        return getattr(row, model_field.name)
    except ObjectDoesNotExist:  # a related record deleted since: its id
        return getattr(row, model_field.attname)
