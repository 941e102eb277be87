"""gunicorn settings for DiploHub: `gunicorn -c python:diplohub.gunicorn diplohub.wsgi`.

Command-line options (`--workers`, `--bind`) add to these.
"""

# A CSV export of a whole large catalogue streams for longer than gunicorn's default 30 s
# (about 45 s at 100,000 programmes).
timeout = 180
