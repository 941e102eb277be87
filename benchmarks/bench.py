"""`make bench`: DiploHub under load, scenario by scenario, with figures to compare.

Builds (once) a database of its own, `diplohub_bench_<N>` beside the one DATABASE_URL names
(never that one), holding the real catalogue and N synthetic programmes; starts the app under
gunicorn (2 workers, DEBUG off, Redis as the shared cache, emptied first) on 127.0.0.1; then,
for each scenario, a list of 100+ distinct URLs is requested twice:

- cold: each URL once, one per worker at a time (--cold-connections): a URL's first request,
  with nothing of its own cached, measured as a visitor meets it on a server that is not
  already saturated; at 8 at a time on 2 workers each first request also waits for about
  three others, and the figure then measures that queue more than the request;
- warm: wrk at 8 connections cycling through the same URLs, all seen before, in rounds
  (--rounds): in each round every scenario runs for --duration seconds between two runs of
  the floor, and its share of the floor is its requests per second over the mean of those
  two. A scenario's figures are its medians over the rounds, its share the median of its
  shares. One run of wrk is a draw: its 8 keep-alive connections stay with the worker that
  accepted each, and that split changes from run to run (the floor ran at 785 req/s with
  all 8 on one worker, 1,967 split 4 and 4); and a 2-core virtual machine's speed drifts
  within seconds, so a floor measured further from a scenario made that drift the share's.

It reports warm p50/p99 and requests per second, cold p50/p99, the SQL queries of a first
request, the CSV export's first byte, the worker RSS before and after a full CSV export, and
the workers' peak RSS. The last line is one JSON object.

    DATABASE_URL=postgres://... python -m benchmarks.bench [--programmes N]
    python -m benchmarks.bench --load     # the 64-connection mixed load test

Runs on PostgreSQL; SQLite only with --allow-sqlite.
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# gunicorn worker processes, one per core of the 2-core machines this runs on.
WORKERS = 2
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
    parser.add_argument(
        "--duration", type=int, default=2, help="seconds per run of wrk in the warm rounds"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=9,
        help="warm rounds, each measuring every scenario between two runs of the floor",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--cold-connections",
        type=int,
        default=WORKERS,
        help="first requests sent at a time in the cold pass (default: one per worker)",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--allow-sqlite", action="store_true")
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="requests accept gzip, as browsers and HTTP libraries do (API bodies compressed)",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="drop the benchmark's database and build it anew"
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/3",
        help="the benchmark's own Redis database, emptied at each run",
    )
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
    if args.programmes < 1:
        parser.error("--programmes must be at least 1")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    configured = os.environ.get("DATABASE_URL", "")
    if not is_postgres(configured) and not args.allow_sqlite:
        print("The benchmark targets PostgreSQL: set DATABASE_URL, or pass --allow-sqlite.")
        return 2
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk")
        return 2
    database_url = bench_database_url(configured, programmes=args.programmes)
    create_database(database_url, fresh=args.fresh)
    redis_url = empty_redis(args.redis_url)
    # The in-process measurements run as the server does, on the same database and cache.
    os.environ.update(PRODUCTION, DATABASE_URL=database_url, REDIS_URL=redis_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplohub.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})", flush=True)
    rows = prepare_data(args.programmes)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG is off
    urls = scenario_urls(random.Random(7))
    # Two URLs of each kind, requested before any measurement so that both workers have
    # built what a process builds once (templates, the facet index), and left out of the
    # lists: a cold figure is a URL's first request, not a fresh process's.
    # Not the CSV export: its long streams would outlive the warm-up and slow what follows.
    warm_up = [
        urls[name].pop()
        for name in scenarios
        if name not in ("floor", "csv_export")
        for _ in range(2)
    ]
    first_byte_url = urls["csv_export"].pop()
    if not args.load:
        progress("counting each scenario's queries, in-process ...")
        queries = count_queries(urls, scenarios, warm_up)

    headers = {"Accept-Encoding": "gzip"} if args.gzip else {}
    with Server(args.port, redis_url, headers=headers) as server:
        # All at once, answered before anything is measured: each worker takes some of
        # these first requests and builds what it builds once (seconds at 100,000).
        # None with `--only csv_export`, whose exports are not warmed up.
        if warm_up:
            progress("warming up both workers ...")
            first_requests(server, warm_up, len(warm_up))
            run_wrk(server, warm_up, args.connections, 2)
        if args.load:
            mix = [path for name in SCENARIOS for path in urls[name]]
            random.Random(3).shuffle(mix)
            result = run_wrk(server, mix, args.connections, args.duration)
            print_load(result, args)
            return 0 if result["errors"] == 0 and result["non_2xx"] == 0 else 1
        results = {}
        first_byte = memory = None
        # Every URL's first request, then the warm rounds over URLs all seen before. The CSV
        # export comes last, apart: its long streams outlive wrk's run and would keep both
        # workers busy in the next round.
        rounds = [name for name in scenarios if name != "csv_export"]
        cold = {name: cold_pass(server, name, urls[name], args) for name in rounds}
        warm = {name: [] for name in rounds}
        # Each run's share of the floor, against the mean of the floor's runs either side.
        shares = {name: [] for name in rounds}

        def measure(name: str) -> dict:
            warm[name].append(run_wrk(server, urls[name], args.connections, args.duration))
            return warm[name][-1]

        for number in range(1, args.rounds + 1):
            progress(
                f"warm round {number} of {args.rounds}, {args.duration} s per run, "
                "the floor between scenarios ..."
            )
            before = measure("floor")
            for name in rounds:
                if name == "floor":
                    continue
                run, after = measure(name), measure("floor")
                shares[name].append(share_of(run, (before["rps"] + after["rps"]) / 2))
                before = after
            this_round = [run["rps"] for run in warm["floor"][-len(rounds) :]]
            progress(
                "  req/s (% floor, p99 ms): "
                + ", ".join(
                    f"{name} {warm[name][-1]['rps']} ({100 * shares[name][-1]:.0f}%, "
                    f"{warm[name][-1]['p99_ms']})"
                    for name in rounds
                    if name != "floor"
                )
                + f"; floor {min(this_round)} to {max(this_round)}"
            )
        shares["floor"] = [1.0] * len(warm["floor"])
        for name in rounds:
            results[name] = median_run(warm[name], shares[name])
            results[name].update(cold[name], queries=queries[name])
        if "csv_export" in scenarios:
            first_byte = csv_first_byte(server, first_byte_url)
            export_cold = cold_pass(server, "csv_export", urls["csv_export"], args)
            runs = [run_wrk(server, urls["csv_export"], args.connections, args.duration)]
            last_floor = warm["floor"][-1]["rps"]
            results["csv_export"] = median_run(runs, [share_of(runs[0], last_floor)])
            results["csv_export"].update(export_cold, queries=queries["csv_export"])
            memory = export_memory(server)
        rss = server.worker_peak_rss_mb()
    print_table(rows, results, first_byte, memory, rss, args)
    summary = {
        "rows": rows,
        "cold_connections": args.cold_connections,
        "gzip": args.gzip,
        "rounds": args.rounds,
        "scenarios": {
            name: {
                key: results[name][key]
                for key in (
                    "rps",
                    "p50_ms",
                    "p99_ms",
                    "floor_share",
                    "queries",
                    "cold_p50_ms",
                    "cold_p99_ms",
                )
            }
            for name in scenarios
        },
        "export_rss_mb": memory
        and {"before": memory["rss_before_mb"], "after": memory["rss_after_mb"]},
        "worker_rss_mb": rss,
    }
    print(json.dumps(summary))
    return 0


# --------------------------------------------------------------------------- data


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


def bench_database_url(url: str, *, programmes: int) -> str:
    """The benchmark's own database, one per size, on the server `url` names: synthetic
    records never share a database with the catalogue, so nothing needs to mark them."""
    name = f"diplohub_bench_{programmes}"
    if not is_postgres(url):
        return f"sqlite:///{ROOT / (name + '.sqlite3')}"
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def create_database(url: str, *, fresh: bool) -> None:
    """Create the benchmark's database if it does not exist (anew with `fresh`)."""
    if not is_postgres(url):
        if fresh:
            Path(urlsplit(url).path[1:]).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, dbname="postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_data(programmes: int) -> int:
    """Migrate; the first time, load the real catalogue and make `programmes` synthetic ones,
    in one transaction: the database holds either nothing or all of it."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from benchmarks.synthetic import synthesize
    from initiatives.catalogue import load_catalogue
    from initiatives.models import Programme

    if connection.vendor == "postgresql":
        # Building 100,000 programmes runs statements longer than the site's limit.
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
    call_command("migrate", verbosity=0)
    if not Programme.objects.exists():
        print(f"Building the benchmark's database: the catalogue and {programmes} programmes")
        with transaction.atomic():
            load_catalogue()
            synthesize(programmes=programmes, progress=progress)
    if connection.vendor == "postgresql":
        # What autovacuum does in production, at every run (a few seconds; the server may
        # run without autovacuum, and a database built by an older run may never have had
        # it): fresh statistics, or the planner picks plans made for a few rows (API lists
        # took 230 ms, not 40), and a visibility map, without which no index-only scan
        # skips the table (counting 100,000 programmes took 80 ms, not 25).
        progress("VACUUM ANALYZE ...")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
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

    def distinct(make, n):
        """n different URLs: each is requested for the first time in the cold run."""
        paths = []
        for _ in range(50 * n):
            if len(paths) == n:
                break
            path = make()
            if path not in paths:
                paths.append(path)
        return paths

    return {
        "floor": ["/ping"],
        # Only first pages: a later page of a small result would be a 404, not a list.
        "html_list": distinct(
            lambda: (
                f"/programmes/?country={rng.choice(countries)}&pillar={rng.choice(pillars)}"
                f"&ordering={rng.choice(['name', '-start_year', 'kind'])}"
            ),
            150,
        ),
        "html_detail": [f"/programmes/{slug}/" for slug in slugs],
        "api_list": distinct(
            lambda: (
                f"/api/v1/programmes/?page_size=50&country={rng.choice(countries)}"
                f"&kind={rng.choice(kinds)}"
            ),
            150,
        ),
        "api_facets": [f"/api/v1/programmes/facets/?country={code}" for code in countries[:150]],
        "search": distinct(
            lambda: "/search/?q=" + "+".join(rng.sample(words, rng.choice([1, 1, 2]))), 120
        ),
        # about 5,000 rows at 100,000 programmes: each programme has 1-5 of 249 countries
        "csv_export": distinct(
            lambda: f"/programmes/export.csv?country={','.join(rng.sample(countries, 4))}", 100
        ),
    }


# The floor's cold run: /ping ignores its query string and caches nothing anyway; these
# give the cold figures' yardstick, a trivial request through the whole stack.
FLOOR_COLD = [f"/ping?n={n}" for n in range(100)]


def count_queries(urls: dict[str, list[str]], scenarios, warm_up: list[str]) -> dict[str, int]:
    """In-process, one at a time, before the server starts (it empties the cache): the SQL
    queries of a URL's first request, the most over three URLs of each scenario. The warm-up
    URLs go first, as for the server: what a process builds once is not counted."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    for path in warm_up:
        read(client.get(path))
    counts = {}
    for name in scenarios:
        most = 0
        for path in urls[name][:3]:
            with CaptureQueriesContext(connection) as captured:
                response = read(client.get(path))
            if response.status_code != 200:
                print(f"  warning: {path} answered {response.status_code}")
            most = max(most, len(captured))
        counts[name] = most
    return counts


def progress(line: str) -> None:
    """A line of progress, shown at once even when the output goes to a file."""
    print("  " + line, flush=True)


def read(response):
    """The response, its stream read to the end."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def cold_pass(server: Server, name: str, paths: list[str], args) -> dict:
    """The scenario's first requests (the floor's: FLOOR_COLD), with progress: a cold pass
    can take minutes on a slow build."""
    paths = paths if name != "floor" else FLOOR_COLD
    progress(f"{name}: {len(paths)} first requests ...")
    started = time.monotonic()
    cold = first_requests(server, paths, args.cold_connections)
    progress(
        f"{name}: cold p50 {cold['cold_p50_ms']} ms, p99 {cold['cold_p99_ms']} ms "
        f"({time.monotonic() - started:.0f} s)"
    )
    return cold


def share_of(run: dict, floor_rps: float) -> float:
    """A wrk run's requests per second as a share of the floor's."""
    return run["rps"] / (floor_rps or 1)


def median_run(runs: list[dict], shares: list[float]) -> dict:
    """A scenario's warm figures over its runs: the median of each, errors summed, and
    `floor_share` the median of its runs' shares of the floor."""
    return {
        "rps": round(statistics.median(run["rps"] for run in runs)),
        "p50_ms": round(statistics.median(run["p50_ms"] for run in runs), 1),
        "p99_ms": round(statistics.median(run["p99_ms"] for run in runs), 1),
        "floor_share": round(statistics.median(shares), 2),
        "errors": sum(run["errors"] for run in runs),
        "non_2xx": sum(run["non_2xx"] for run in runs),
    }


def first_requests(server: Server, paths: list[str], connections: int) -> dict:
    """Each URL requested once, `connections` at a time as wrk does, while the cache holds
    nothing of it: the p50 and p99 of a URL's first request, comparable with wrk's figures."""

    def timed(path: str) -> tuple[float, int]:
        started = time.perf_counter()
        try:
            status, _body = server.get(path)
        except OSError:  # no answer within the client's timeout: a failed request
            status = 0
        return (time.perf_counter() - started) * 1000, status

    with ThreadPoolExecutor(max_workers=connections) as pool:
        answers = list(pool.map(timed, paths))
    times = [elapsed for elapsed, _status in answers]
    failed = sum(status == 0 or status >= 400 for _elapsed, status in answers)
    if failed:
        print(f"  warning: {failed} of {len(paths)} first requests failed ({paths[0]} ...)")
    return {
        "cold_p50_ms": round(percentile(times, 50), 1),
        "cold_p99_ms": round(percentile(times, 99), 1),
        "cold_errors": failed,
    }


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


# --------------------------------------------------------------------------- the server


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "API_ANON_RATE": "100000000/second",  # measure the app, not the rate limiters
    "API_USER_RATE": "100000000/second",
    "PAGE_RATE": "100000000/second",
    "DOWNLOAD_RATE": "100000000/second",
}


class Server:
    """gunicorn with production settings on 127.0.0.1, stopped on exit."""

    def __init__(self, port: int, redis_url: str, *, headers: dict[str, str] | None = None):
        self.port = port
        self.redis_url = redis_url
        self.headers = headers or {}  # sent with every request, by wrk too
        self.directory = Path(tempfile.mkdtemp(prefix="diplohub-bench-"))
        self.pidfile = self.directory / "gunicorn.pid"
        self.env = {**os.environ, **PRODUCTION, "REDIS_URL": redis_url}

    def __enter__(self):
        if self.redis_url:
            empty_redis(self.redis_url)
            print(
                f"Cache: Redis, shared by the workers ({self.redis_url}, emptied first)",
                flush=True,
            )
        else:
            print("Cache: local memory, one per worker (Redis is not running)", flush=True)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:diplohub.gunicorn",
                "diplohub.wsgi",
                "--workers",
                str(WORKERS),
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
        try:
            conn.request("GET", path, headers=self.headers)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            # Closed even on a timeout: a worker still writing to an open, unread socket
            # would block until gunicorn's own timeout, and every request behind it.
            conn.close()

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


def empty_redis(url: str) -> str:
    """`url`, the benchmark's own Redis database, emptied so that nothing is cached before
    a URL's first request; "" if Redis is not running (each worker then has its own
    local-memory cache)."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        return ""
    return url


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
                *[f"-H{name}: {value}" for name, value in server.headers.items()],
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
    conn.request("GET", path, headers=server.headers)
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
    print(
        f"{rows} programmes, {args.connections} connections, {args.rounds} warm round(s) of "
        f"{args.duration} s per run" + (", gzip accepted" if args.gzip else "")
    )
    print(f"{'':<13}{'warm (URLs seen before, wrk)':^36}{'':9}{'':8}{'cold (first requests)':^22}")
    print(
        f"{'scenario':<13}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}{'% floor':>9}"
        f"{'queries':>9}{'errors':>8}{'p50 ms':>11}{'p99 ms':>11}"
    )
    for name, r in results.items():
        failed = r["errors"] + r["non_2xx"] + r["cold_errors"]
        share = 100 * r["floor_share"]
        print(
            f"{name:<13}{r['p50_ms']:>9}{r['p99_ms']:>9}{r['rps']:>9}{share:>8.0f}%"
            f"{r['queries']:>9}{failed:>8}{r['cold_p50_ms']:>11}{r['cold_p99_ms']:>11}"
        )
    print(
        "warm: wrk cycling through the scenario's URLs, each requested before, medians over "
        "the rounds (% floor: the median of its share of the floor runs either side); cold: each "
        f"URL's first request (nothing of it cached), {args.cold_connections} at a time; queries: "
        "SQL queries of a first request"
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
