"""Corrections that readers suggest, kept for curators to review; never published as such."""

import secrets

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.services import SUGGESTION_NOTE, WHY_SEPARATOR

# Bounds of what a reader may send (the form enforces them; a longer post is a 400).
WHAT_IS_WRONG_MAX = 4000
PASSAGE_MAX = 2000


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Suggestion(models.Model):
    """A reader's note that something in a record is wrong, with the passage of the paper
    that shows it. Curators accept it (and correct the record), reject it with a reason, or
    mark it a duplicate of another. Not catalogue data: its table has no version trigger,
    so a suggestion does not change the catalogue's version (tests/curators)."""

    class Status(models.TextChoices):
        NEW = "new", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted: the record was corrected")
        REJECTED = "rejected", _("Rejected")
        DUPLICATE = "duplicate", _("A duplicate of another suggestion")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    record_name = models.CharField(_("record"), max_length=300)  # as it was named then
    what_is_wrong = models.TextField(_("what is wrong"), max_length=WHAT_IS_WRONG_MAX)
    passage = models.TextField(_("passage of the paper"), max_length=PASSAGE_MAX, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Shown to the suggester."))
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("duplicate of")
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")
        indexes = [models.Index(fields=["content_type", "object_id"], name="suggestion_record")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reason=""),
                name="suggestion_rejected_with_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="duplicate") | models.Q(duplicate_of__isnull=False),
                name="suggestion_duplicate_names_original",
            ),
        ]

    def __str__(self):
        return f"{self.record_name}: {self.what_is_wrong[:60]}"

    @property
    def note(self) -> str:
        """What a change made for this suggestion says in the record's history."""
        return SUGGESTION_NOTE.format(number=self.pk)

    def record_changes(self) -> models.QuerySet | None:
        """The history rows of the record's changes made for this suggestion, newest first
        (the link from a suggestion to what it changed); None if the record is gone."""
        record = self.record
        if record is None:
            return None
        return record.history.filter(
            history_change_reason__endswith=f"{WHY_SEPARATOR}{self.note}"
        ).order_by("-history_date")
