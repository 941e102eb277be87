"""gunicorn settings for DiploHub: `gunicorn -c python:diplohub.gunicorn diplohub.wsgi`.

Command-line options (`--workers`, `--bind`, `--threads`) add to these.
"""

# Threads in each worker (gthread): a request that waits on the database, or streams a long
# export, holds one thread, not the worker, so the others (the load balancer's /healthz and
# /readyz among them) are still answered (tests/catalogue/test_gunicorn.py). Django's
# database connections are per thread; with CONN_MAX_AGE each thread keeps its own, so
# PostgreSQL's max_connections must allow workers x threads per app server.
worker_class = "gthread"
threads = 4

# A CSV export of a whole large catalogue streams for longer than gunicorn's default 30 s
# (about 45 s at 100,000 programmes). With gthread the worker's heartbeat no longer waits
# for a request, but the same bound is kept for a worker that stops answering at all.
timeout = 180
