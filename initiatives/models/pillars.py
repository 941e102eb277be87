from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from diplohub.models import TimeStampedModel


class Pillar(TimeStampedModel):
    """One of the paper's three pillars of science and technology diplomacy."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    definition = models.TextField(_("definition"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    evidence = GenericRelation("initiatives.Evidence")

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:pillar-detail", args=[self.slug])
