from pathlib import Path

from django.core.management.base import BaseCommand

from apps.exchange.popolo_export import popolo_json


class Command(BaseCommand):
    help = "Write the whole wiki as one Popolo JSON document to FILE, or to standard output without one."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write the JSON (standard output if left out).")
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, e.g. https://wiki.example.org: adds links to each record's page.",
        )

    def handle(self, *args, file: str | None = None, base_url: str = "", **options):
        text = popolo_json(base_url=base_url.rstrip("/"))
        if file:
            Path(file).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {file} ({len(text.encode())} bytes).")
        else:
            self.stdout.write(text, ending="")
