"""Every change to the catalogue's records, read from their history tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeQuerySet(models.QuerySet):
    def for_api(self):
        return self.all()


class Change(models.Model):
    """One write to a record (created, changed or deleted), as its history kept it: what a
    mirror needs to stay in step, deletions included.

    A database view over the history tables (django-simple-history) of pillars, references,
    countries, cities, institutions and programmes (migration 0004_changes_view), not a
    table: it holds nothing of its own and needs no version trigger.
    """

    # The record types listed, by API resource, and each one's model name (its detail route
    # is api:<model name>-detail); the view (migration 0004) unions their history tables.
    TYPES = {
        "pillars": "pillar",
        "references": "reference",
        "countries": "country",
        "cities": "city",
        "institutions": "institution",
        "programmes": "programme",
    }

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")

    id = models.CharField(primary_key=True, max_length=64)  # "<type>:<history id>"
    type = models.CharField(max_length=20)  # the record's resource: programmes, cities ...
    record_id = models.CharField(max_length=255)  # the record's natural key at that time
    time = models.DateTimeField()
    kind = models.CharField(max_length=7, choices=Kind.choices)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "initiatives_change"
        ordering = ["time", "id"]

    def __str__(self):
        return f"{self.type}/{self.record_id} {self.kind} {self.time:%Y-%m-%d %H:%M:%S}"
