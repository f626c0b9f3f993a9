import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.exchange.popolo_checks import ImportRefused
from apps.exchange.popolo_import import popolo_import


class Command(BaseCommand):
    help = (
        "Import a Popolo JSON document written by export_popolo, all or nothing: records are matched with the "
        "wiki's by slug or key, and each changed record gets a revision. Bad input is reported with the JSON "
        "path of each offending value; nothing is written then."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The Popolo JSON file ('-' for standard input).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report what would change, then undo everything."
        )

    def handle(self, *args, file: str, dry_run: bool = False, **options):
        try:
            text = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"{done}/{total} records")

        try:
            report = popolo_import(text=text, dry_run=dry_run, progress=progress, comment=f"Imported from {file}")
        except ImportRefused as refused:
            raise CommandError(f"Nothing was imported: {len(refused.problems)} problems.\n{refused}") from None
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(report.summary())
