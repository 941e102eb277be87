"""'Cite this record': a catalogue record as plain text, BibTeX and RIS."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.utils.translation import gettext as _

from catalogue.paper import PAPER_CITATION

PUBLISHER = "DiploHub"


# LaTeX's special characters in BibTeX field text; a backslash left as it is would start a
# command (such as \input), a tilde or caret would not print.
_BIBTEX = {
    **{char: "\\" + char for char in "{}%&$#_"},
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _one_line(text) -> str:
    """Line breaks and control characters as spaces: each field of a citation is one line
    (in RIS a newline would start a field of the writer's choosing)."""
    return "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in str(text)
    )


def _bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX.get(char, char) for char in _one_line(text))


def citation(record, url: str, *, accessed: date | None = None) -> dict[str, str]:
    """{"text", "bibtex", "ris"} for a record reachable at the absolute `url`."""
    accessed = accessed or date.today()
    # A country or pillar under its name in the reader's language ("Unión Soviética").
    title = _one_line(getattr(record, "local_name", None) or record)
    kind = str(record._meta.verbose_name)
    year = accessed.year
    key = f"diplohub-{record._meta.model_name}-{getattr(record, 'slug', None) or record.pk}"
    text = _(
        "%(publisher)s. “%(title)s” (%(kind)s). DiploHub catalogue of science and technology "
        "diplomacy, %(year)s. %(url)s (accessed %(accessed)s). Based on %(paper)s."
    ) % {
        "publisher": PUBLISHER,
        "title": title,
        "kind": kind,
        "year": year,
        "url": url,
        "accessed": accessed.isoformat(),
        "paper": PAPER_CITATION,
    }
    bibtex = "\n".join(
        [
            f"@misc{{{key.lower()},",
            f"  title        = {{{_bibtex_escape(title)}}},",
            f"  author       = {{{{{PUBLISHER}}}}},",
            f"  year         = {{{year}}},",
            f"  howpublished = {{\\url{{{url}}}}},",
            f"  note         = {{{_bibtex_escape(kind.capitalize())}. Accessed "
            f"{accessed.isoformat()}. Based on {_bibtex_escape(PAPER_CITATION)}}}",
            "}",
        ]
    )
    ris = "\n".join(
        [
            "TY  - ELEC",
            f"TI  - {title}",
            f"AU  - {PUBLISHER}",
            f"PY  - {year}",
            f"UR  - {_one_line(url)}",
            f"Y2  - {accessed.isoformat()}",
            f"N1  - {kind.capitalize()}. Based on {PAPER_CITATION}.",
            "ER  - ",
        ]
    )
    return {"text": text, "bibtex": bibtex, "ris": ris}
