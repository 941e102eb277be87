"""`mark_words()`, the fast marking of matched words, marks exactly what the plain
character-by-character algorithm below marks."""

import random
import re

import pytest
from django.utils.html import escape

from catalogue.search import fold, mark_words, search_words


def marked_char_by_char(text, query) -> str:
    """The reference: fold each character, mark each one a match covers, escape each."""
    text = "" if text is None else str(text)
    words = search_words(query or "")
    if not words or not text:
        return escape(text)
    folded, positions = [], []
    for index, char in enumerate(text):
        for folded_char in fold(char):
            folded.append(folded_char)
            positions.append(index)
    marked = [False] * len(text)
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))
    for match in pattern.finditer("".join(folded)):
        for index in positions[match.start() : match.end()]:
            marked[index] = True
    html, inside = [], False
    for char, is_marked in zip(text, marked, strict=True):
        if is_marked != inside:
            html.append("<mark>" if is_marked else "</mark>")
            inside = is_marked
        html.append(escape(char))
    if inside:
        html.append("</mark>")
    return "".join(html)


TEXTS = [
    "",
    None,
    "Newton Fund",
    "Bogotá science agenda",
    "Met in BOGOTÁ in 2019.",
    "Bogota\u0301 decomposed, e\u0301te\u0301",
    "Straße and STRASSE, ﬁnance, Ǆemal",
    "<script>alert('x')</script> & \"fund\"",
    "fundfund fund-fund ffund",
    "Cooperação científica, Ciência e Tecnologia, São Paulo",
]
QUERIES = [
    "bogota",
    "BOGOTÁ",
    "fund",
    "fun fund",
    "strasse",
    "fi",
    "e",
    "ciencia sao",
    "x",
    "!!",
    "",
]


@pytest.mark.parametrize("query", QUERIES)
def test_marks_as_the_reference_does(query):
    for text in TEXTS:
        assert mark_words(text, query) == marked_char_by_char(text, query)


def test_marks_as_the_reference_does_on_random_text():
    rng = random.Random(7)
    alphabet = "abcdefABCDEF éÉèüÜßñÑ\u0301ﬁ<>&\"'-.,0123"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        query = " ".join(
            "".join(rng.choice("abcdeéfü") for _ in range(rng.randint(1, 3)))
            for _ in range(rng.randint(1, 3))
        )
        assert mark_words(text, query) == marked_char_by_char(text, query), (text, query)


def test_touching_matches_share_one_mark():
    assert mark_words("fundfund fun", "fund") == "<mark>fundfund</mark> fun"
    assert mark_words("Bogotá", "bogota") == "<mark>Bogotá</mark>"
