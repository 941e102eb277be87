"""Issue #16 (Formats) and #14 (Records): a record's citation by content negotiation on its
page and API URLs, as DOIs give theirs, read back by the parsers reference managers use;
and the meta tags a reference manager's browser connector reads from the page."""

import json
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import bibtexparser
import pytest
import rispy
from rest_framework.test import APIClient

from catalogue.models import CatalogueState
from catalogue.version import catalogue_version
from tests.factories import make_country, make_institution, make_programme

pytestmark = pytest.mark.django_db

BIBTEX = "application/x-bibtex"
RIS = "application/x-research-info-systems"
CSL = "application/vnd.citationstyles.csl+json"


@pytest.fixture
def record():
    make_programme(slug="cern-openlab", name="CERN openlab & Friends", acronym="")
    # The catalogue's release: its last change, in 2021 (the citation's year), not today.
    CatalogueState.objects.filter(pk=1).update(changed=datetime(2021, 3, 4, tzinfo=UTC))
    assert catalogue_version().date.year == 2021
    return "/programmes/cern-openlab/"


def parse_bibtex(body: str):
    library = bibtexparser.parse_string(body)
    assert not library.failed_blocks, library.failed_blocks
    (entry,) = library.entries
    return entry


def check_bibtex(body: str, page_url: str):
    entry = parse_bibtex(body)
    assert entry.entry_type == "misc"
    assert entry.key == "diplohub-programme-cern-openlab"
    # Acronyms keep their capitals under a style that lower-cases titles; `&` is escaped.
    assert entry["title"] == r"{CERN} openlab \& Friends"
    assert entry["publisher"] == "DiploHub"
    assert entry["year"] == "2021"
    assert entry["url"] == page_url
    assert entry["urldate"] == date.today().isoformat()


def check_ris(body: str, page_url: str):
    (entry,) = rispy.loads(body)
    assert entry["type_of_reference"] == "ELEC"
    assert entry["title"] == "CERN openlab & Friends"
    assert entry["publisher"] == "DiploHub"
    assert entry["year"] == "2021"
    assert entry["urls"] == [page_url]
    assert entry["access_date"] == date.today().isoformat()


def check_csl(body: str, page_url: str):
    item = json.loads(body)
    assert item["type"] == "webpage"
    assert item["title"] == "CERN openlab & Friends"
    assert item["publisher"] == "DiploHub"
    assert item["issued"] == {"date-parts": [[2021]]}
    # Read as the response is checked, not when the module was imported (a run that
    # crosses midnight read yesterday's date here).
    today = date.today()
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["URL"] == page_url


CHECKS = [("bibtex", BIBTEX, check_bibtex), ("ris", RIS, check_ris), ("csl", CSL, check_csl)]


@pytest.mark.parametrize(("name", "media_type", "check"), CHECKS)
@pytest.mark.parametrize("base", ["", "/api/v1"])
def test_citation_by_accept_header(client, record, base, name, media_type, check):
    response = client.get(base + record, headers={"accept": media_type})
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == media_type
    check(b"".join(response).decode(), "http://testserver/programmes/cern-openlab/")


@pytest.mark.parametrize(("name", "media_type", "check"), CHECKS)
@pytest.mark.parametrize("base", ["", "/api/v1"])
def test_citation_by_format_parameter(client, record, base, name, media_type, check):
    response = client.get(base + record, {"format": name})
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == media_type
    assert "attachment" in response["Content-Disposition"]
    check(b"".join(response).decode(), "http://testserver/programmes/cern-openlab/")


def test_a_browser_still_gets_the_page_and_caches_are_told_it_varies(client, record):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get(record, headers={"accept": browser})
    assert page["Content-Type"].startswith("text/html")
    assert "Accept" in page["Vary"]
    # The page is cached whole; a citation asked for after it is still a citation.
    cited = client.get(record, headers={"accept": BIBTEX})
    assert cited["Content-Type"].startswith(BIBTEX)
    assert client.get(record)["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("base", ["", "/api/v1"])
def test_an_unknown_format_is_a_400(client, record, base):
    response = client.get(base + record, {"format": "endnote"})
    assert response.status_code == 400
    assert "bibtex" in response.content.decode()


def test_a_list_is_not_cited(record):
    response = APIClient().get("/api/v1/programmes/", {"format": "bibtex"})
    assert response.status_code == 400


def test_every_record_type_is_cited_on_page_and_api(client):
    country = make_country(iso2="CL", name="Chile")
    institution = make_institution(slug="conicyt", name="CONICYT", country=country)
    for url in ["/countries/cl/", "/institutions/conicyt/", "/api/v1/countries/cl/"]:
        response = client.get(url, {"format": "ris"})
        assert response.status_code == 200, url
        (entry,) = rispy.loads(response.content.decode())
        assert entry["urls"][0].endswith(
            "/countries/cl/" if "countries" in url else institution.get_absolute_url()
        )


def test_a_deleted_record_is_gone_in_every_format(client, record):
    from initiatives.models import Programme

    Programme.objects.get(slug="cern-openlab").delete()
    assert client.get(record, {"format": "bibtex"}).status_code == 410
    assert client.get("/api/v1" + record, {"format": "bibtex"}).status_code == 410


def test_no_line_of_a_ris_entry_can_be_forged(client):
    # Written around the model's validator (an old row, or raw SQL): still one line.
    from initiatives.models import Programme

    make_programme(slug="evil", name="Evil")
    Programme.objects.filter(slug="evil").update(name="Evil\nAU  - Forged\r\nER  - ")
    (entry,) = rispy.loads(client.get("/programmes/evil/", {"format": "ris"}).content.decode())
    assert entry["authors"] == ["DiploHub"]
    assert "Forged" in entry["title"]


class MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta.setdefault(attrs["name"], []).append(attrs.get("content"))
        if tag in ("a", "link"):
            self.links.append({"tag": tag, **attrs})


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_page_carries_what_reference_managers_read(client, record, prefix):
    parser = MetaTags()
    parser.feed(client.get(prefix + record).content.decode())
    meta = parser.meta
    assert meta["citation_title"] == ["CERN openlab & Friends"]
    assert meta["citation_publisher"] == ["DiploHub"]
    assert meta["citation_publication_date"] == ["2021"]
    assert meta["citation_date"] == ["2021"]
    assert meta["citation_public_url"] == [f"http://testserver{prefix}{record}"]
    assert meta["DC.title"] == ["CERN openlab & Friends"]
    assert meta["DC.publisher"] == ["DiploHub"]
    # "Cite this record" offers the files, and they are what they say.
    downloads = {link["href"]: link for link in parser.links if link.get("download")}
    assert downloads["?format=bibtex"]["download"].endswith(".bib")
    assert downloads["?format=ris"]["download"].endswith(".ris")
    bib = client.get(prefix + record + "?format=bibtex")
    parse_bibtex(bib.content.decode())


def test_the_citation_sentence_is_in_the_pages_language(client, record):
    assert "(accessed " in client.get(record).content.decode()
    spanish = client.get("/es" + record).content.decode()
    assert "(consultado el " in spanish and "Catálogo DiploHub" in spanish


@pytest.mark.parametrize("extra", [0, 20])
def test_a_citation_runs_a_fixed_number_of_queries(client, record, extra):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(extra):
        make_programme(slug=f"other-{n}")
    counts = []
    for url in (record, "/api/v1" + record):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"format": "bibtex"}).status_code == 200
        counts.append(len(queries))
    # The page: the record, the catalogue's version. The API: the version and the record's
    # (its ETag), the record.
    assert counts == [2, 3]


@pytest.mark.parametrize("method", ["trace", "options"])
def test_other_methods_on_a_record_are_not_cited(record, method):
    response = getattr(APIClient(), method)("/api/v1" + record + "?format=bibtex")
    # TRACE: not allowed, whatever the format; OPTIONS describes the record, it is not one.
    assert response.status_code == (405 if method == "trace" else 400)
    assert response["Content-Type"].startswith("application/json")
