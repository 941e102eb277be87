"""The paper every record rests on, and the check that a passage is really in it."""

import re
from functools import cache, lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The paper as its cover and first page give it (seeds/); the dataset's metadata (release,
# citation, JSON-LD) reads these.
PAPER_TITLE = "Science and Technology Diplomacy"
PAPER_AUTHOR = "Alexis Roig"
PAPER_PUBLISHER = "Instituto Matías Romero"
PAPER_SERIES = "Analysis Paper 09"
PAPER_YEAR = 2020
PAPER_MONTH = 9
PAPER_CITATION = (
    f"{PAPER_AUTHOR}, {PAPER_TITLE}, {PAPER_PUBLISHER} ({PAPER_SERIES}), September {PAPER_YEAR}"
)

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold white space and drop the markdown emphasis marks of the text file.

    A quote may then span a line or page break of the text and is written without `*`.
    """
    return _SPACE.sub(" ", text.replace("*", "")).strip()


@cache
def paper_text() -> str:
    return normalise(settings.PAPER_PATH.read_text(encoding="utf-8"))


def occurs_in_paper(passage: str) -> bool:
    passage = normalise(passage)
    return bool(passage) and passage in paper_text()


def validate_in_paper(value: str) -> None:
    """Field validator: the value must be a verbatim passage of the paper."""
    if value and not occurs_in_paper(value):
        raise ValidationError(
            _("This passage does not occur in the paper: “%(start)s…”."),
            code="not_in_paper",
            params={"start": normalise(value)[:80]},
        )


# Evidence and pillar bases are passages, not fragments: "0" or "the" occur in the paper too.
MIN_PASSAGE_WORDS = 3


def validate_passage(value: str) -> None:
    """Field validator for evidence: a verbatim passage of the paper of a few words at least."""
    validate_in_paper(value)
    if value and len(normalise(value).split()) < MIN_PASSAGE_WORDS:
        raise ValidationError(
            _("A passage needs at least %(words)s words of the paper."),
            code="passage_too_short",
            params={"words": MIN_PASSAGE_WORDS},
        )


_SENTENCE_END = (".", "!", "?", ".”", '."', "?”", "!”", ".’")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"  # the paper's footnote marks
# What may sit between a sentence's end and the next one's start: footnote marks, closing
# quotes and brackets ("peace.¹ And", "(see below.) Then").
_CLOSERS = SUPERSCRIPTS + "”’\"')"
# A footnote's number where its text starts: "[8] The European Organization ...".
_FOOTNOTE_NUMBER = re.compile(r"(?:^|\n)\[\d+\] ?$")


@cache
def _paper_with_breaks() -> str:
    """The paper as `paper_text()`, character for character, but with a line break where the
    text file has one: a heading, a list item or a paragraph ends there."""
    text = settings.PAPER_PATH.read_text(encoding="utf-8").replace("*", "")
    text = _SPACE.sub(lambda m: "\n" if "\n" in m.group() else " ", text).strip()
    return text


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith((".", "!", "?")) or text.endswith(_SENTENCE_END)


def _starts_at_sentence(before: str) -> bool:
    """Whether what precedes a passage in the paper ends a sentence, line or paragraph."""
    before = _FOOTNOTE_NUMBER.sub("\n", before).rstrip(" ")
    return not before or before.endswith("\n") or _ends_sentence(before.rstrip("•·–- "))


def _stops_at_sentence(passage: str, after: str) -> bool:
    """Whether a passage ends its sentence: with its own full stop, or just before the full
    stop or the end of a line (a heading, a list item), but not at a page's end, where the
    page's footnotes or another fragment come between a sentence's two halves."""
    after = after.lstrip(_CLOSERS + " ")
    if (after.startswith("\n") and after[1:2].islower()) or after.startswith("\n["):
        # A page ends mid-sentence: what follows the break goes on in lower case, or is the
        # page's footnotes.
        return _ends_sentence(passage)
    return _ends_sentence(passage) or not after or after[0] in ".!?\n"


@lru_cache(maxsize=4096)
def sentence_bounds(passage: str) -> tuple[bool, bool] | None:
    """(starts a sentence, ends one) for a passage of the paper, read from the paper itself;
    None if the passage is not in it. Of several occurrences, the one cut the least."""
    text = normalise(passage)
    paper, found = _paper_with_breaks(), None
    start = paper_text().find(text) if text else -1
    while start != -1:
        end = start + len(text)
        bounds = (
            _starts_at_sentence(paper[max(start - 12, 0) : start]) and not text[0].islower(),
            _stops_at_sentence(text, paper[end : end + 12]),
        )
        if found is None or sum(bounds) > sum(found):
            found = bounds
        start = paper_text().find(text, start + 1)
    return found


def as_excerpt(passage: str) -> str:
    """The passage with an ellipsis where it starts or stops inside a sentence of the paper.

    Where the passage is in the paper, the paper decides: does the text before it end a
    sentence (or a line), does the passage or the text after it end one? Otherwise
    (a passage not yet checked) conservatively from the passage alone: a lower-case first
    letter starts mid-sentence, no final full stop, question or exclamation mark stops
    mid-sentence.
    """
    text = normalise(passage)
    if not text:
        return text
    bounds = sentence_bounds(text)
    if bounds is None:
        bounds = (not text[0].islower(), text.endswith(_SENTENCE_END))
    starts, stops = bounds
    if not starts:
        text = "…" + text
    if not stops:
        text = text.rstrip(",;:") + "…"
    return text
