"""gunicorn settings for DiploHub: `gunicorn -c python:diplohub.gunicorn diplohub.wsgi`.

Command-line options (`--workers`, `--bind`) add to these.
"""

import logging

# A CSV export of a whole large catalogue streams for longer than gunicorn's default 30 s
# (about 45 s at 100,000 programmes).
timeout = 180


def post_worker_init(worker):
    """Build this process's facet index before it takes requests, rather than in the first
    list request (about a second at 100,000 programmes; initiatives.facets)."""
    from django.db import DatabaseError

    from initiatives.facets import warm_up

    try:
        warm_up()
    except DatabaseError:  # the database is away: the first request will build it
        logging.getLogger(__name__).warning("Facet index not built: the database is away.")
