from django.core.management.base import BaseCommand, CommandError

from initiatives.models import Programme
from initiatives.synthetic import clear_synthetic, synthesize


class Command(BaseCommand):
    help = (
        "Add synthetic records for benchmarks (N programmes, N/5 institutions, N/20 cities, "
        "all ISO countries), marked synthetic; --clear removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programmes", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--clear", action="store_true", help="Remove all synthetic records.")

    def handle(self, *args, programmes, seed, clear, **options):
        if clear:
            for name, count in clear_synthetic(progress=self.stdout.write).items():
                self.stdout.write(f"{name:<18} {count:>7} removed")
            return
        if programmes < 1:
            raise CommandError("--programmes must be at least 1.")
        if Programme.objects.filter(synthetic=True).exists():
            raise CommandError("Synthetic records exist already: run with --clear first.")
        counts = synthesize(programmes=programmes, seed=seed, progress=self.stdout.write)
        for name, count in counts.items():
            self.stdout.write(f"{name:<18} {count:>7}")
        self.stdout.write(self.style.SUCCESS("Synthetic records added."))
