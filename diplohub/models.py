"""Abstract models shared by the apps."""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connections, models

from diplohub.search import Folded, StoredSearchDocument, Unaccent, search_words


class TimeStampedModel(models.Model):
    """Adds `created` and `modified`, which partners use to mirror the catalogue incrementally."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    modified = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


# How much a match in each field counts towards a search result's rank (PostgreSQL's
# A-D weights; SQLite uses the numbers). Fields not named here weigh "B".
SEARCH_WEIGHTS = {
    "name": "A",
    "acronym": "A",
    "iso2": "A",
    "iso3": "A",
    "title": "A",
    "summary": "C",
}
_WEIGHT_VALUES = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}


class SearchableQuerySet(models.QuerySet):
    """A `search()` over the model's `search_fields`: every word must match one of them.

    Case and accents do not matter ("bogota" finds "Bogotá"). Results carry `search_rank`,
    higher for words found in names than in summaries. The FilterSets' `q` and the search
    page both come here, so they find the same records.
    """

    search_fields: tuple[str, ...] = ("name",)
    # On PostgreSQL the large tables keep their search document in a generated, indexed
    # column (migration initiatives 0006); the others compute it per query.
    stored_search_document = False

    def search(self, text: str):
        words = search_words(text)
        if not words:  # punctuation alone: nothing can match it
            return self.none().annotate(search_rank=models.Value(0.0))
        if self.db and connections[self.db].vendor == "postgresql":
            return self._full_text_search(words)
        return self._fragment_search(words)

    def _weighted_fields(self):
        return [
            (name, SEARCH_WEIGHTS.get(name.rsplit("__", 1)[-1], "B")) for name in self.search_fields
        ]

    def search_vector(self) -> SearchVector:
        """The weighted document PostgreSQL searches; models whose `search_fields` are all
        their own columns have a GIN index on exactly this expression (migrations)."""
        vector = None
        for name, weight in self._weighted_fields():
            part = SearchVector(Unaccent(models.F(name)), weight=weight, config="simple")
            vector = part if vector is None else vector + part
        return vector

    def _full_text_search(self, words):
        stored = self.stored_search_document
        vector = StoredSearchDocument() if stored else self.search_vector()
        # Every word, as a prefix: "newt fund" finds the Newton Fund. Words are \w+ only.
        query = SearchQuery(
            " & ".join(f"{word}:*" for word in words), search_type="raw", config="simple"
        )
        return (
            self.alias(search_document=vector)
            .filter(search_document=query)
            .annotate(search_rank=SearchRank(vector, query))
        )

    def _fragment_search(self, words):
        fields = self._weighted_fields()
        folded = {f"_folded_{i}": Folded(models.F(name)) for i, (name, _) in enumerate(fields)}
        queryset = self.alias(**folded)
        rank = models.Value(0.0)
        for word in words:
            any_field = models.Q()
            for alias, (_, weight) in zip(folded, fields, strict=True):
                found = models.Q(**{f"{alias}__contains": word})
                any_field |= found
                rank += models.Case(
                    models.When(found, then=models.Value(_WEIGHT_VALUES[weight])),
                    default=models.Value(0.0),
                    output_field=models.FloatField(),
                )
            queryset = queryset.filter(any_field)
        return queryset.annotate(search_rank=rank)
