from pathlib import Path

import reversion
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.search.services import search_index_rebuild
from apps.site.loader.corrections import corrections
from apps.site.loader.files import DATASET_DIR, DatasetError, read_dataset
from apps.site.loader.write import Writer


class Command(BaseCommand):
    help = (
        f"Load the CSTO dataset ({DATASET_DIR}/*.toml; format in docs/dataset.md). Safe to run again: records "
        "that exist are left as staff edited them (only missing citations are added), unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite existing dataset records with the dataset's values."
        )
        parser.add_argument("--check", action="store_true", help="Check the dataset files; write nothing.")
        parser.add_argument(
            "--dataset", type=Path, default=DATASET_DIR, help=f"The directory of *.toml files (default {DATASET_DIR})."
        )

    def handle(self, *args, update: bool = False, check: bool = False, dataset: Path = DATASET_DIR, **options):
        try:
            dataset = read_dataset(dataset)
        except DatasetError as error:
            raise CommandError(str(error)) from error
        if check:
            counts = ", ".join(f"{len(rows)} {table}" for table, rows in dataset.records.items() if rows)
            self.stdout.write(self.style.SUCCESS(f"The dataset is valid: {counts}."))
            return
        # One revision holds the whole load, so every record starts with a history.
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Loaded from the CSTO dataset (load_csto)")
            writer = Writer(dataset, update=update, refresh=corrections())
            written = writer.run()
            search_index_rebuild()
        for problem in writer.skipped:
            self.stderr.write(f"Not written (it conflicts with what the database holds): {problem}")
        detail = ", ".join(f"{count} {table}" for table, count in sorted(written.items()))
        self.stdout.write(
            self.style.SUCCESS(f"CSTO dataset loaded: {sum(written.values())} records written ({detail or 'none'}).")
        )
