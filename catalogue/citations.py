"""'Cite this record': a catalogue record as plain text, BibTeX and RIS."""

from __future__ import annotations

from datetime import date

from catalogue.paper import PAPER_CITATION

PUBLISHER = "DiploHub"


def _bibtex_escape(text: str) -> str:
    return "".join("\\" + char if char in "{}%&$#_" else char for char in str(text))


def citation(record, url: str, *, accessed: date | None = None) -> dict[str, str]:
    """{"text", "bibtex", "ris"} for a record reachable at the absolute `url`."""
    accessed = accessed or date.today()
    title = str(record)
    kind = str(record._meta.verbose_name)
    year = accessed.year
    key = f"diplohub-{record._meta.model_name}-{getattr(record, 'slug', None) or record.pk}"
    text = (
        f"{PUBLISHER}. “{title}” ({kind}). DiploHub catalogue of science and technology "
        f"diplomacy, {year}. {url} (accessed {accessed.isoformat()}). Based on {PAPER_CITATION}."
    )
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
            f"UR  - {url}",
            f"Y2  - {accessed.isoformat()}",
            f"N1  - {kind.capitalize()}. Based on {PAPER_CITATION}.",
            "ER  - ",
        ]
    )
    return {"text": text, "bibtex": bibtex, "ris": ris}
