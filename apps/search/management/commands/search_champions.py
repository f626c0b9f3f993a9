import time

from django.core.management.base import BaseCommand

from apps.search.champions import champion_min_df, champion_size, search_champions_rebuild


class Command(BaseCommand):
    help = "Rebuild the search's champion lists: the best rows of every frequent lexeme (PostgreSQL only)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        lists = search_champions_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Champion lists rebuilt: {lists} lexemes held by at least {champion_min_df()} rows,"
                f" {champion_size()} rows each at most, in {time.perf_counter() - started:.1f} s."
            )
        )
