"""What each app adds to the site, declared on its ``AppConfig`` and read here.

Site-wide machinery (the page cache, the roles, the record set, the navigation, the sitemap)
never names an app: it iterates the installed apps and reads their ``contribution``. An app
that declares none adds nothing. Order follows ``INSTALLED_APPS``, so an app's parents (the
apps it imports) come first, in the navigation and in the record set alike.

To add a public page: add its URL to the app's ``urls.py`` and, for a menu entry or a sitemap
entry, a ``NavItem`` or a URL name to the ``contribution`` in the app's ``apps.py``.

To add an endpoint to the open data API (``/api/v1/``, ``api/``): in the app's ``api.py``,
write a serializer and a viewset subclassing ``api.views.PublishedRecordViewSet`` with
``serializer_class``, ``records()`` (the published records, with their joins, so that the list
costs the same queries however long it is) and ``record(identifier)`` (one of them, or Http404);
then add one line ``("<prefix>", "<app>.api.<ViewSet>")`` to ``api_viewsets`` in the app's
``contribution``. The API's root, schema and documentation page list it from there; add it to
``tests/api/`` (the published-only, ``?lang`` and query-count tests take a list of endpoints).

To make a model's records found by the site search (``search/``): add a ``SearchSpec`` to the
app's ``searchable``, naming what visitors read of a record (its title, text and address, as
attributes or methods) and the records read with it (``joined``: fetched in the same query, so
their Lao is what visitors read too). The index follows the model's saves by itself.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import AppConfig, apps
from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    """An entry of the main navigation, and the home page's card for it."""

    key: str
    label: str | Promise
    url_name: str
    # Other views that belong to this entry (a Division's page belongs to "Structure").
    also_for: tuple[str, ...] = ()
    # Shown on the home page's card; no card without one.
    description: str | Promise = ""
    # The card's heading, when it says more than the menu's label.
    card_title: str | Promise = ""

    @property
    def heading(self) -> str | Promise:
        return self.card_title or self.label


@dataclass(frozen=True)
class SectionSpec:
    """A section of the record set: its name in files, and the app's model it holds."""

    name: str
    model_name: str


@dataclass(frozen=True)
class SearchSpec:
    """A model whose visible records the site search finds (``search/``), and what it reads of
    each as visitors read it: attributes or methods without arguments, dotted through the records
    in ``joined`` (fetched with it, so that their Lao is what visitors read too)."""

    model_name: str
    title: str = "__str__"
    text: tuple[str, ...] = ()
    url: str = "get_absolute_url"
    # ``select_related`` paths: the records the title, text and address read.
    joined: tuple[str, ...] = ()
    # Rows shown with the record (reverse relations), and what the entry reads of each.
    rows: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Contribution:
    # Where the app's public pages live: (path prefix under /en/ and /lo/, URLconf module).
    public_urls: tuple[str, str] | None = None
    # Record-set sections, parents before children: the app's content models (below).
    record_sections: tuple[SectionSpec, ...] = ()
    navigation: tuple[NavItem, ...] = ()
    # URL names of pages without parameters, for the sitemap.
    sitemap_pages: tuple[str, ...] = ()
    # Sitemap name -> dotted path of a Sitemap class, for pages with parameters.
    sitemaps: dict[str, str] = field(default_factory=dict)
    # Dotted paths of functions (request) -> ``publishing.dashboard.Section`` or None: the app's
    # lists on the back office's front page.
    dashboard_sections: tuple[str, ...] = ()
    # The app's endpoints in the open data API: (URL prefix under /api/v1/, dotted path of a
    # ``api.views.PublishedRecordViewSet``).
    api_viewsets: tuple[tuple[str, str], ...] = ()
    # Dotted paths of ``records.companions.Companion`` objects: sections an app above ``records``
    # adds to the record set, read and written after the content (the publishing app's working
    # copies and review states).
    record_companions: tuple[str, ...] = ()
    # The models the site search finds, parents first (``search/``).
    searchable: tuple[SearchSpec, ...] = ()

    @property
    def content_models(self) -> tuple[str, ...]:
        """The app's models that the public pages show: saving one makes cached pages stale,
        the secretariat's roles get permissions on each, and each keeps a change history. They
        are the models of the record set, which holds the content and nothing else: one list,
        so that no content model can be left out of the record set, or the reverse."""
        return tuple(spec.model_name for spec in self.record_sections)


def contributing_apps() -> Iterator[tuple[AppConfig, Contribution]]:
    for app_config in apps.get_app_configs():
        contribution = getattr(app_config, "contribution", None)
        if contribution is not None:
            yield app_config, contribution


def content_models(app_label: str | None = None) -> list[type[models.Model]]:
    """The content models of every app, or of the app ``app_label``."""
    return [
        app_config.get_model(name)
        for app_config, contribution in contributing_apps()
        if app_label in (None, app_config.label)
        for name in contribution.content_models
    ]


def navigation() -> list[NavItem]:
    return [item for _app, contribution in contributing_apps() for item in contribution.navigation]


def nav_key_for_view() -> dict[str, str]:
    """View name -> the navigation entry to mark as current."""
    keys = {}
    for item in navigation():
        for view_name in (item.url_name, *item.also_for):
            keys[view_name] = item.key
    return keys


def public_urlconfs() -> list[tuple[str, str]]:
    return [c.public_urls for _app, c in contributing_apps() if c.public_urls]


def sitemap_pages() -> list[str]:
    return [name for _app, c in contributing_apps() for name in c.sitemap_pages]


def sitemap_classes() -> dict[str, str]:
    found: dict[str, str] = {}
    for _app, contribution in contributing_apps():
        found.update(contribution.sitemaps)
    return found


def api_viewsets() -> list[tuple[str, str]]:
    return [entry for _app, c in contributing_apps() for entry in c.api_viewsets]


def searchable() -> list[tuple[AppConfig, SearchSpec]]:
    return [(app, spec) for app, c in contributing_apps() for spec in c.searchable]
