"""Issue #18: losing Redis does not take the site down. Refused, silent or full, the cache
fails soft (pages and API render without it), the rate limits let requests through,
/readyz reports a degraded cache, and no request waits long on it."""

import socket
import threading
import time
from contextlib import contextmanager

import pytest
from rest_framework.throttling import AnonRateThrottle

from catalogue.throttling import PageRateThrottle
from diplohub.settings import redis_cache
from tests.factories import make_country, make_programme

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/programmes/",
    "/programmes/{slug}/",
    "/programmes/export.csv",
    "/countries/feed.atom",
    "/api/v1/programmes/",
    "/api/v1/programmes/{slug}/",
    "/api/v1/programmes/facets/",
]


@contextmanager
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield f"redis://127.0.0.1:{port}/0"  # nothing listens: connections are refused


@contextmanager
def silent_server():
    """Accepts connections (the kernel's backlog) and never answers a command."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


@contextmanager
def full_server():
    """Answers every command as a Redis past its maxmemory with noeviction does."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    stop = threading.Event()

    def serve(conn):
        with conn:
            conn.settimeout(0.2)
            while not stop.is_set():
                try:
                    if not conn.recv(65536):
                        return
                except TimeoutError:
                    continue
                except OSError:
                    return
                conn.sendall(b"-OOM command not allowed when used memory > 'maxmemory'.\r\n")

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join()
        server.close()


FAULTS = {"refused": closed_port, "silent": silent_server, "full": full_server}


@pytest.fixture(params=FAULTS)
def broken_redis(request, settings):
    with FAULTS[request.param]() as url:
        settings.CACHES = {"default": redis_cache(url)}
        yield request.param


@pytest.fixture
def programme():
    return make_programme(slug="alpha", countries=[make_country()])


@pytest.mark.parametrize("url", URLS)
def test_pages_and_api_answer_without_the_cache(client, broken_redis, programme, url):
    started = time.monotonic()
    response = client.get(url.format(slug=programme.slug))
    if response.streaming:
        response.getvalue()
    assert response.status_code == 200
    assert time.monotonic() - started < 5  # each cache call gives up after REDIS_TIMEOUT


def test_readyz_reports_a_degraded_cache_within_a_second(client, broken_redis):
    started = time.monotonic()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ready; cache degraded\n"
    assert time.monotonic() - started < 1.5


def test_the_rate_limit_fails_open(client, broken_redis, programme, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    statuses = [client.get("/api/v1/pillars/").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]


def test_a_working_redis_is_ready_and_limits(client, settings, monkeypatch):
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:6379/12")}
    from django.core.cache import cache

    try:
        cache.clear()
    except Exception:  # noqa: BLE001
        pytest.skip("no Redis on 127.0.0.1:6379")
    assert client.get("/readyz").content == b"ready\n"
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    assert [client.get("/api/v1/pillars/").status_code for _ in range(2)] == [200, 429]
    cache.clear()


def test_the_page_rate_limit_fails_open(client, broken_redis, programme, monkeypatch):
    monkeypatch.setattr(PageRateThrottle, "THROTTLE_RATES", {"pages": "1/minute"})
    statuses = [client.get("/programmes/").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
