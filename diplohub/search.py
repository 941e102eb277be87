"""Text search that ignores case and accents on SQLite and PostgreSQL alike.

"Bogota" must find "Bogotá". Both sides of a comparison are *folded*: decomposed to NFKD,
stripped of combining marks and case-folded. The query is folded in Python; the columns are
folded by the database: on PostgreSQL with `lower(unaccent(...))` (the `unaccent` extension,
created by a migration), on SQLite with a Python function registered on every connection.
PostgreSQL also matches and ranks through its full-text search (weighted fields); SQLite
matches word fragments and ranks by a weighted count of the fields each word is found in.
"""

import re
import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func, TextField

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
    """PostgreSQL's `unaccent()`, for the documents of its full-text search."""

    function = "UNACCENT"
    output_field = TextField()
    template = "UNACCENT((%(expressions)s)::text)"


def _register_sqlite_functions(sender, connection, **kwargs):
    # SQLite has no unaccent, and its LOWER() only knows ASCII: fold in Python instead.
    if connection.vendor == "sqlite":
        connection.connection.create_function("DIPLOHUB_FOLD", 1, fold, deterministic=True)


connection_created.connect(_register_sqlite_functions, dispatch_uid="diplohub_sqlite_fold")
