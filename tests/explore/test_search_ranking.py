"""The search page's best matches: found and ranked as `search()` finds and ranks them."""

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection

from catalogue.models import records as searchable
from countries.models import City
from explore.views import PER_TYPE, SEARCHED
from initiatives.models import Programme
from tests.explore.conftest import slugs
from tests.factories import make_city, make_country, make_programme

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored search documents are PostgreSQL's"
)


@pytest.fixture
def andes(db):
    colombia = make_country(iso2="CO", iso3="COL", name="Colombia", region="americas")
    peru = make_country(iso2="PE", iso3="PER", name="Perú", region="americas")
    make_city(name="Bogotá", slug="bogota", country=colombia, summary="The capital.")
    make_city(name="Cusco", slug="cusco", country=peru, summary="Andean, far from Colombia.")
    make_city(name="Lima", slug="lima", country=peru, summary="The capital.")


def test_a_city_is_found_by_its_country_name(client, andes):
    assert slugs(client.get("/search/", {"q": "peru"})) == ["pe", "cusco", "lima"]
    assert slugs(client.get("/search/", {"q": "capital peru"})) == ["lima"]
    rows = slugs(client.get("/search/", {"q": "colombia"}))
    assert rows.index("bogota") < rows.index("cusco")  # its country's name, not a summary


@pytest.fixture
def deltas(db):
    for n in range(5):
        make_programme(slug=f"plain-{n}", name=f"Plain {n}", summary="About the delta.")
    make_programme(slug="named", name="Delta fund", summary="A fund.")


def test_best_matches_are_the_best_ranked_matches(deltas):
    best = list(Programme.objects.best_matches("delta", 3))
    ranked = Programme.objects.search("delta").by_name_match("delta")
    assert best == list(ranked.order_by("-name_match", "-search_rank", "pk")[:3])
    assert best[0].slug == "named"


def test_few_candidates_still_fill_the_page(deltas, monkeypatch):
    monkeypatch.setattr(searchable, "SEARCH_CANDIDATES", 1)
    best = list(Programme.objects.best_matches("delta", 4))
    assert len(best) == 4
    ranks = [(programme.name_match, programme.search_rank) for programme in best]
    assert ranks == sorted(ranks, reverse=True)


@postgresql_only
@pytest.mark.parametrize("words", ["peru", "capital", "capital peru", "andean colombia"])
def test_a_stored_document_finds_and_ranks_as_the_computed_one(andes, words):
    query = SearchQuery(
        " & ".join(f"{word}:*" for word in words.split()), search_type="raw", config="simple"
    )
    vector = City.objects.search_vector()
    computed = dict(
        City.objects.alias(document=vector)
        .filter(document=query)
        .annotate(rank=SearchRank(vector, query))
        .values_list("slug", "rank")
    )
    assert computed
    assert dict(City.objects.search(words).values_list("slug", "search_rank")) == computed


@pytest.mark.parametrize("words", ["a", "s", "de", "science", "fund", "bogota"])
def test_the_paper_s_catalogue_is_ranked_exactly(full_catalogue, words):
    for model, _list in SEARCHED:
        found = model.objects.search(words).by_name_match(words)
        exact = found.order_by("-name_match", "-search_rank", "pk")[: PER_TYPE + 1]
        assert list(model.objects.best_matches(words, PER_TYPE + 1)) == list(exact)
