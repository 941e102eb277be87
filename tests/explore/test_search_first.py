"""The search page puts a record named exactly as the query first, then names holding
every word, then the rest by rank."""

import re

from tests.explore.conftest import slugs


def test_an_exact_name_comes_first(client, full_catalogue):
    rows = slugs(client.get("/search/", {"q": "Mexico"}))
    assert rows[0] == "mx"  # the country, before footnotes and programmes that mention it


def test_an_acronym_comes_first(client, full_catalogue):
    rows = slugs(client.get("/search/", {"q": "amexcid"}))
    assert rows[0] == "amexcid"


def test_names_holding_every_word_come_before_other_matches(client, full_catalogue):
    body = client.get("/search/", {"q": "Newton Fund"}).content.decode()
    rows = slugs(client.get("/search/", {"q": "Newton Fund"}))
    assert rows[0] == "newton-fund"
    titles = re.findall(r'<h3 class="row__title"><a[^>]*>(.*?)</a></h3>', body)
    named = [bool(re.search("Newton", t) and re.search("Fund", t)) for t in titles]
    assert named == sorted(named, reverse=True)  # every such name before the others
