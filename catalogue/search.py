"""Text search that ignores case and accents on SQLite and PostgreSQL alike.

"Bogota" must find "Bogotá". Both sides of a comparison are *folded*: decomposed to NFKD,
stripped of combining marks and case-folded. The query is folded in Python; the columns are
folded by the database: on PostgreSQL with `lower(unaccent(...))` (the `unaccent` extension,
created by a migration), on SQLite with a Python function registered on every connection.
PostgreSQL also matches and ranks through its full-text search (weighted fields); SQLite
matches word fragments and ranks by a weighted count of the fields each word is found in.
"""

import functools
import re
import unicodedata
from difflib import SequenceMatcher
from html import escape as html_escape

from django.contrib.postgres.search import SearchVectorField
from django.db.backends.signals import connection_created
from django.db.models import Expression, FloatField, Func, TextField
from django.utils.html import escape
from django.utils.safestring import mark_safe

_WORD = re.compile(r"\w+")


def fold(text: str | None) -> str | None:
    """The text as search compares it: no accents, no case ("Bogotá" -> "bogota")."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def search_words(text: str) -> list[str]:
    """The folded words of a query, without punctuation or duplicates, in their order."""
    words = []
    for word in _WORD.findall(fold(text or "")):
        if word not in words:
            words.append(word)
    return words[:12]


_fold_char = functools.lru_cache(maxsize=4096)(fold)
_ASCII_RUN_OR_OTHER_CHAR = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]")


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index it came from."""
    folded, positions = [], []
    for chunk in _ASCII_RUN_OR_OTHER_CHAR.finditer(text):
        start, end = chunk.span()
        if end - start > 1 or chunk.group().isascii():  # ASCII folds as lower() does
            folded.append(chunk.group().lower())
            positions.extend(range(start, end))
        else:  # one other character: none, one or several once folded ("ß" -> "ss")
            folded_char = _fold_char(chunk.group())
            folded.append(folded_char)
            positions.extend([start] * len(folded_char))
    return "".join(folded), positions


def mark_words(text, query) -> str:
    """The text, escaped, with the query's words in `<mark>`, whatever their case or accents.

    ASCII text (nearly all of it) folds character for character with `lower()`, so the
    matches are marked by slicing; other text is folded character by character to map
    each match back to the characters it came from.
    """
    text = "" if text is None else str(text)
    words = search_words(query or "")
    if not words or not text:
        return escape(text)
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))
    if text.isascii():
        runs = [list(match.span()) for match in pattern.finditer(text.lower())]
    else:
        folded, positions = _folded_with_positions(text)
        marked = sorted(
            {
                index
                for match in pattern.finditer(folded)
                for index in positions[slice(*match.span())]
            }
        )
        runs = [[index, index + 1] for index in marked]
    html, end = [], 0
    for start, stop in runs:
        if html and start == end:  # touching the previous mark: one mark for both
            html[-2] += html_escape(text[start:stop])
        else:
            html += [
                html_escape(text[end:start]),
                "<mark>",
                html_escape(text[start:stop]),
                "</mark>",
            ]
        end = stop
    html.append(html_escape(text[end:]))
    return mark_safe("".join(html))


class Folded(Func):
    """A column folded by the database as `fold()` folds the query."""

    function = "LOWER"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="DIPLOHUB_FOLD", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="LOWER(UNACCENT((%(expressions)s)::text))"
        )


class Unaccent(Func):
    """PostgreSQL's `unaccent()`, for the documents of its full-text search.

    Through `diplohub_unaccent()`, an IMMUTABLE wrapper (unaccent itself is only STABLE), so
    that the search documents can be indexed; see `search_index_sql()`.
    """

    function = "DIPLOHUB_UNACCENT"
    output_field = TextField()
    template = "DIPLOHUB_UNACCENT((%(expressions)s)::text)"


def word_similarity(query: str | None, text: str | None) -> float:
    """How close the (folded) query comes to some run of as many words of the text, from 0
    to 1: difflib's ratio, SQLite's stand-in for pg_trgm's `word_similarity()`. "sao paulo"
    is 0.89 from "São Paulo (state)", "conacit" 0.86 from "CONACYT"."""
    if not query or not text:
        return 0.0
    words = search_words(text)
    size = max(1, len(query.split()))
    runs = {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(query)
    best = 0.0
    for run in runs:
        matcher.set_seq1(run)
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    return best


class WordSimilarity(Func):
    """How close a folded query comes to a run of a (folded) column's words, from 0 to 1:
    pg_trgm's `word_similarity()` on PostgreSQL (the extension is created by a migration),
    difflib through `word_similarity()` on SQLite."""

    function = "WORD_SIMILARITY"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="DIPLOHUB_WORD_SIMILARITY", **extra_context
        )


SEARCH_DOCUMENT_COLUMN = "search_document"

# The models whose search document PostgreSQL keeps in a generated, GIN-indexed column
# (each app's `search_documents` migration): every searched model, since parsing
# long texts on every search costs more than storing them (a few milliseconds even for the
# three pillars' definitions and the 58 footnotes).
STORED_SEARCH_DOCUMENTS = frozenset(
    {
        "initiatives.Programme",
        "initiatives.Institution",
        "catalogue.Pillar",
        "catalogue.Reference",
        "countries.Country",
        "countries.City",
    }
)


class StoredSearchDocument(Expression):
    """The stored `search_document` column of the query's base table (PostgreSQL only).

    The column is generated by the database, so no model field declares it; the alias is
    taken at compile time, so the expression also works inside subqueries (U0 ...).
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        column = connection.ops.quote_name(SEARCH_DOCUMENT_COLUMN)
        return f"{compiler.quote_name_unless_alias(alias)}.{column}", []


def _register_sqlite_functions(sender, connection, **kwargs):
    # SQLite has no unaccent, and its LOWER() only knows ASCII: fold in Python instead.
    if connection.vendor == "sqlite":
        connection.connection.create_function("DIPLOHUB_FOLD", 1, fold, deterministic=True)
        connection.connection.create_function(
            "DIPLOHUB_WORD_SIMILARITY", 2, word_similarity, deterministic=True
        )


connection_created.connect(_register_sqlite_functions, dispatch_uid="diplohub_sqlite_fold")
