"""How to cite the dataset: CITATION.cff at the repository's root (Citation File Format
1.2.0), and the site's "how to cite" text, agree with catalogue.dataset."""

from pathlib import Path

import yaml

from catalogue import dataset
from catalogue.paper import PAPER_AUTHOR, PAPER_PUBLISHER, PAPER_TITLE, PAPER_YEAR

CITATION_CFF = Path(__file__).resolve().parents[2] / "CITATION.cff"

# CFF 1.2.0's required keys, and those of each person or entity among the authors.
# (cffconvert, the format's validator, needs jsonschema<4, which the API's validators exclude
# from this environment; it passes on this file: `cffconvert --validate`.)
REQUIRED = {"cff-version", "message", "title", "authors"}


def test_citation_cff_is_cff_1_2_0_for_the_dataset():
    citation = yaml.safe_load(CITATION_CFF.read_text(encoding="utf-8"))

    assert set(citation) >= REQUIRED
    assert citation["cff-version"] == "1.2.0"
    assert citation["type"] == "dataset"
    assert citation["title"] == dataset.DATASET_TITLE
    assert citation["license"] == dataset.DATA_LICENCE.spdx
    assert all("name" in author or "family-names" in author for author in citation["authors"])
    [paper] = citation["references"]
    assert paper["title"] == PAPER_TITLE and paper["year"] == PAPER_YEAR
    assert paper["institution"]["name"] == PAPER_PUBLISHER
    [author] = paper["authors"]
    assert f"{author['given-names']} {author['family-names']}" == PAPER_AUTHOR


def test_the_site_says_how_to_cite_a_release_and_links_the_dataset(client, db):
    body = client.get("/about/").content.decode()

    assert "The dataset, and how to cite it" in body
    assert 'href="/api/v1/archive/"' in body and "Download the dataset" in body
    assert (
        "DiploHub contributors (&lt;year&gt;). DiploHub: a catalogue of science and technology "
        "diplomacy [dataset], version &lt;version&gt;, &lt;YYYY-MM-DD&gt;. DiploHub. "
        "http://testserver/api/v1/archive/. Licence CC-BY-4.0."
    ) in body


def test_every_page_states_the_licence_in_its_footer(client, db):
    for url in ("/programmes/", "/es/programmes/"):
        body = client.get(url).content.decode()
        footer = body[body.index('<footer class="site-footer">') :]
        assert 'rel="license" href="https://creativecommons.org/licenses/by/4.0/"' in footer
        assert 'href="/api/v1/archive/"' in footer
    english = client.get("/programmes/").content.decode()
    assert "The quotations are the paper&#x27;s, under its terms" in english
