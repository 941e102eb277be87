"""The served schema is a contract: every real response, strictly validated against it.

A crawl of the small catalogue: every resource's list (every page), every record, the
facets, the archive, the root, and each error status a client can meet, each request and
response checked by `openapi-core` (an independent implementation of OpenAPI) with
undocumented properties forbidden and documented ones required.
"""

from urllib.parse import urlsplit

import pytest
from openapi_core import OpenAPI
from openapi_core.configurations import Config
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.deserializing.media_types.util import json_loads, plain_loads
from rest_framework.test import APIClient

from catalogue.services import record_save
from initiatives.models import Programme

# The pages' forms send empty filters; the schema says so with `allowEmptyValue`, which
# OpenAPI 3.0 still defines though it deprecates it.
pytestmark = pytest.mark.filterwarnings("ignore:Use of allowEmptyValue:DeprecationWarning")

RESOURCES = ("pillars", "countries", "cities", "institutions", "programmes", "references")


@pytest.fixture
def contract(api, db):
    """Strict: a property the schema does not name, or one it names but that is missing,
    fails like a wrong type."""
    served = api.get("/api/v1/schema/", {"format": "json"}).json()
    return OpenAPI.from_dict(
        served,
        config=Config(
            additional_properties_default_policy="forbid",
            response_properties_default_policy="required",
            # A CSV body is text; openapi-core leaves unknown media types as bytes.
            extra_media_type_deserializers={
                media_type: plain_loads
                for media_type in (
                    "text/csv",
                    "application/x-bibtex",
                    "application/x-research-info-systems",
                )
            }
            # A record's CSL JSON citation is JSON.
            | {"application/vnd.citationstyles.csl+json": json_loads},
        ),
    )


class Crawler:
    def __init__(self, client, contract):
        self.client, self.contract = client, contract
        self.checked: list[tuple[str, str, int]] = []
        self.failures: list[str] = []

    def request(self, method, path, data=None, *, client=None, **extra):
        response = getattr(client or self.client, method)(path, data, **extra)
        request = DjangoOpenAPIRequest(response.wsgi_request)
        # A request meant to fail (no token, a bad value) need not match the schema.
        errors = [] if response.status_code >= 400 else self.contract.iter_request_errors(request)
        for error in (
            *errors,
            *self.contract.iter_response_errors(request, DjangoOpenAPIResponse(response)),
        ):
            cause = getattr(error, "__cause__", None)
            details = getattr(cause, "schema_errors", None) or [cause]
            self.failures.append(f"{method.upper()} {path} {data or ''} -> {error}: {details}")
        self.checked.append((method, path, response.status_code))
        return response

    def get(self, path, data=None, **extra):
        return self.request("get", path, data, **extra)

    def statuses(self) -> set[int]:
        return {status for _method, _path, status in self.checked}


def relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_every_response_of_a_crawl_matches_the_served_schema(
    api, editor, reader, contract, catalogue
):
    crawler = Crawler(api, contract)
    crawler.get("/api/v1/")
    for resource in RESOURCES:
        url = f"/api/v1/{resource}/?page_size=2"
        while url:
            body = crawler.get(url).json()
            for record in body["results"]:
                crawler.get(relative(record["url"]))
            url = body["next"] and relative(body["next"])
        crawler.get(f"/api/v1/{resource}/", {"format": "csv"})
    url = "/api/v1/institutions/?cursor=&page_size=3"
    while url:
        url = crawler.get(url).json()["next"]
        url = url and relative(url)
    url = "/api/v1/changes/?page_size=25"
    while url:
        url = crawler.get(url).json()["next"]
        url = url and relative(url)
    # A record's citations, asked for both ways.
    for name, media_type in (
        ("bibtex", "application/x-bibtex"),
        ("ris", "application/x-research-info-systems"),
        ("csl", "application/vnd.citationstyles.csl+json"),
    ):
        assert crawler.get("/api/v1/programmes/alpha-fund/", {"format": name}).status_code == 200
        cited = crawler.get("/api/v1/countries/mx/", HTTP_ACCEPT=media_type)
        assert cited["Content-Type"].startswith(media_type)
    crawler.get("/api/v1/programmes/facets/")
    crawler.get("/api/v1/programmes/facets/", {"country": "MX", "kind": "network"})
    archive = crawler.get("/api/v1/archive/")
    assert archive.status_code == 200
    binary = crawler.get("/api/v1/archive/", HTTP_ACCEPT="application/octet-stream")
    assert binary.status_code == 200
    assert binary.getvalue() == archive.getvalue()

    # Each error status a client can meet.
    for params in ({"country": "ZZ"}, {"page": 99}, {"nonsense": 1}):  # 400, 404, 400
        crawler.get("/api/v1/programmes/", params)
    crawler.get("/api/v1/programmes/no-such-programme/")  # 404
    crawler.get("/api/v1/programmes/", HTTP_ACCEPT="application/xml")  # 406
    crawler.get("/api/v1/programmes/alpha-fund/", HTTP_IF_MATCH='"stale"')  # 412
    crawler.request("patch", "/api/v1/programmes/alpha-fund/", {"name": "X"})  # 401
    crawler.request("patch", "/api/v1/programmes/alpha-fund/", {"name": "X"}, client=reader)
    crawler.request("delete", "/api/v1/institutions/sre/", client=editor)  # 409: in use
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    crawler.get("/api/v1/programmes/", client=forged)  # 401: a read needs no token, but a
    etag = crawler.get("/api/v1/programmes/alpha-fund/")["ETag"]  # sent one must be valid
    crawler.get("/api/v1/programmes/alpha-fund/", HTTP_IF_NONE_MATCH=etag)  # 304

    # Ids that last: an old one moved (301), a deleted record's (410).
    delta = Programme.objects.get(slug="delta-strategy")
    delta.slug = "delta-plan"
    record_save(record=delta)
    crawler.get("/api/v1/programmes/delta-strategy/")  # 301
    crawler.request("delete", "/api/v1/programmes/foxtrot-project/", client=editor)  # 204
    crawler.get("/api/v1/programmes/foxtrot-project/")  # 410

    assert {200, 204, 301, 304, 400, 401, 403, 404, 406, 409, 410, 412} == crawler.statuses()
    assert len(crawler.checked) == 69
    assert crawler.failures == []
