from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core.contributions import Contribution


class SearchConfig(AppConfig):
    """The site search: an index of what visitors may read, in English and in Lao, kept in step
    with every save of the models the apps declare ``searchable`` (``indexing.py``), and the page
    at /en/search/ and /lo/search/ (``views.py``). Names no domain app."""

    name = "search"
    verbose_name = _("Search")
    contribution = Contribution(public_urls=("search/", "search.urls"))

    def ready(self) -> None:
        from search import indexing

        indexing.follow_saves()
        post_migrate.connect(indexing.fill_if_empty, sender=self)
