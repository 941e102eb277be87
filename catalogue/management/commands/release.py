"""`manage.py release`: build the dataset's release for the current catalogue version.

Idempotent, for cron: if the current version's release exists it says so and exits 0 at
once, so it can run every few minutes and builds only after a change. The API's archive
serves the same file.
"""

import time

from django.core.management.base import BaseCommand

from catalogue.release import current_release, release_path
from catalogue.version import catalogue_version


class Command(BaseCommand):
    help = (
        "Build the Frictionless Data Package of the current catalogue version into "
        "ARCHIVE_DIR (nothing to do if it exists); print its path."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        version = catalogue_version()
        existing = release_path(version)
        if existing.exists():
            self.stdout.write(f"Up to date: {existing}")
            return
        self.stdout.write(f"Building the release of catalogue version {version.token}")
        path = current_release(progress=lambda message: self.stdout.write(f"  {message}"))
        size = path.stat().st_size / 1e6
        self.stdout.write(
            self.style.SUCCESS(f"{path} ({size:.1f} MB, {time.monotonic() - started:.1f} s)")
        )
