from django.core.management.base import BaseCommand

from initiatives.catalogue_export import export_catalogue


class Command(BaseCommand):
    help = (
        "Write the database back to the fixture files (fixtures/*.yaml), so that curators' "
        "edits can be reviewed and committed. Loading the result changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", help="Folder to write (default: settings.CATALOGUE_DIR)."
        )

    def handle(self, *args, directory=None, **options):
        for name, count in export_catalogue(directory=directory).items():
            self.stdout.write(f"{name:<13} {count:>5} written")
        self.stdout.write(self.style.SUCCESS("Catalogue exported."))
