from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from diplohub.json_arrays import JSONRecordsQuerySet
from diplohub.models import SearchableQuerySet, TimeStampedModel, record_url
from initiatives.models.provenance import evidence_records


class PillarQuerySet(JSONRecordsQuerySet, SearchableQuerySet):
    search_fields = ("name", "definition")

    def for_listing(self):
        return self.annotate(programme_count=models.Count("programmes", distinct=True))

    def for_detail(self):
        return self.prefetch_related("evidence__references")

    def for_api(self):
        """A full record as the API and the catalogue archive show it, evidence included.

        Relations come as lists, `prefetched_<relation>`, which the API's fields read, loaded
        with the rows (see `evidence_records`).
        """
        return self.for_listing().annotate(prefetched_evidence=evidence_records(self.model))


class Pillar(TimeStampedModel):
    """One of the paper's three pillars of science and technology diplomacy."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    definition = models.TextField(_("definition"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    evidence = GenericRelation("initiatives.Evidence")

    objects = PillarQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created", "modified"])

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("initiatives:pillar-detail", self.slug)
