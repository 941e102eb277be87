"""'Cite this record': a catalogue record as plain text, BibTeX, RIS and CSL JSON.

One `Citation` per record page and API record; the formats a reference manager takes are
served by content negotiation on the record's URL, as DOIs are (`Accept:
application/x-bibtex`, ...), or with `?format=bibtex|ris|csl`. The year is the catalogue
release's (the date the catalogue last changed), not the day of reading, so two people citing
the same release cite the same year; the access date is the day of reading.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from django.http import HttpResponse
from django.utils.translation import gettext as _

from catalogue.paper import PAPER_CITATION

PUBLISHER = "DiploHub"
CONTAINER = "DiploHub catalogue of science and technology diplomacy"
FORMAT_PARAMETER = "format"


# LaTeX's special characters in BibTeX field text; a backslash left as it is would start a
# command (such as \input), a tilde or caret would not print.
_BIBTEX = {
    **{char: "\\" + char for char in "{}%&$#_"},
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_WORD = re.compile(r"[^\W_]+")


def _one_line(text) -> str:
    """Line breaks and control characters as spaces: each field of a citation is one line
    (in RIS a newline would start a field of the writer's choosing)."""
    return "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in str(text)
    )


def _bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX.get(char, char) for char in _one_line(text))


def _bibtex_title(text: str) -> str:
    """Escaped, with each word that has a capital past its first letter (CERN, iGEM) in
    braces: bibliography styles lower-case titles, and `{CERN}` keeps its capitals."""
    text = _one_line(text)
    parts, end = [], 0
    for match in _WORD.finditer(text):
        parts.append(_bibtex_escape(text[end : match.start()]))
        word = match.group()
        parts.append(f"{{{word}}}" if any(char.isupper() for char in word[1:]) else word)
        end = match.end()
    parts.append(_bibtex_escape(text[end:]))
    return "".join(parts)


@dataclass(frozen=True)
class Citation:
    """How to cite one record of one catalogue release, read at `url` on `accessed`."""

    title: str
    kind: str  # the record type, in the reader's language ("programme")
    key: str  # a citation key: diplohub-programme-newton-fund
    url: str
    accessed: date
    released: date | None  # when the catalogue last changed; None before any record
    publisher: ClassVar[str] = PUBLISHER

    @classmethod
    def of(cls, record, url: str, *, released: datetime | None, accessed: date | None = None):
        key = getattr(record, "natural_key_field", None)
        key = getattr(record, key) if key else record.pk
        return cls(
            # A country or pillar under its name in the reader's language ("Unión Soviética").
            title=_one_line(getattr(record, "local_name", None) or record),
            kind=str(record._meta.verbose_name),
            key=f"diplohub-{record._meta.model_name}-{key}".lower(),
            url=_one_line(url),
            accessed=accessed or date.today(),
            released=released.date() if isinstance(released, datetime) else released,
        )

    @property
    def year(self) -> int:
        return (self.released or self.accessed).year

    @property
    def text(self) -> str:
        """The citation as a sentence, in the reader's language (the files are data)."""
        return _(
            "%(publisher)s. “%(title)s” (%(kind)s). %(container)s, %(year)s. %(url)s "
            "(accessed %(accessed)s). Based on %(paper)s."
        ) % {
            "publisher": PUBLISHER,
            "title": self.title,
            "kind": self.kind,
            "container": _("DiploHub catalogue of science and technology diplomacy"),
            "year": self.year,
            "url": self.url,
            "accessed": self.accessed.isoformat(),
            "paper": PAPER_CITATION,
        }

    @property
    def note(self) -> str:
        return f"{self.kind.capitalize()}. Based on {PAPER_CITATION}."

    @property
    def bibtex(self) -> str:
        return "\n".join(
            [
                f"@misc{{{self.key},",
                f"  title        = {{{_bibtex_title(self.title)}}},",
                f"  author       = {{{{{PUBLISHER}}}}},",
                f"  publisher    = {{{PUBLISHER}}},",
                f"  year         = {{{self.year}}},",
                f"  howpublished = {{\\url{{{self.url}}}}},",
                f"  url          = {{{self.url}}},",
                f"  urldate      = {{{self.accessed.isoformat()}}},",
                f"  note         = {{{_bibtex_escape(self.note)} Accessed "
                f"{self.accessed.isoformat()}.}}",
                "}",
                "",
            ]
        )

    @property
    def ris(self) -> str:
        return "\n".join(
            [
                "TY  - ELEC",
                f"TI  - {self.title}",
                f"AU  - {PUBLISHER}",
                f"PB  - {PUBLISHER}",
                f"PY  - {self.year}",
                f"UR  - {self.url}",
                f"Y2  - {self.accessed.isoformat()}",
                f"N1  - {_one_line(self.note)}",
                "ER  - ",
                "",
            ]
        )

    @property
    def csl(self) -> dict:
        """CSL JSON, one item (as a DOI's content negotiation gives it)."""
        accessed = self.accessed
        return {
            "id": self.key,
            "type": "webpage",
            "title": self.title,
            "genre": self.kind,
            "author": [{"literal": PUBLISHER}],
            "publisher": PUBLISHER,
            "container-title": CONTAINER,
            "issued": {"date-parts": [[self.year]]},
            "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
            "URL": self.url,
            "note": self.note,
        }


@dataclass(frozen=True)
class CitationFormat:
    name: str  # the value of `?format=`
    media_type: str
    extension: str
    write: Callable[[Citation], str]


FORMATS = {
    fmt.name: fmt
    for fmt in (
        CitationFormat("bibtex", "application/x-bibtex", "bib", lambda c: c.bibtex),
        CitationFormat("ris", "application/x-research-info-systems", "ris", lambda c: c.ris),
        CitationFormat(
            "csl",
            "application/vnd.citationstyles.csl+json",
            "json",
            lambda c: json.dumps(c.csl, ensure_ascii=False, indent=2),
        ),
    )
}
MEDIA_TYPES = {fmt.media_type: fmt for fmt in FORMATS.values()}


def requested_format(request) -> CitationFormat | None:
    """The citation format a record page's request asks for: `?format=` first, else the
    `Accept` header when it prefers a citation format to HTML; None for the page itself.
    ValueError for an unknown or repeated `format`."""
    names = request.GET.getlist(FORMAT_PARAMETER)
    if names:
        if len(names) > 1 or names[0] not in FORMATS:
            raise ValueError(
                _("Unknown format; use one of: %(formats)s.") % {"formats": ", ".join(FORMATS)}
            )
        return FORMATS[names[0]]
    # HTML first: a browser's `*/*` and a missing Accept header get the page.
    preferred = request.get_preferred_type(["text/html", *MEDIA_TYPES])
    return MEDIA_TYPES.get(preferred)


def citation_response(citation: Citation, fmt: CitationFormat) -> HttpResponse:
    response = HttpResponse(fmt.write(citation), content_type=f"{fmt.media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{citation.key}.{fmt.extension}"'
    response["Vary"] = "Accept"
    return response
