from django.core.management.base import BaseCommand

from apps.search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from every findable record (bodies, states, people, documents, meetings)."

    def handle(self, *args, **options):
        written = search_index_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {written} entries."))
