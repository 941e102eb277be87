from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueLoadQuerySet(models.QuerySet):
    def latest_finished(self):
        return self.order_by("-finished").first()


class CatalogueLoad(models.Model):
    """A completed `load_catalogue` run.

    A record modified after the latest load was edited by a curator (admin or API): the next
    load reports it as a conflict instead of overwriting it, unless forced.
    """

    finished = models.DateTimeField(_("finished"), db_index=True)
    digest = models.CharField(_("fixtures digest"), max_length=64)
    counts = models.JSONField(_("counts"), default=dict)
    forced = models.BooleanField(_("forced"), default=False)

    objects = CatalogueLoadQuerySet.as_manager()

    class Meta:
        ordering = ["-finished"]
        verbose_name = _("catalogue load")
        verbose_name_plural = _("catalogue loads")

    def __str__(self):
        return f"{self.finished:%Y-%m-%d %H:%M:%S} ({self.digest[:12]})"
