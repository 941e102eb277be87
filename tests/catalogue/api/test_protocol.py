"""Protocol: conditional requests, caching, CORS, rate limiting and the one error shape."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import AnonRateThrottle

ERROR_KEYS = {"status", "code", "detail", "errors"}


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["status"] == status
    assert body["code"] == code
    assert body["detail"]
    return body


# ---------------------------------------------------------------------------- conditional GETs


@pytest.mark.parametrize("path", ["/api/v1/programmes/", "/api/v1/programmes/alpha-fund/"])
def test_lists_and_details_carry_validators_and_cache_control(api, catalogue, path):
    response = api.get(path)

    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "cost"),
    [
        ("/api/v1/programmes/", 1),  # the catalogue's version
        ("/api/v1/countries/mx/", 2),  # and the record's own (its ETag names it, for If-Match)
    ],
)
def test_a_matching_if_none_match_is_a_304_that_costs_one_or_two_queries(
    api, catalogue, path, cost
):
    etag = api.get(path)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert len(queries) == cost


def test_head_gives_the_headers_without_the_body(api, catalogue):
    get = api.get("/api/v1/programmes/")
    head = api.head("/api/v1/programmes/")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]


def test_a_matching_if_modified_since_is_a_304(api, catalogue):
    last_modified = api.get("/api/v1/pillars/")["Last-Modified"]

    response = api.get("/api/v1/pillars/", HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 304


def test_the_etag_differs_by_query_and_format(api, catalogue):
    plain = api.get("/api/v1/programmes/")["ETag"]

    assert api.get("/api/v1/programmes/", {"kind": "fund"})["ETag"] != plain
    assert api.get("/api/v1/programmes/", {"format": "csv"})["ETag"] != plain
    assert api.get("/api/v1/programmes/", HTTP_ACCEPT="text/csv")["ETag"] != plain
    assert api.get("/api/v1/programmes/")["ETag"] == plain


def test_the_etag_differs_by_language(api, catalogue):
    # Facet labels are translated: a Spanish client must not revalidate an English copy.
    path = "/api/v1/programmes/facets/"
    english = api.get(path, HTTP_ACCEPT_LANGUAGE="en")
    spanish = api.get(path, HTTP_ACCEPT_LANGUAGE="es", HTTP_IF_NONE_MATCH=english["ETag"])
    assert spanish.status_code == 200
    assert spanish["ETag"] != english["ETag"]
    assert "Accept-Language" in spanish["Vary"]


def test_any_write_changes_every_etag(api, catalogue):
    from catalogue.models import Evidence
    from countries.models import Country
    from initiatives.models import Programme

    path = "/api/v1/programmes/"
    etag = api.get(path)["ETag"]
    assert api.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304

    # A related record renamed: the programmes' representation changes too.
    country = Country.objects.get(iso2="JP")
    country.name = "Nippon"
    country.save()
    response = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Nippon" in response.content.decode()

    # A deletion, which moves no `modified` date.
    etag = response["ETag"]
    Programme.objects.filter(slug="foxtrot-project").delete()
    response = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["count"] == 5

    # Evidence replaced without touching its record (delete and create, as the loader does).
    etag = response["ETag"]
    evidence = Evidence.objects.order_by("pk").first()
    quote = evidence.quote
    evidence.delete()
    Evidence.objects.create(
        content_type=evidence.content_type, object_id=evidence.object_id, quote=quote
    )
    assert api.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_if_match_that_fails_is_a_412_in_json(api, catalogue):
    response = api.get("/api/v1/programmes/", HTTP_IF_MATCH='"something-else"')

    assert_error(response, 412, "precondition_failed")


# ---------------------------------------------------------------------------- CORS


def test_anonymous_gets_are_allowed_from_any_origin(api, catalogue):
    response = api.get("/api/v1/programmes/", HTTP_ORIGIN="https://dashboard.example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_request_is_answered(api, catalogue):
    response = api.options(
        "/api/v1/programmes/",
        HTTP_ORIGIN="https://dashboard.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_pages_outside_the_api_get_no_cors_headers(client, db):
    response = client.get("/", HTTP_ORIGIN="https://dashboard.example.org")

    assert "Access-Control-Allow-Origin" not in response


# ---------------------------------------------------------------------------- errors


def test_400(api, catalogue):
    body = assert_error(api.get("/api/v1/programmes/", {"year": "soon"}), 400, "invalid")

    assert body["errors"] == {"year": ["Enter a whole number."]}


def test_401_for_an_anonymous_write(api, catalogue):
    response = api.post("/api/v1/programmes/", {"name": "New"}, format="json")

    body = assert_error(response, 401, "not_authenticated")
    assert body["errors"] == {}
    assert response["WWW-Authenticate"] == "Token"


def test_401_for_a_wrong_token(api, catalogue):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    assert_error(api.get("/api/v1/programmes/"), 401, "authentication_failed")


def test_403_for_a_token_without_the_permission(reader, catalogue):
    assert_error(reader.delete("/api/v1/programmes/alpha-fund/"), 403, "permission_denied")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/programmes/no-such-programme/",
        "/api/v1/countries/zz/",
        "/api/v1/references/999/",
        "/api/v1/no-such-resource/",
        "/api/v1/countries/mexico/",  # not an ISO code: no route at all
        "/api/v1/programmes/alpha-fund/extra/",
    ],
)
def test_404_is_json_for_every_path_under_the_api(api, catalogue, path):
    assert_error(api.get(path), 404, "not_found")


def test_a_missing_trailing_slash_redirects(api, catalogue):
    response = api.get("/api/v1/programmes", {"kind": "fund"})

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/programmes/?kind=fund"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "/api/v1/programmes/"),
        ("post", "/api/v1/pillars/"),
        ("put", "/api/v1/references/24/"),
        ("post", "/api/v1/programmes/facets/"),
        ("post", "/api/v1/archive/"),
    ],
)
def test_405_for_a_method_the_endpoint_does_not_offer(api, catalogue, method, path):
    response = getattr(api, method)(path)

    assert_error(response, 405, "method_not_allowed")


@pytest.fixture
def rate(monkeypatch):
    """Sets the anonymous rate (DRF's throttle reads its rates when it is imported)."""

    def set_rate(value: str) -> None:
        monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": value})

    return set_rate


def test_429_with_retry_after_once_the_anonymous_rate_is_spent(api, catalogue, rate, monkeypatch):
    rate("3/minute")
    now = [1_000_000.0]
    monkeypatch.setattr(AnonRateThrottle, "timer", lambda self: now[0])

    statuses = [api.get("/api/v1/pillars/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    now[0] += 15
    response = api.get("/api/v1/pillars/")
    assert_error(response, 429, "throttled")
    assert response["Retry-After"] == "45"  # until the first of the three is a minute old
    now[0] += 45  # a minute after the three: a new allowance
    assert api.get("/api/v1/pillars/").status_code == 200


def test_the_rate_limit_counts_every_endpoint_together(api, catalogue, rate):
    rate("2/minute")
    assert api.get("/api/v1/pillars/").status_code == 200
    assert api.get("/api/v1/programmes/").status_code == 200
    assert_error(api.get("/api/v1/countries/"), 429, "throttled")


def test_token_holders_are_not_rate_limited_as_anonymous_clients(reader, catalogue, rate):
    rate("1/minute")

    assert [reader.get("/api/v1/pillars/").status_code for _ in range(3)] == [200, 200, 200]


def test_the_rate_comes_from_the_environment(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import diplohub.settings

    monkeypatch.setenv("API_ANON_RATE", "42/hour")
    monkeypatch.setenv("DOWNLOAD_RATE", "7/minute")
    rates = importlib.reload(diplohub.settings).REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert (rates["anon"], rates["downloads"]) == ("42/hour", "7/minute")
    monkeypatch.setenv("DOWNLOAD_RATE", "often")
    with pytest.raises(ImproperlyConfigured, match="DOWNLOAD_RATE"):
        importlib.reload(diplohub.settings)
    monkeypatch.delenv("DOWNLOAD_RATE")
    monkeypatch.setenv("API_ANON_RATE", "lots")
    with pytest.raises(ImproperlyConfigured, match="API_ANON_RATE"):
        importlib.reload(diplohub.settings)
    monkeypatch.delenv("API_ANON_RATE")
    assert importlib.reload(diplohub.settings).API_ANON_RATE == "600/minute"
