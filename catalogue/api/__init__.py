"""The REST API v1's shared pieces: pagination, renderers, errors, conditional GETs,
permissions, throttling, schema hooks and the endpoints that are not a model's collection.

Each app's own resources live in `<app>/api/{serializers,views}.py`; `diplohub/api_urls.py`
routes them all.
"""
