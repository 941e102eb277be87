from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueState(models.Model):
    """The catalogue's version: one row that database triggers rewrite on every change.

    Every table of the catalogue's apps has a trigger (installed by each app's
    `version_triggers` migration, see catalogue.version) that gives this row a new random
    `token` and the time of the change, in the writing transaction: admin, API, loader,
    bulk inserts and raw SQL alike, deletions included. Readers see the new token exactly
    when the change commits.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(_("token"), max_length=40)
    changed = models.DateTimeField(_("changed"), null=True)

    class Meta:
        verbose_name = _("catalogue state")
        verbose_name_plural = _("catalogue state")

    def __str__(self):
        return self.token
