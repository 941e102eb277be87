"""Anyone can send anything: every page and API parameter answers hostile values with a 4xx
or a valid result, never a 5xx, and whatever is reflected is escaped."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LISTS = [
    "/programmes/",
    "/institutions/",
    "/countries/",
    "/cities/",
    "/pillars/",
    "/references/",
    "/programmes/export.csv",
    "/programmes/export.json",
    "/programmes/feed.atom",
    "/search/",
    "/compare/",
    "/timeline/",
    "/api/v1/programmes/",
    "/api/v1/programmes/facets/",
    "/api/v1/institutions/",
    "/api/v1/countries/",
    "/api/v1/cities/",
    "/api/v1/references/",
]
PARAMETERS = [
    "country", "all_countries", "region", "city", "pillar", "institution", "kind", "status",
    "year", "decade", "q", "ordering", "page", "page_size", "per_page", "format", "fields",
    "modified_since", "countries", "parent",
]  # fmt: skip
DETAILS = ["/programmes/{}/", "/countries/{}/", "/api/v1/programmes/{}/", "/api/v1/countries/{}/"]

MARKER = "<script>alert(1)</script>"
NASTY = [
    MARKER,
    "' OR 1=1 --",
    '"; DROP TABLE initiatives_programme; --',
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "\x00",
    "a\x00b",
    "😀🌍",
    "%",
    "%ZZ",
    "%C3%28",
    "-1",
    "0",
    "99999999999999999999999999",
    "-99999999999999999999",
    "1e308",
    "NaN",
    "1.5",
    "x" * 5000,
    "MX,,,,CL",
    ",",
    "../../etc/passwd",
]

raw_values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def encode(value: str) -> str:
    # Some values are sent as they are (invalid percent-encoding), the rest quoted.
    return value if value.startswith("%") else quote(value, safe="")


def assert_sane(response, sent: str):
    assert response.status_code < 500, (response.status_code, sent)
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    if "html" in response["Content-Type"] or "xml" in response["Content-Type"]:
        assert MARKER.encode() not in body, sent  # reflected input is escaped
    assert b"Traceback" not in body


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(LISTS),
    pairs=st.lists(st.tuples(st.sampled_from(PARAMETERS), raw_values), min_size=1, max_size=4),
)
def test_lists_answer_hostile_parameters(client, sample_catalogue, path, pairs):
    query = "&".join(f"{name}={encode(value)}" for name, value in pairs)
    assert_sane(client.get(f"{path}?{query}"), query)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pattern=st.sampled_from(DETAILS), key=raw_values.filter(lambda v: v.strip("/.") != ""))
def test_details_answer_hostile_keys(client, sample_catalogue, pattern, key):
    assert_sane(client.get(pattern.format(quote(key, safe=""))), key)


@pytest.mark.django_db
def test_reflected_search_words_are_escaped(client, sample_catalogue):
    response = client.get("/search/", {"q": MARKER})
    assert response.status_code in (200, 400)
    assert MARKER not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/programmes/", "/api/v1/programmes/"])
def test_repeated_and_huge_parameters(client, sample_catalogue, path):
    query = "&".join(["country=MX"] * 500) + "&page=" + "9" * 400
    assert client.get(f"{path}?{query}").status_code < 500
