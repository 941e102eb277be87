"""Abstract models shared by the apps."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.search import (
    STORED_SEARCH_DOCUMENTS,
    Folded,
    StoredSearchDocument,
    Unaccent,
    WordSimilarity,
    search_words,
)


class NaturalKeyModel(models.Model):
    """A record known by one unique field (a slug, an ISO code, a footnote number): its public
    id in routes and the API, its key in the catalogue's files, and the last word of every
    ordering, so that pages, API and exports list records that tie in one order."""

    natural_key_field = "slug"

    class Meta:
        abstract = True

    def natural_key(self) -> tuple:
        return (getattr(self, self.natural_key_field),)


@dataclass(frozen=True)
class Tombstone:
    """What is left of a deleted record: its last id and name, and when it was deleted."""

    id: str
    name: str
    deleted: datetime


class NaturalKeyQuerySet(models.QuerySet):
    """`get_by_natural_key()` for a `NaturalKeyModel`'s manager."""

    def get_by_natural_key(self, key):
        return self.get(**{self.model.natural_key_field: key})

    def former(self, key) -> models.Model | Tombstone | None:
        """What became of the record last known by `key`, a key no current record has: the
        record under its new key, a `Tombstone` if it was deleted, or None if no record ever
        had that key. Read from the record's history (django-simple-history), so a public id
        keeps answering however often it changes."""
        history = getattr(self.model, "history", None)
        if history is None:
            return None
        field = self.model.natural_key_field
        rows = history.filter(**{field: key}).order_by("-history_date", "-history_id")
        pk = rows.values_list("id", flat=True).first()
        if pk is None:
            return None
        current = self.filter(pk=pk).first()
        if current is not None:
            return current
        deletion = history.filter(id=pk, history_type="-").order_by("-history_date").first()
        if deletion is None:
            return None
        return Tombstone(
            id=str(getattr(deletion, field)),
            name=str(deletion.instance),
            deleted=deletion.history_date,
        )


def with_tiebreaker(queryset: models.QuerySet) -> models.QuerySet:
    """The queryset in its order (else its model's), then by the model's natural key: records
    that tie on the order (the same start year, say) come in one order everywhere."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    key = getattr(queryset.model, "natural_key_field", "pk")
    if ordering[-1:] != [key]:
        ordering.append(key)
    return queryset.order_by(*ordering)


class TimeStampedModel(models.Model):
    """Adds `created` and `modified`, which partners use to mirror the catalogue incrementally."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    modified = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class DocumentedRecord(NaturalKeyModel, TimeStampedModel):
    """A record the paper describes (country, city, institution, programme): a summary in our
    words, the verbatim passages of the paper it rests on, and the history of every change.

    A model lists the many-to-many fields its history keeps in `_history_m2m_fields`.
    """

    summary = models.TextField(_("summary"), help_text=_("What the paper says of it."))
    evidence = GenericRelation("catalogue.Evidence")

    history = HistoricalRecords(inherit=True, excluded_fields=["created", "modified"])

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


# The search page ranks at most this many matches of a table with a stored search document
# (see `SearchableQuerySet.best_matches()`): more than any table of the paper's own catalogue
# holds (250 countries), so that its searches are ranked exactly.
SEARCH_CANDIDATES = 300

# The fields `near_matches()` compares with a mistyped query; how close the query must come
# to one of them, and each of its words at least. pg_trgm's word similarity and difflib's ratio
# differ in scale: "sao paolo" is 0.6 from "São Paulo" in trigrams and 0.89 in difflib, its
# "paolo" 0.33 and 0.8; "conacit" 0.62 and 0.86 from "Conacyt"; "fund" 0.4 from "refunded"
# in trigrams.
NEAR_FIELDS = ("name", "acronym", "title")
NEAR_THRESHOLD = {"postgresql": 0.5, "sqlite": 0.75}
NEAR_WORD_FLOOR = {"postgresql": 0.3, "sqlite": 0.5}


class SearchableQuerySet(models.QuerySet):
    """A `search()` over the model's `search_fields`: every word must match one of them.

    Case and accents do not matter ("bogota" finds "Bogotá"). Results carry `search_rank`,
    higher for words found in names than in summaries. The FilterSets' `q` and the search
    page both come here, so they find the same records.
    """

    # Fields of related records (`country__name`) come last: a stored search document holds
    # the model's own fields, and the related ones are appended to it when ranking.
    search_fields: tuple[str, ...] = ("name",)

    @property
    def stored_search_document(self) -> bool:
        """Whether PostgreSQL keeps the search document in a generated, indexed column
        (`STORED_SEARCH_DOCUMENTS`); the other tables compute it per query."""
        return self.model._meta.label in STORED_SEARCH_DOCUMENTS

    def search(self, text: str):
        words = search_words(text)
        if not words:  # punctuation alone: nothing can match it
            return self._nothing()
        queryset, condition, rank = self._matching(words)
        return queryset.filter(condition).annotate(search_rank=rank)

    def best_matches(self, text: str, count: int):
        """The `count` best matches, best first: what the search page shows of a model.

        Ranking reads the whole search document of every match, and a common word matches
        tens of thousands of programmes. On a table with a stored document only the first
        `SEARCH_CANDIDATES` matches the database comes across (in table order) are ranked,
        so the cost is bounded whatever the words: a search with fewer matches (any search
        of the paper's own catalogue) is ranked exactly, one with more shows the best of
        those.
        """
        words = search_words(text)
        if not words:
            return self._nothing()
        if self._full_text and self.stored_search_document:
            queryset, condition, rank = self._matching(words)
            # Unordered: no sort over every match to choose them.
            candidates = queryset.filter(condition).order_by().values("pk")
            found = self.filter(pk__in=candidates[: max(count, SEARCH_CANDIDATES)]).annotate(
                search_rank=rank
            )
        else:
            found = self.search(text)
        return found.by_name_match(text).order_by("-name_match", "-search_rank", "pk")[:count]

    def near_matches(self, text: str, count: int):
        """The `count` records whose name (or acronym, or title) comes closest to the query,
        closest first, among those close enough: what the search page offers when no record
        holds the words ("diplomcy" finds "Science in diplomacy", "Conacit" CONACYT).

        Closeness is PostgreSQL's trigram `word_similarity` (pg_trgm): how much of the query
        some run of a name shares; on SQLite difflib's ratio against the runs of as many
        words of the name (`catalogue.search.word_similarity`). The query must come close as
        a whole, and none of its words be far off. Names only: a summary compared word by
        word would cost a read of every text. Annotated with `similarity`,
        and with `search_rank` and `name_match` (0) as `best_matches()` is.
        """
        words = search_words(text)
        names = [name for name in NEAR_FIELDS if _has_field(self.model, name)]
        if not words or not names:
            return self._nothing().annotate(similarity=models.Value(0.0))

        def closeness(text):
            fields = [WordSimilarity(models.Value(text), Folded(models.F(name))) for name in names]
            return fields[0] if len(fields) == 1 else Greatest(*fields)

        vendor = connections[self.db].vendor
        near = self.annotate(similarity=closeness(" ".join(words))).filter(
            similarity__gte=NEAR_THRESHOLD[vendor]
        )
        if len(words) > 1:
            # No word far off: "newton bogota" is not close to "Bogotá science agenda".
            for i, word in enumerate(words):
                near = near.alias(**{f"_close_{i}": closeness(word)}).filter(
                    **{f"_close_{i}__gte": NEAR_WORD_FLOOR[vendor]}
                )
        return near.annotate(
            search_rank=models.F("similarity"), name_match=models.Value(0)
        ).order_by("-similarity", "pk")[:count]

    def by_name_match(self, text: str):
        """Annotated with `name_match`: 2 for a record named (or abbreviated) exactly as the
        query, 1 for one whose name holds every word, 0 for the rest; the search page shows
        them in that order before rank: "Mexico" puts the country before the footnotes that
        mention it."""
        return self.annotate(name_match=self._name_match(search_words(text)))

    def translated_names(self, words) -> tuple[models.Q, models.Q] | None:
        """Conditions on the records named in the reader's language as the query (exactly,
        and holding every word as a prefix), for names that the database does not store
        translated (a country's); None where there are none."""
        return None

    def _name_match(self, words) -> models.Expression:
        names = [name for name in ("name", "acronym") if _has_field(self.model, name)]
        if not names or not words:
            return models.Value(0)
        phrase = " ".join(words)
        exact, holds_every_word = models.Q(), models.Q()
        for name in names:
            folded = Folded(models.F(name))
            exact |= models.Q(models.lookups.Exact(folded, phrase))
            every = models.Q()
            for word in words:
                every &= models.Q(models.lookups.Contains(folded, word))
            holds_every_word |= every
        translated = self.translated_names(words)
        if translated is not None:
            exact |= translated[0]
            holds_every_word |= translated[1]
        return models.Case(
            models.When(exact, then=models.Value(2)),
            models.When(holds_every_word, then=models.Value(1)),
            default=models.Value(0),
            output_field=models.IntegerField(),
        )

    def _matching(self, words):
        """(queryset with what the condition reads, the condition of a match, its rank):
        full-text search on PostgreSQL, word fragments on SQLite, and a record named so in
        the reader's language (`translated_names()`) on both."""
        if self._full_text:
            queryset, condition = self._full_text_condition(words)
            rank = self._full_text_rank(words)
        else:
            queryset, condition, rank = self._fragment_condition(words)
        translated = self.translated_names(words)
        if translated is not None:
            condition |= translated[1]
            rank = models.Case(
                models.When(translated[1], then=models.Value(1.0)),
                default=rank,
                output_field=models.FloatField(),
            )
        return queryset, condition, rank

    def _nothing(self):
        return self.none().annotate(search_rank=models.Value(0.0))

    @property
    def _full_text(self) -> bool:
        return connections[self.db].vendor == "postgresql"

    def _weighted_fields(self):
        return [
            (name, SEARCH_WEIGHTS.get(name.rsplit("__", 1)[-1], "B")) for name in self.search_fields
        ]

    def _vector(self, fields) -> SearchVector | None:
        vector = None
        for name, weight in fields:
            part = SearchVector(Unaccent(models.F(name)), weight=weight, config="simple")
            vector = part if vector is None else vector + part
        return vector

    def search_vector(self) -> SearchVector:
        """The weighted document PostgreSQL searches, computed from the fields."""
        return self._vector(self._weighted_fields())

    def stored_search_vector(self) -> SearchVector:
        """The part of `search_vector()` a stored search document holds: the model's own
        fields (migrations generate the column from exactly this expression)."""
        return self._vector([(name, w) for name, w in self._weighted_fields() if "__" not in name])

    def _related_fields(self):
        return [(name, weight) for name, weight in self._weighted_fields() if "__" in name]

    def _search_document(self):
        if not self.stored_search_document:
            return self.search_vector()
        related = self._vector(self._related_fields())
        if related is None:
            return StoredSearchDocument()
        return CombinedExpression(
            StoredSearchDocument(), "||", related, output_field=SearchVectorField()
        )

    def _full_text_condition(self, words):
        """The records holding every word, as a prefix ("newt fund" finds the Newton Fund)."""
        related = self._related_fields() if self.stored_search_document else []
        if not related:
            queryset = self.alias(search_document=self._search_document())
            return queryset, models.Q(search_document=_prefix_query(words))
        # The stored document lacks the related fields: each word must be in it or in one
        # of them, found through the related table (small) rather than joined row by row.
        queryset = self.alias(search_document=StoredSearchDocument())
        condition = models.Q()
        for word in words:
            found = models.Q(search_document=_prefix_query([word]))
            for name, _weight in related:
                relation, field = name.rsplit("__", 1)
                target = self.model._meta.get_field(relation).related_model
                holders = (
                    target._base_manager.alias(
                        _document=SearchVector(Unaccent(models.F(field)), config="simple")
                    )
                    .filter(_document=_prefix_query([word]))
                    .values("pk")
                )
                found |= models.Q(**{f"{relation}__in": holders})
            condition &= found
        return queryset, condition

    def _full_text_rank(self, words):
        return SearchRank(self._search_document(), _prefix_query(words))

    def _fragment_condition(self, words):
        fields = self._weighted_fields()
        folded = {f"_folded_{i}": Folded(models.F(name)) for i, (name, _) in enumerate(fields)}
        queryset = self.alias(**folded)
        rank = models.Value(0.0)
        condition = models.Q()
        for word in words:
            any_field = models.Q()
            for alias, (_field, weight) in zip(folded, fields, strict=True):
                found = models.Q(**{f"{alias}__contains": word})
                any_field |= found
                rank += models.Case(
                    models.When(found, then=models.Value(_WEIGHT_VALUES[weight])),
                    default=models.Value(0.0),
                    output_field=models.FloatField(),
                )
            condition &= any_field
        return queryset, condition, rank


def _has_field(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).concrete
    except FieldDoesNotExist:
        return False


def _prefix_query(words) -> SearchQuery:
    """Every word, as a prefix; `search_words()` leaves only letters, digits and underscores,
    so the words are safe in a raw query."""
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config="simple"
    )
