"""``public_page``: how every public page is served. Preview access first, then the page cache."""

from pages.cache import cached_for_visitors
from pages.preview import allow_preview


def public_page(view):
    return allow_preview(cached_for_visitors(view))
