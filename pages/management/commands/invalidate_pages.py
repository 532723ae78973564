from django.core.management.base import BaseCommand

from pages.cache import invalidate_pages


class Command(BaseCommand):
    help = (
        "Make every cached public page stale, on every app server: for a new release whose "
        "templates, translations or static files changed. make serve runs it."
    )

    def handle(self, *args, **options):
        invalidate_pages()
        self.stdout.write("Cached public pages will be rendered afresh.")
