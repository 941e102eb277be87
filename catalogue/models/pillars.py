from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.models.provenance import evidence_prefetch
from catalogue.models.records import (
    NaturalKeyModel,
    NaturalKeyQuerySet,
    SearchableQuerySet,
    TimeStampedModel,
)
from catalogue.paper import validate_passage
from catalogue.validators import no_control_characters

# The paper's three pillars, named for the translation catalogue: a pillar's page shows its
# name through gettext, so a pillar a curator adds stays in English until it is translated.
PILLAR_NAMES = (
    gettext_noop("Science in diplomacy"),
    gettext_noop("Science for diplomacy"),
    gettext_noop("Diplomacy for science"),
)


class PillarQuerySet(NaturalKeyQuerySet, SearchableQuerySet):
    search_fields = ("name", "definition")

    def for_listing(self):
        return self.annotate(programme_count=models.Count("programmes", distinct=True))

    def for_detail(self):
        return self.prefetch_related("evidence__references")

    def for_api(self):
        """A full record as the API and the catalogue archive show it, evidence included."""
        return self.for_listing().prefetch_related(evidence_prefetch())


class Pillar(NaturalKeyModel, TimeStampedModel):
    """One of the paper's three pillars of science and technology diplomacy."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(
        _("name"), max_length=100, unique=True, validators=[no_control_characters]
    )
    definition = models.TextField(_("definition"))
    definition_quote = models.TextField(
        _("the paper's definition"),
        blank=True,
        validators=[validate_passage],
        help_text=_(
            "The paper's sentence that defines the pillar, verbatim: the basis of every "
            "programme placed here by definition."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    evidence = GenericRelation("catalogue.Evidence")

    objects = PillarQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created", "modified"])

    class Meta:
        ordering = ["position", "name", "slug"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:pillar-detail", args=[self.slug])

    @property
    def local_name(self) -> str:
        """The pillar's name in the reader's language."""
        return gettext(self.name)


def group_by_pillar(programmes) -> list[dict]:
    """Programmes grouped under each of their (prefetched) pillars, then those with none."""
    groups: dict = {}
    unassigned = []
    for programme in programmes:
        pillars = list(programme.pillars.all())
        if not pillars:
            unassigned.append(programme)
        for pillar in pillars:
            groups.setdefault(pillar.pk, {"pillar": pillar, "programmes": []})
            groups[pillar.pk]["programmes"].append(programme)
    ordered = sorted(
        groups.values(), key=lambda group: (group["pillar"].position, group["pillar"].name)
    )
    if unassigned:
        ordered.append({"pillar": None, "programmes": unassigned})
    return ordered
