"""Worker memory across whole-list downloads: each download from a fresh gunicorn (production
settings, 2 workers), the workers' peak RSS (VmHWM) before and after it.

    DATABASE_URL=postgres://... python -m benchmarks.downloads --programmes 10000

Builds (once) `diplohub_bench_<N>` beside the database DATABASE_URL names, as the benchmark
does (`--database` names another). Flat memory: the peak barely moves with N.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import time

from benchmarks.bench import (
    PRODUCTION,
    Server,
    bench_database_url,
    create_database,
    empty_redis,
    prepare_data,
)

DOWNLOADS = (
    "/programmes/export.csv",
    "/programmes/export.json",
    "/api/v1/programmes/?format=csv",
    "/api/v1/archive/",
    "/programmes/feed.atom",
)


def measure(server: Server, path: str) -> dict:
    before = server.worker_rss_mb("VmHWM")
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    conn.request("GET", path)
    response = conn.getresponse()
    size = 0
    while chunk := response.read(1 << 16):
        size += len(chunk)
    return {
        "path": path,
        "status": response.status,
        "mb": round(size / 1e6, 1),
        "seconds": round(time.monotonic() - started, 1),
        "peak_rss_before_mb": before,
        "peak_rss_after_mb": server.worker_rss_mb("VmHWM"),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=10_000)
    parser.add_argument("--database", help="the database's name (default diplohub_bench_<N>)")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    args = parser.parse_args(argv)
    database_url = bench_database_url(os.environ["DATABASE_URL"], programmes=args.programmes)
    if args.database:
        database_url = database_url.rsplit("/", 1)[0] + "/" + args.database
    create_database(database_url, fresh=False)
    redis_url = empty_redis(args.redis_url)
    os.environ.update(PRODUCTION, DATABASE_URL=database_url, REDIS_URL=redis_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplohub.settings")
    import django

    django.setup()
    from django.core.management import call_command

    rows = prepare_data(args.programmes)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG is off
    results = []
    for path in DOWNLOADS:
        with Server(args.port, redis_url) as server:
            server.get("/programmes/")  # a worker as it is once it has served a page
            result = measure(server, path)
        print(json.dumps(result))
        results.append(result)
    print(json.dumps({"programmes": rows, "downloads": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
