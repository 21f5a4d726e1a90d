"""`python manage.py build_national_dataset [--scale 1.0] [--seed 2026]`: the national data
set (portal/national_dataset) on an empty PostgreSQL database, for benchmarks."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.national_dataset import DatasetRefused, build


class Command(BaseCommand):
    help = (
        "Fill an empty PostgreSQL database with a national-scale data set (50 départements, "
        "350,000 bookings, 1,000,000 participants at scale 1) and print its accounts. "
        "A developer tool: its passwords are public."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiplies every count (default 1.0)."
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="The same seed builds the same data set."
        )

    def handle(self, *args, scale, seed, **options):
        if connection.vendor == "postgresql" and self._unapplied_migrations():
            call_command("migrate", interactive=False, verbosity=0)
        try:
            report = build(scale=scale, seed=seed, progress=self.stdout.write)
        except DatasetRefused as refused:
            raise CommandError(str(refused)) from None

        self.stdout.write(self.style.SUCCESS(f"National data set built in {report.seconds:.1f} s."))
        self.stdout.write("\nRows by table:")
        for table, count in report.counts.items():
            self.stdout.write(f"  {table:<32} {count:>10,}")
        self.stdout.write(f"\nAccounts (password {report.password}):")
        for who, email in report.accounts:
            self.stdout.write(f"  {email:<28} {who}")
        self.stdout.write(
            f"\n{report.large_structure}: {report.large_structure_bookings:,} bookings made "
            "over the last 12 months."
        )
        self.stdout.write(f"Upcoming Paris slot with room to book: id {report.bench_slot}")
        self.stdout.write(f"Past booking of the large Paris relay: {report.bench_booking}")

    def _unapplied_migrations(self):
        executor = MigrationExecutor(connection)
        return executor.migration_plan(executor.loader.graph.leaf_nodes())
