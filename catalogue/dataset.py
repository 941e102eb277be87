"""The catalogue as an open dataset: its licence, what the licence does not cover, and how to
cite a release. The one place these are defined; the footer, the API root, the exports, the
release (`manage.py release`) and the README say what this says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from catalogue.paper import (
    PAPER_AUTHOR,
    PAPER_MONTH,
    PAPER_PUBLISHER,
    PAPER_SERIES,
    PAPER_TITLE,
    PAPER_YEAR,
)

DATASET_TITLE = "DiploHub: a catalogue of science and technology diplomacy"
DATASET_CREATOR = "DiploHub contributors"
DATASET_PUBLISHER = "DiploHub"


@dataclass(frozen=True)
class Licence:
    """A licence as Data Package and SPDX name it."""

    spdx: str  # the SPDX identifier, also the Data Package's `name`
    short: str  # as people write it
    title: str
    url: str


# The catalogue's own data: its records, summaries, classifications, codes and links.
DATA_LICENCE = Licence(
    spdx="CC-BY-4.0",
    short="CC BY 4.0",
    title="Creative Commons Attribution 4.0 International",
    url="https://creativecommons.org/licenses/by/4.0/",
)

# The paper states no licence for its text (its only rights notices are the image credits),
# so this says whose the quotes are and claims nothing more.
RIGHTS = _(
    "The catalogue's own data (records, summaries, classifications, links) is licensed under "
    "%(licence)s. The quotations are the paper's, under its terms: %(paper)s by %(author)s "
    "(%(publisher)s, %(year)s) states no licence for its text, so %(licence)s does not cover "
    "them."
)


def rights() -> str:
    """The rights statement in the active language."""
    return str(RIGHTS) % {
        "licence": DATA_LICENCE.short,
        "paper": PAPER_TITLE,
        "author": PAPER_AUTHOR,
        "publisher": PAPER_PUBLISHER,
        "year": PAPER_YEAR,
    }


def licence_link_header() -> str:
    """An HTTP `Link` header naming the data's licence (RFC 4946's `license` relation), for
    downloads whose format has no place for it (CSV)."""
    return f'<{DATA_LICENCE.url}>; rel="license"'


CITATION = (
    "{creator} ({year}). {title} [dataset], version {version}, {date}. {publisher}. {url}. "
    "Licence {licence}. Derived from {author}, {paper}, {paper_publisher} ({series}), "
    "{paper_year}."
)


def release_citation(*, version: str, date: datetime | None, url: str) -> str:
    """How to cite a release of the dataset (plain text, in English as the data is)."""
    return citation_pattern(
        version=version,
        date=f"{date:%Y-%m-%d}" if date else "undated",
        year=f"{date:%Y}" if date else "n.d.",
        url=url,
    )


def citation_pattern(*, version: str, date: str, year: str, url: str) -> str:
    """The citation of a release, its own parts given as they should read (a date, or a
    placeholder where the page shows the pattern)."""
    return CITATION.format(
        creator=DATASET_CREATOR,
        year=year,
        title=DATASET_TITLE,
        version=version,
        date=date,
        publisher=DATASET_PUBLISHER,
        url=url,
        licence=DATA_LICENCE.spdx,
        author=PAPER_AUTHOR,
        paper=PAPER_TITLE,
        paper_publisher=PAPER_PUBLISHER,
        series=PAPER_SERIES,
        paper_year=PAPER_YEAR,
    )


def source_paper() -> dict:
    """The paper every record rests on, as a Data Package `source` and for JSON-LD."""
    return {
        "title": PAPER_TITLE,
        "author": PAPER_AUTHOR,
        "publisher": PAPER_PUBLISHER,
        "series": PAPER_SERIES,
        "year": PAPER_YEAR,
    }


def paper_json_ld() -> dict:
    """The paper as schema.org describes a report: what every record `isBasedOn`."""
    return {
        "@type": "Report",
        "name": PAPER_TITLE,
        "author": {"@type": "Person", "name": PAPER_AUTHOR},
        "publisher": {"@type": "Organization", "name": PAPER_PUBLISHER},
        "isPartOf": {"@type": "CreativeWorkSeries", "name": PAPER_SERIES},
        "datePublished": f"{PAPER_YEAR}-{PAPER_MONTH:02d}",
        "inLanguage": "en",
    }
