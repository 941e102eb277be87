"""The whole-catalogue archive: every resource as JSON and as CSV, with version and date.

It is built once per catalogue version (and host and language, which its URLs and labels
carry) into a file under `ARCHIVE_DIR`, streaming record by record, so memory stays flat
however large the catalogue; every later request for that version is served from the file.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from rest_framework.utils.encoders import JSONEncoder

from catalogue.exports import EXPORT_CHUNK, csv_lines
from catalogue.models import with_tiebreaker
from catalogue.paper import PAPER_CITATION
from catalogue.version import CatalogueVersion

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


def archive_file(request, version: CatalogueVersion, registry) -> Path:
    """The archive of this catalogue version, built now if no request has built it yet."""
    directory = Path(settings.ARCHIVE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    state = _digest(version.token)
    place = _digest(request.scheme, request.get_host(), get_language() or "")
    path = directory / f"{state}-{place}.zip"
    if path.exists():
        return path
    # One build per version at a time: a second request waits for the first, then reads it.
    with open(directory / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            with tempfile.NamedTemporaryFile(dir=directory, suffix=".part", delete=False) as part:
                try:
                    write_archive(part, request, version, registry)
                except BaseException:
                    os.unlink(part.name)
                    raise
            os.replace(part.name, path)
            for old in directory.glob("*.zip"):
                if not old.name.startswith(state):  # older versions: never served again
                    old.unlink(missing_ok=True)
    return path


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def write_archive(output, request, version: CatalogueVersion, registry) -> None:
    """Write the zip into the binary file `output`, from a router's `registry` of resources;
    the same catalogue version gives the same bytes."""
    date = version.date.isoformat() if version.date else None
    stamp = max(version.date.timetuple()[:6] if version.date else ZIP_EPOCH, ZIP_EPOCH)
    counts: dict[str, int] = {}
    csv_files = {}
    with (
        zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        contextlib.ExitStack() as temporary,
    ):

        def entry(name: str):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            return archive.open(info, "w", force_zip64=True)

        # catalogue.json and each resource's CSV in one pass over the records; the CSVs wait
        # in temporary files, since a zip is written one entry at a time.
        with entry("catalogue.json") as catalogue:
            head = json.dumps({"version": version.token, "date": date}, ensure_ascii=False)
            catalogue.write(head[:-1].encode())
            for prefix, viewset, _basename in registry:
                serializer = viewset.serializer_class(context={"request": request})
                csv_file = csv_files[prefix] = temporary.enter_context(tempfile.TemporaryFile())
                catalogue.write(f", {json.dumps(prefix)}: [".encode())
                counts[prefix] = 0
                queryset = with_tiebreaker(viewset.queryset.all())
                records = _represented(queryset, serializer, catalogue, counts, prefix)
                for line in csv_lines(list(serializer.fields), records):
                    csv_file.write(line.encode())
                catalogue.write(b"\n]")
            catalogue.write(b"}\n")
        for prefix, csv_file in csv_files.items():
            with entry(f"{prefix}.csv") as target:
                csv_file.seek(0)
                shutil.copyfileobj(csv_file, target)
        manifest = {
            "title": "DiploHub catalogue",
            "source": PAPER_CITATION,
            "version": version.token,
            "date": date,
            "counts": counts,
            "api": request.build_absolute_uri(reverse("api:api-root")),
            "files": ["catalogue.json", *(f"{prefix}.csv" for prefix in csv_files)],
        }
        with entry("manifest.json") as target:
            target.write(_json(manifest))


def _represented(queryset, serializer, catalogue, counts, prefix):
    """Each record as the API shows it, written to catalogue.json on the way to the CSV."""
    for record in queryset.iterator(chunk_size=EXPORT_CHUNK):
        representation = serializer.to_representation(record)
        catalogue.write((",\n" if counts[prefix] else "\n").encode() + _json(representation))
        counts[prefix] += 1
        yield representation


def _json(data) -> bytes:
    return json.dumps(data, cls=JSONEncoder, ensure_ascii=False, indent=1).encode()
