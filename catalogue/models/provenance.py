"""Provenance: the paper's footnotes, and the verbatim passages every record rests on."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.models.records import (
    NaturalKeyModel,
    NaturalKeyQuerySet,
    SearchableQuerySet,
    TimeStampedModel,
)
from catalogue.paper import validate_passage

# A footnote in the list shows this many of the passages citing it at most.
LISTED_EVIDENCE = 20


class ReferenceQuerySet(NaturalKeyQuerySet, SearchableQuerySet):
    search_fields = ("text", "authors", "title", "venue")

    def for_listing(self):
        """Each footnote with how many evidence passages cite it, and the first
        `LISTED_EVIDENCE` of them (in their order) with their records, as `listed_evidence`."""
        first = Evidence.objects.order_by("position", "id")[:LISTED_EVIDENCE]
        return self.annotate(
            evidence_count=models.Count("evidence", distinct=True)
        ).prefetch_related(
            models.Prefetch("evidence", queryset=first, to_attr="listed_evidence"),
            "listed_evidence__record",
        )

    def for_api(self):
        """A footnote as the API shows it: its own fields, no related records."""
        return self.all()


class Reference(NaturalKeyModel, TimeStampedModel):
    """One of the paper's numbered footnotes: a citation, an explanatory note, or both."""

    number = models.PositiveSmallIntegerField(_("footnote number"), unique=True)
    text = models.TextField(_("text"), help_text=_("The footnote as printed in the paper."))
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=400, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=300, blank=True)
    consulted = models.DateField(_("consulted on"), null=True, blank=True)

    natural_key_field = "number"

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created", "modified"])

    class Meta:
        ordering = ["number"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="reference_number_positive"
            ),
        ]

    def __str__(self):
        return f"[{self.number}] {self.text[:80]}"

    def get_absolute_url(self):
        return reverse("initiatives:reference-list") + f"#fn{self.number}"


class Evidence(models.Model):
    """A verbatim passage of the paper that supports a record, with the footnotes it rests on.

    One model for every documented record (country, city, institution, programme, pillar),
    attached through a generic relation.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    quote = models.TextField(_("quote"), validators=[validate_passage])
    references = models.ManyToManyField(
        Reference, blank=True, related_name="evidence", verbose_name=_("footnotes")
    )

    # Each history row holds the passage's footnotes as they were.
    history = HistoricalRecords(m2m_fields=[references])

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"“{self.quote[:60]}…”"

    @property
    def footnote_numbers(self) -> list[int]:
        """Footnote numbers, from the prefetched references when there are."""
        return sorted(reference.number for reference in self.references.all())


def evidence_prefetch() -> models.Prefetch:
    """A record's evidence, each passage with its footnotes, as the lists `evidence_list` and
    (on each passage) `footnote_list`: what a record's API representation shows."""
    passages = Evidence.objects.prefetch_related(
        models.Prefetch("references", to_attr="footnote_list")
    )
    return models.Prefetch("evidence", queryset=passages, to_attr="evidence_list")
