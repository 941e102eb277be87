"""Writes of suggestions, shared by the public form and the curators' admin."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from corrections.models import Suggestion


def suggestion_create(
    *, record: models.Model, what_is_wrong: str, passage: str = "", email: str = ""
) -> Suggestion:
    """Keep a reader's suggestion about `record` for review (it is published nowhere)."""
    return Suggestion.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        record_name=str(record)[:300],
        what_is_wrong=what_is_wrong,
        passage=passage,
        email=email,
    )


def suggestion_merge(*, suggestion: Suggestion, into: Suggestion) -> None:
    """Mark `suggestion` a duplicate of `into` (which keeps its own status)."""
    suggestion.status, suggestion.duplicate_of = Suggestion.Status.DUPLICATE, into
    suggestion.save(update_fields=["status", "duplicate_of", "modified"])
