"""The whole-catalogue archive: every resource as JSON and as CSV, with version and date."""

import io
import json
import zipfile

from django.urls import reverse
from rest_framework.utils.encoders import JSONEncoder

from catalogue.exports import EXPORT_CHUNK, csv_lines
from catalogue.models import with_tiebreaker
from catalogue.paper import PAPER_CITATION
from catalogue.version import CatalogueVersion

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


def build_archive(request, version: CatalogueVersion, registry) -> bytes:
    """The zip's bytes, from a router's `registry` of resources; the same catalogue version
    gives the same bytes."""

    date = version.date.isoformat() if version.date else None
    stamp = version.date.timetuple()[:6] if version.date else ZIP_EPOCH
    catalogue = {"version": version.token, "date": date}
    files: dict[str, bytes] = {}
    for prefix, viewset, _basename in registry:
        queryset = with_tiebreaker(viewset.queryset.all())
        serializer_class = viewset.serializer_class
        records = serializer_class(
            queryset.iterator(chunk_size=EXPORT_CHUNK), many=True, context={"request": request}
        ).data
        catalogue[prefix] = records
        columns = list(serializer_class(context={"request": request}).fields)
        files[f"{prefix}.csv"] = "".join(csv_lines(columns, records)).encode()
    manifest = {
        "title": "DiploHub catalogue",
        "source": PAPER_CITATION,
        "version": version.token,
        "date": date,
        "counts": {prefix: len(catalogue[prefix]) for prefix, _v, _b in registry},
        "api": request.build_absolute_uri(reverse("api:api-root")),
        "files": ["catalogue.json", *files],
    }
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in (
            ("manifest.json", _json(manifest)),
            ("catalogue.json", _json(catalogue)),
            *files.items(),
        ):
            entry = zipfile.ZipInfo(name, date_time=max(stamp, ZIP_EPOCH))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    return output.getvalue()


def _json(data) -> bytes:
    return json.dumps(data, cls=JSONEncoder, ensure_ascii=False, indent=1).encode()
