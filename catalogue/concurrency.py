"""Optimistic concurrency for curators: a write names the version of the record it read.

A record's version is its `modified` time, which every writer moves (`record_save` saves it
with the fields that changed, `relations_change` after its relations changed). A writer
that read the record at one version and saves once it has another would overwrite a change
it never saw: `check_record_version` refuses it, naming who changed the record and when.
Call it with the record's row locked (`select_for_update`) in the writing transaction, so
no write slips between the check and the save.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import models

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def record_version(record: models.Model) -> str:
    """The version of a saved record, as a writer carries it: its `modified` time in
    microseconds since 1970 (exact, and plain digits: it can end an ETag)."""
    return str((record.modified - _EPOCH) // timedelta(microseconds=1))


@dataclass
class RecordChanged(Exception):
    """The record was changed since the version the writer read."""

    current: models.Model  # the record as it is now (its row locked)
    by: str  # who made the last change, "" if not known (the loader)
    at: datetime


def check_record_version(*, record: models.Model, version: str | None) -> None:
    """Lock the record's row and raise `RecordChanged` unless it is still at `version`.

    Must run in a transaction (the lock lasts until it commits). A missing version (a form
    opened before this check existed) is refused like a stale one: nothing is overwritten
    unseen.
    """
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if version and version == record_version(current):
        return
    last = current.history.select_related("history_user").order_by("-history_date").first()
    user = last.history_user if last is not None else None
    raise RecordChanged(
        current=current,
        by=user.get_username() if user is not None else "",
        at=last.history_date if last is not None else current.modified,
    )
