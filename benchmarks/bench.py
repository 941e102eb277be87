"""`make bench`: DiploHub under load, scenario by scenario, with figures to compare.

Starts the app under gunicorn (2 workers, DEBUG off) on 127.0.0.1, drives it with wrk at 8
connections, and reports for each scenario p50/p99 latency, requests per second and the SQL
queries one request runs; then the peak RSS of a worker. The last line is one JSON object.

    DATABASE_URL=postgres://... python -m benchmarks.bench [--programmes N]
    python -m benchmarks.bench --load     # the 64-connection mixed load test

Runs on PostgreSQL; SQLite only with --allow-sqlite. Each scenario but `floor` cycles through
100+ distinct URLs so that caches help only as much as they would in real use.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRK_SCRIPT = Path(__file__).with_name("paths.lua")
SCENARIOS = (
    "floor",
    "html_list",
    "html_detail",
    "api_list",
    "api_facets",
    "search",
    "csv_export",
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--allow-sqlite", action="store_true")
    parser.add_argument(
        "--only",
        type=lambda value: value.split(","),
        metavar="NAME,...",
        help="run these scenarios alone (floor too, the yardstick), e.g. --only html_list",
    )
    parser.add_argument(
        "--load", action="store_true", help="64 connections on a mix of everything for 60 s"
    )
    args = parser.parse_args(argv)
    scenarios = SCENARIOS
    if args.only:
        unknown = sorted(set(args.only) - set(SCENARIOS))
        if unknown:
            parser.error(f"unknown scenario(s) {', '.join(unknown)}: {', '.join(SCENARIOS)}")
        scenarios = tuple(name for name in SCENARIOS if name == "floor" or name in args.only)
    if args.load:
        args.connections, args.duration = 64, max(args.duration, 60)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplohub.settings")
    os.environ.update(PRODUCTION)  # the in-process measurements run as the server does
    import django

    django.setup()
    from django.db import connection

    vendor = connection.vendor
    print(f"Database: {vendor} ({connection.settings_dict['NAME']})")
    if vendor != "postgresql" and not args.allow_sqlite:
        print("The benchmark targets PostgreSQL: set DATABASE_URL, or pass --allow-sqlite.")
        return 2
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk")
        return 2

    rows = prepare_data(args.programmes)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG is off
    urls = scenario_urls(random.Random(7))
    first_requests = {name: measure_first_requests(urls[name]) for name in scenarios}

    with Server(args.port) as server:
        if args.load:
            mix = [path for paths in urls.values() for path in paths]
            random.Random(3).shuffle(mix)
            result = run_wrk(server, mix, args.connections, args.duration)
            print_load(result, args)
            return 0 if result["errors"] == 0 and result["non_2xx"] == 0 else 1
        results = {}
        first_byte = memory = None
        for name in scenarios:
            if name == "csv_export":
                # Before the export scenario, whose long streams outlive wrk's run and would
                # keep both workers busy.
                first_byte = csv_first_byte(server, urls["csv_export"][0])
            results[name] = run_wrk(server, urls[name], args.connections, args.duration)
            results[name].update(first_requests[name])
        if "csv_export" in scenarios:
            memory = export_memory(server)
        rss = server.worker_peak_rss_mb()

    print_table(rows, results, first_byte, memory, rss, args)
    summary = {
        "rows": rows,
        "scenarios": {
            name: {
                key: results[name][key]
                for key in ("p50_ms", "p99_ms", "rps", "queries", "first_request_ms")
            }
            for name in scenarios
        },
        "worker_rss_mb": rss,
    }
    print(json.dumps(summary))
    return 0


# --------------------------------------------------------------------------- data


def prepare_data(programmes: int) -> int:
    """Migrate, load the real catalogue, and make exactly `programmes` synthetic ones."""
    from django.core.management import call_command

    from initiatives.catalogue import load_catalogue
    from initiatives.models import Programme
    from initiatives.synthetic import clear_synthetic, synthesize

    call_command("migrate", verbosity=0)
    if not Programme.objects.filter(synthetic=False).exists():
        load_catalogue()
    synthetic = Programme.objects.filter(synthetic=True).count()
    if synthetic != programmes:
        print(f"Synthesizing {programmes} programmes (there are {synthetic}) ...")
        if synthetic:
            clear_synthetic(progress=lambda line: None)
        synthesize(programmes=programmes, progress=lambda line: print("  " + line))
    return Programme.objects.count()


def scenario_urls(rng: random.Random) -> dict[str, list[str]]:
    from catalogue.models import Pillar
    from countries.models import Country
    from initiatives.models import Programme

    countries = list(Country.objects.filter(iso_3166_3="").values_list("iso2", flat=True))
    pillars = list(Pillar.objects.values_list("slug", flat=True))
    kinds = list(Programme.Kind.values)
    slugs = list(Programme.objects.order_by("?").values_list("slug", flat=True)[:300])
    words = [
        "science",
        "diplomacy",
        "fund",
        "network",
        "innovation",
        "Barcelona",
        "Mexico",
        "ocean",
        "treaty",
        "Venus",
        "glossary",
        "repatriation",
        "antimicrobials",
        "Newton",
        "CYTED",
        "nuclear",
        "Arctic",
        "talent",
        "embassy",
        "academy",
    ]

    def pick(n):
        return ",".join(rng.sample(countries, n))

    return {
        "floor": ["/ping"],
        # Only first pages: a later page of a small result would be a 404, not a list.
        "html_list": [
            f"/programmes/?country={rng.choice(countries)}&pillar={rng.choice(pillars)}"
            f"&ordering={rng.choice(['name', '-start_year', 'kind'])}"
            for _ in range(150)
        ],
        "html_detail": [f"/programmes/{slug}/" for slug in slugs],
        "api_list": [
            f"/api/v1/programmes/?page_size=50&country={rng.choice(countries)}"
            f"&kind={rng.choice(kinds)}"
            for _ in range(150)
        ],
        "api_facets": [f"/api/v1/programmes/facets/?country={code}" for code in countries[:150]],
        "search": [
            f"/search/?q={a}+{b}" if i % 3 == 0 else f"/search/?q={a}"
            for i, (a, b) in enumerate((rng.choice(words), rng.choice(words)) for _ in range(120))
        ],
        # about 5,000 rows at 100,000 programmes: each programme has 1-5 of 249 countries
        "csv_export": [f"/programmes/export.csv?country={pick(4)}" for _ in range(100)],
    }


def measure_first_requests(paths: list[str]) -> dict:
    """In-process, one at a time: the SQL queries of a request (the most over three URLs),
    and the median time of a URL's first request (over ten), before anything of its own is
    cached: what the cached figures under load hide.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    most = 0
    for path in paths[:3]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        if response.status_code != 200:
            print(f"  warning: {path} answered {response.status_code}")
        most = max(most, len(captured))
    times = []
    for path in paths[3:13] or paths[:1]:
        started = time.perf_counter()
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
    return {"queries": most, "first_request_ms": round(statistics.median(times), 1)}


# --------------------------------------------------------------------------- the server


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "API_ANON_RATE": "100000000/second",  # measure the app, not the rate limiter
}


class Server:
    """gunicorn with production settings on 127.0.0.1, stopped on exit."""

    def __init__(self, port: int):
        self.port = port
        self.directory = Path(tempfile.mkdtemp(prefix="diplohub-bench-"))
        self.pidfile = self.directory / "gunicorn.pid"
        self.env = {**os.environ, **PRODUCTION}
        self.env["REDIS_URL"] = redis_url = empty_redis()
        if redis_url:
            print(f"Cache: Redis, shared by the workers ({redis_url}, emptied first)")
        else:
            print(f"Cache: local memory, one per worker (Redis is not running at {BENCH_REDIS})")

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:diplohub.gunicorn",
                "diplohub.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--pid",
                str(self.pidfile),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        pid = int(self.pidfile.read_text()) if self.pidfile.exists() else self.process.pid
        os.kill(pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        shutil.rmtree(self.directory, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()

    def worker_pids(self) -> list[int]:
        master = int(self.pidfile.read_text())
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def worker_rss_mb(self, field: str = "VmRSS") -> float:
        values = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    values.append(int(line.split()[1]) / 1024)
        return round(max(values), 1)

    def worker_peak_rss_mb(self) -> float:
        return self.worker_rss_mb("VmHWM")


BENCH_REDIS = "redis://127.0.0.1:6379/3"


def empty_redis() -> str:
    """The benchmark's own Redis database, emptied so that no earlier run warms it; "" if
    Redis is not running (each worker then has its local-memory cache)."""
    import redis

    try:
        redis.Redis.from_url(BENCH_REDIS, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        return ""
    return BENCH_REDIS


def run_wrk(server: Server, paths: list[str], connections: int, duration: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
    try:
        completed = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                str(WRK_SCRIPT),
                server.url,
            ],
            env={**os.environ, "WRK_PATHS": handle.name},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    line = next(line for line in completed.stdout.splitlines() if line.startswith("{"))
    return json.loads(line)


def csv_first_byte(server: Server, path: str) -> dict:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read(1)
    first = time.monotonic() - started
    rows = 1 + response.read().count(b"\n")
    return {
        "first_byte_ms": round(first * 1000, 1),
        "rows": rows,
        "total_ms": round((time.monotonic() - started) * 1000, 1),
    }


def export_memory(server: Server) -> dict:
    """Worker RSS before and after streaming the whole programme list as CSV."""
    before = server.worker_rss_mb()
    status, body = server.get("/programmes/export.csv")
    after = server.worker_rss_mb()
    return {
        "status": status,
        "rows": body.count(b"\n"),
        "rss_before_mb": before,
        "rss_after_mb": after,
    }


# --------------------------------------------------------------------------- output


def print_table(rows, results, first_byte, memory, rss, args) -> None:
    print()
    print(f"{rows} programmes, {args.connections} connections, {args.duration} s per scenario")
    print(
        f"{'scenario':<13}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}{'% floor':>9}"
        f"{'queries':>9}{'errors':>8}{'1st req ms':>12}"
    )
    floor = results["floor"]["rps"] or 1
    for name in results:
        r = results[name]
        failed = r["errors"] + r["non_2xx"]
        share = 100 * r["rps"] / floor
        print(
            f"{name:<13}{r['p50_ms']:>9}{r['p99_ms']:>9}{r['rps']:>9}"
            f"{share:>8.0f}%{r['queries']:>9}{failed:>8}{r['first_request_ms']:>12}"
        )
    print(
        "1st req ms: a URL's first request alone, in-process, before anything of its own is "
        "cached (median of ten)"
    )
    if first_byte:
        print(
            f"csv_export: first byte {first_byte['first_byte_ms']} ms for {first_byte['rows']} "
            f"rows ({first_byte['total_ms']} ms in all)"
        )
    if memory:
        print(
            f"full CSV export ({memory['rows']} rows): worker RSS {memory['rss_before_mb']} MB "
            f"before, {memory['rss_after_mb']} MB after"
        )
    print(f"worker peak RSS: {rss} MB")


def print_load(result, args) -> None:
    print(f"Load: {args.connections} connections, {args.duration} s, mixed pages/API/search/CSV")
    print(
        f"requests {result['requests']}, {result['rps']} req/s, p50 {result['p50_ms']} ms, "
        f"p99 {result['p99_ms']} ms, socket errors {result['errors']}, "
        f"non-2xx {result['non_2xx']}"
    )
    print(json.dumps({"load": result}))


if __name__ == "__main__":
    sys.exit(main())
