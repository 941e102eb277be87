from django.core.management.base import BaseCommand, CommandError

from initiatives.catalogue import CatalogueConflict, CatalogueError, load_catalogue, read_catalogue


class Command(BaseCommand):
    help = (
        "Validate the catalogue fixtures against the paper, then load them in one transaction. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Fixture folder (default: settings.CATALOGUE_DIR).")
        parser.add_argument(
            "--check", action="store_true", help="Validate only; do not touch the database."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, then roll back."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite records that curators edited since the last load.",
        )

    def handle(self, *args, directory=None, check=False, dry_run=False, force=False, **options):
        self.stdout.write("Validating the catalogue against the paper ...")
        try:
            if check:
                catalogue = read_catalogue(directory)
                for name, records in catalogue.records.items():
                    self.stdout.write(f"{name:<13} {len(records):>4} valid")
                self.stdout.write(self.style.SUCCESS("The catalogue is valid."))
                return
            report = load_catalogue(directory=directory, dry_run=dry_run, force=force)
        except CatalogueError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(error.problems)} problem(s) found; the database was left unchanged."
                + (
                    " Use --force to let the fixtures win."
                    if isinstance(error, CatalogueConflict)
                    else ""
                )
            ) from None
        for line in report.lines():
            self.stdout.write(line)
        if dry_run or options["verbosity"] > 1:
            for change in report.changes:
                self.stdout.write(f"  {change}")
        for conflict in report.conflicts:
            self.stderr.write(f"conflict: {conflict}")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        elif report.conflicts:
            self.stdout.write(self.style.WARNING("Forced: curators' edits above were overwritten."))
        elif report.changed:
            self.stdout.write(self.style.SUCCESS("Catalogue loaded."))
        else:
            self.stdout.write(
                self.style.SUCCESS("The catalogue was already up to date: nothing changed.")
            )
