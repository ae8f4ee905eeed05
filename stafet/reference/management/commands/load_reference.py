from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stafet.reference.loaders import ReferenceDataError, load_reference


class Command(BaseCommand):
    help = (
        "Load the reference data (ISCO-08 occupations, industries, municipalities, postcodes, languages, "
        "countries) from stafet/reference/data. Idempotent and all-or-nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=None, help="read the csv files from this folder")

    def handle(self, *args, **options):
        try:
            counts = load_reference(stdout=self.stdout, data_dir=options["data_dir"])
        except ReferenceDataError as exc:
            raise CommandError(f"nothing loaded: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded: {sum(counts.values())} rows."))
