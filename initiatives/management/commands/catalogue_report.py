from django.core.management.base import BaseCommand

from initiatives.report import catalogue_report


class Command(BaseCommand):
    help = "Print what the catalogue holds and its gaps (records without pillars or footnotes)."

    def handle(self, *args, **options):
        report = catalogue_report()
        self.stdout.write("Records")
        for name, count in report["counts"].items():
            self.stdout.write(f"  {name:<24} {count:>5}")
        for section in (
            "programmes_by_kind",
            "programmes_by_status",
            "institutions_by_kind",
            "cities_by_kind",
        ):
            self.stdout.write(section.replace("_", " ").capitalize())
            for label, count in report[section].items():
                self.stdout.write(f"  {label:<32} {count:>5}")
        for section in (
            "programmes_without_pillars",
            "records_without_footnotes",
            "countries_without_programmes",
            "unused_references",
        ):
            values = report[section]
            self.stdout.write(f"{section.replace('_', ' ').capitalize()} ({len(values)})")
            if values:
                self.stdout.write("  " + ", ".join(map(str, values)))
