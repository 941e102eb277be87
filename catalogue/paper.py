"""The paper every record rests on, and the check that a passage is really in it."""

import re
from functools import cache

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


def as_excerpt(passage: str) -> str:
    """The passage with an ellipsis where it starts or stops inside a sentence of the paper.

    Conservative: a passage opening with a lower-case letter starts mid-sentence, and one not
    ending with a full stop, question or exclamation mark stops mid-sentence; a fragment
    opening with a capital (a name) is shown without a leading ellipsis.
    """
    text = normalise(passage)
    if not text:
        return text
    if text[0].islower():
        text = "…" + text
    if not text.endswith(_SENTENCE_END):
        text = text.rstrip(",;:") + "…"
    return text
