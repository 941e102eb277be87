"""Record pages as a reader meets them: quotes cut where the paper's sentences are cut,
footnotes readable in place, figures once, the side column, and the Spanish site."""

import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Evidence
from catalogue.paper import as_excerpt, sentence_bounds
from initiatives.models import ProgrammePillar
from tests.explore.test_i18n import switcher_links
from tests.factories import make_country

# ------------------------------------------------------------- quotes and the paper's sentences


@pytest.mark.parametrize(
    ("passage", "shown"),
    [
        # A whole sentence, after a heading: no ellipsis.
        (
            "Science has become a strategic instrument of diplomacy and international affairs.",
            "Science has become a strategic instrument of diplomacy and international affairs.",
        ),
        # Starts after "peace.¹ " (a sentence's end and its footnote mark), stops mid-sentence.
        (
            "And to the extent that a country's prosperity and economic success",
            "And to the extent that a country's prosperity and economic success…",
        ),
        # Starts with a capital inside a sentence: the paper, not the capital, decides.
        (
            "Technical Knowledge and Innovation Council as a consultative body",
            "…Technical Knowledge and Innovation Council as a consultative body…",
        ),
        # Stops just before the full stop and its footnote mark: no word of it is left out.
        (
            "The soft power of science fosters participation and the free exchange of ideas, "
            "thereby contributing to progress, innovation and peace",
            "The soft power of science fosters participation and the free exchange of ideas, "
            "thereby contributing to progress, innovation and peace",
        ),
        (
            "Its new role is the result of the redefinition of challenges that affect us all",
            "Its new role is the result of the redefinition of challenges that affect us all…",
        ),
        # A footnote's text from its start ("[8] The European ...").
        (
            "The European Organization for Nuclear Research (CERN) is a European research body",
            "The European Organization for Nuclear Research (CERN) is a European research body…",
        ),
    ],
)
def test_the_papers_text_decides_where_a_quote_is_cut(passage, shown):
    assert as_excerpt(passage) == shown


def test_every_passage_of_the_catalogue_is_placed_in_the_papers_sentences(full_catalogue):
    """The ellipsis of every quote in the catalogue comes from the paper, not from a guess."""
    passages = [
        *Evidence.objects.values_list("quote", flat=True),
        *ProgrammePillar.objects.values_list("basis", flat=True),
    ]
    assert len(passages) > 300
    assert [p for p in passages if sentence_bounds(p) is None] == []


def body_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def section(body: str, heading_id: str) -> str:
    start = body.index(f'id="{heading_id}"')
    return body[start : body.index("</section>", start)]


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_quotes_show_where_the_paper_cuts_them(client, full_catalogue):
    cern = text(section(body_of(client, "/programmes/cern/"), "evidence-heading"))
    # Cut after its subject: an ellipsis at the end only.
    assert (
        "Two prime examples are the European Organization for Nuclear Research (CERN), "
        "established after World War II…"
    ) in cern
    assert "…Two prime" not in cern
    # The footnote's text, quoted whole from its start: no ellipsis.
    assert "\n…The European Organization" not in cern and "…The European" not in cern

    # One sentence of the paper quoted in two passages, around a page's footnotes.
    cepi = text(
        section(
            body_of(client, "/programmes/cepi-covid-19-vaccine-development/"), "evidence-heading"
        )
    )
    assert "Mexican molecular biologist Raúl Gómez Román is…" in cepi
    assert "…participating in the development of a Covid-19 vaccine" in cepi


# ------------------------------------------------------------------------ footnotes in place


def test_a_quotes_footnotes_are_readable_in_place_and_link_to_the_references(
    client, full_catalogue
):
    evidence = section(body_of(client, "/programmes/cern/"), "evidence-heading")
    disclosure = evidence[evidence.index('<details class="footnotes">') :]
    disclosure = disclosure[: disclosure.index("</details>")]
    assert "<summary>Footnote 8</summary>" in disclosure
    assert 'href="/references/#fn8"' in disclosure
    assert "The organization has 22 member states and is officially overseen by the United" in (
        text(disclosure)
    )


def test_footnote_marks_printed_inside_a_quote_link_to_their_footnote(client, full_catalogue):
    body = body_of(client, "/programmes/cern/")
    assert re.search(
        r'World War II;<a class="footnote-mark" href="/references/#fn8"[^>]*>⁸</a>', body
    )
    cepi = body_of(client, "/es/programmes/cepi-covid-19-vaccine-development/")
    assert re.search(
        r'<a class="footnote-mark" href="/es/references/#fn57" aria-label="Nota 57">⁵⁷</a>', cepi
    )


# ---------------------------------------------------------------------------- figures once


def test_a_figure_is_shown_once_and_its_quantity_only_where_it_adds(client, full_catalogue):
    cern = text(section(body_of(client, "/programmes/cern/"), "figures-heading"))
    assert cern.count("22") == 1  # "22 member states", not again as "22 member states"
    gcrf = text(
        section(body_of(client, "/programmes/global-challenges-research-fund/"), "figures-heading")
    )
    assert "£1.5-billion (1,500,000,000 GBP)" in gcrf  # the printed figure does not say it


# ---------------------------------------------------------------------------- the side column


@pytest.mark.parametrize(
    "path",
    [
        "/programmes/cern/",
        "/institutions/cern/",
        "/countries/mx/",
        "/cities/mexico-city/",
        "/pillars/science-for-diplomacy/",
    ],
)
def test_facts_citation_and_take_away_sit_beside_the_record(client, full_catalogue, path):
    body = body_of(client, path)
    layout = body[body.index('class="record__layout"') :]
    facts = layout.index('class="record__facts"')
    main = layout.index('class="record__main"')
    side = layout.index('class="record__side"')
    assert facts < main < side  # on a phone: facts, then the text, then cite and take away
    assert '<dl class="facts">' in layout[facts:main]
    assert "Cite this record" in layout[side:] and "Take this record away" in layout[side:]
    api_link = re.search(r'<a href="([^"]+)" type="application/json">', layout[side:]).group(1)
    assert client.get(api_link).status_code == 200


def test_a_record_the_paper_does_not_locate_says_so(client, full_catalogue):
    facts = text(section(body_of(client, "/programmes/cern/"), "facts-heading"))
    assert "Location not stated in the paper" in facts
    switzerland = text(body_of(client, "/countries/ch/"))
    assert "The paper locates no programme in Switzerland" in switzerland


# ------------------------------------------------------------------------------- in Spanish


def test_pillars_citation_and_former_countries_are_in_spanish(client, full_catalogue):
    cern = body_of(client, "/es/programmes/cern/")
    assert ">Ciencia para la diplomacia</a>" in cern
    assert "Catálogo DiploHub de diplomacia científica y tecnológica" in text(cern)
    soviet = text(body_of(client, "/es/countries/su/"))
    assert "DiploHub. «Unión Soviética» (país)." in soviet
    pillar = body_of(client, "/es/pillars/diplomacy-for-science/")
    assert "<h1>Diplomacia para la ciencia</h1>" in pillar
    facet = body_of(client, "/es/programmes/?pillar=science-in-diplomacy")
    assert "Pilar: Ciencia en la diplomacia" in text(facet)  # the chip


def names_in_order(body: str, pattern: str) -> list[str]:
    return [html.unescape(name) for name in re.findall(pattern, body)]


def test_spanish_lists_are_sorted_by_their_spanish_names(client, full_catalogue):
    row = r'<h3 class="row__title"><a href="/es/countries/[a-z]{2}/">([^<]+)</a>'
    listed = names_in_order(body_of(client, "/es/countries/?page_size=100"), row)
    assert listed.index("Alemania") < listed.index(
        "Argentina"
    )  # Germany, after Argentina in English
    assert listed.index("Estados Unidos") < listed.index("Federación Rusa") < listed.index("Japón")
    assert listed[-1] == "Unión Soviética"
    descending = names_in_order(body_of(client, "/es/countries/?page_size=100&ordering=-name"), row)
    assert descending == listed[::-1]
    english = names_in_order(
        body_of(client, "/countries/?page_size=100"),
        r'<h3 class="row__title"><a href="/countries/[a-z]{2}/">([^<]+)</a>',
    )
    assert english.index("Argentina") < english.index("Germany")

    api = client.get("/api/v1/countries/?page_size=100", HTTP_ACCEPT_LANGUAGE="es").json()
    iso = [country["id"] for country in api["results"]]
    assert iso.index("DE") < iso.index("AR")  # the API sorts as the page does

    options = names_in_order(
        body_of(client, "/es/compare/"), r'<option value="[A-Z]{2}">([^<]+)</option>'
    )
    options = options[: len(set(options))]  # the first of the four pickers
    assert options == listed  # accents aside: "Países Bajos" before "Panamá"
    assert options.index("Canadá") < options.index("Chile")


def _list_queries(client, path: str) -> int:
    cache.clear()
    client.get(path)  # what a process builds once per catalogue version
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path + "&page=1").status_code == 200
    return len(queries)


def test_sorting_by_spanish_names_takes_a_fixed_number_of_queries(client, db):
    codes = iter(f"{a}{b}" for a in "QX" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for _ in range(3):
        code = next(codes)
        make_country(iso2=code, iso3=f"{code}Z")
    few = _list_queries(client, "/es/countries/?ordering=name")
    for _ in range(30):
        code = next(codes)
        make_country(iso2=code, iso3=f"{code}Z")
    assert _list_queries(client, "/es/countries/?ordering=name") == few


PAGES = [
    "/",
    "/programmes/?country=MX&status=active",
    "/programmes/cern/?as_of=2020-01-01",
    "/programmes/cern/changes/",
    "/institutions/?kind=university",
    "/institutions/cern/",
    "/countries/?region=americas",
    "/countries/mx/",
    "/cities/?country=MX",
    "/cities/mexico-city/",
    "/pillars/",
    "/pillars/science-for-diplomacy/",
    "/references/?q=CERN",
    "/search/?q=CERN",
    "/compare/?countries=MX,CL",
    "/timeline/?country=MX",
    "/map/",
]


@pytest.mark.parametrize("path", PAGES)
def test_the_language_switch_keeps_the_page_and_its_query(client, full_catalogue, path):
    english = client.get(path)
    assert english.status_code in (200, 404)  # an old version before the record existed: 404
    assert switcher_links(english.content.decode()) == {"es": f"/es{path}"}
    spanish = client.get(f"/es{path}")
    assert spanish.status_code == english.status_code
    assert switcher_links(spanish.content.decode()) == {"en": path}
