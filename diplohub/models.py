"""Abstract models shared by the apps."""

from django.db import models


class TimeStampedModel(models.Model):
    """Adds `created` and `modified`, which partners use to mirror the catalogue incrementally."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    modified = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class SearchableQuerySet(models.QuerySet):
    """A `search()` over the model's `search_fields`: every word must match one of them."""

    search_fields: tuple[str, ...] = ("name",)

    def search(self, text: str):
        condition = models.Q()
        for word in text.split():
            any_field = models.Q()
            for name in self.search_fields:
                any_field |= models.Q(**{f"{name}__icontains": word})
            condition &= any_field
        return self.filter(condition)
