import reversion
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.bodies.dataset import load_aliases, load_bodies
from apps.core.dataset import MEETING_REPORTS, load_sources
from apps.documents.dataset import load_documents
from apps.meetings.dataset import load_meetings, meeting_misdated
from apps.membership.dataset import correct_attested_dates, load_membership
from apps.search.services import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Load the CSTO dataset (sources, bodies, members, documents, meetings). Safe to run again: "
        "records that exist are left as "
        "staff edited them, unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite existing dataset records with the dataset's values."
        )

    def handle(self, *args, update: bool = False, **options):
        # One revision holds the whole load, so every record starts with a history.
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Loaded from the CSTO dataset (load_csto)")
            # A database loaded when the December 2021 report was misread as one of 2022 gets the report's
            # sources and the holdings it attests corrected too, not only the meeting (load_meetings).
            misdated = meeting_misdated()
            sources, source_writes = load_sources(update=update, refresh=MEETING_REPORTS if misdated else ())
            body_writes = load_bodies(sources=sources, update=update)
            membership_writes = load_membership(sources=sources)
            if misdated:
                membership_writes += correct_attested_dates(old="2022")
            document_writes = load_documents(sources=sources)
            meeting_writes = load_meetings(sources=sources)
            alias_writes = load_aliases(sources=sources)
            search_index_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"CSTO dataset loaded: {source_writes} sources, {body_writes} bodies and relations, "
                f"{membership_writes} states, people, posts and memberships, "
                f"{document_writes} documents, clauses and legal bases, {meeting_writes} meetings, "
                f"{alias_writes} aliases written."
            )
        )
