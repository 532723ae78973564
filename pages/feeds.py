"""What every Atom feed (RFC 4287) of the site shares: the request kept for the tag URIs' host,
the feed's own address as its id and self link, and the Department as author. Each app's feeds
(``programmes/feeds.py``, ``org/feeds.py``) subclass ``AtomFeed`` and are served through
``pages.public.public_page`` like every page.

Entry ids are tag URIs (RFC 4151) built from natural keys, so they stay the same across an
export and import of the records, and a changed record keeps its id with a new ``updated``.
"""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The year in the tag URIs' authority (RFC 4151): fixed, so ids never change.
TAG_YEAR = "2026"


class AtomFeed(Feed):
    """A feed object is made for each request (it keeps the request): ``Feed()(request)``."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def tag(self, path: str) -> str:
        host = self.request.get_host().split(":")[0]
        return f"tag:{host},{TAG_YEAR}:{get_language()}/{path}"

    def feed_url(self, obj) -> str:
        return self.request.path

    def feed_guid(self, obj) -> str:
        return self.request.build_absolute_uri(self.request.path)

    def author_name(self) -> str:
        return _("ASEAN Department, Ministry of Foreign Affairs of the Lao PDR")
