from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Make the site search's index again from what visitors may read, in every language: "
        "after restoring a backup or importing records, or if a search misses a published record. "
        "One transaction: on a failure the index is left as it was."
    )

    def handle(self, *args, **options):
        try:
            written = rebuild()
        except DatabaseError as error:
            raise CommandError(
                f"The search index was not rebuilt, and is as it was: {error}. Has `manage.py "
                "migrate` been run on this database?"
            ) from error
        except Exception as error:
            raise CommandError(
                f"The search index was not rebuilt, and is as it was: {type(error).__name__}: "
                f"{error}"
            ) from error
        self.stdout.write(f"Search index rebuilt: {written} entries.")
