"""Helpers shared by the browser and HTML-validity tests: the page list, and missing tools.

The pages are never listed here: they come from the site's own `/sitemap.xml`, so a page added to
the sitemap is tested without touching these tests.
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

SITEMAP_PATH = "/sitemap.xml"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LANGUAGE_PREFIXES = ("/en/", "/lo/")
# The widths the site is designed for: a small phone and a common laptop.
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# Where screenshots are written for people to look at (git-ignored).
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


def path_of(url: str) -> str:
    """The path and query of a URL, whatever host the sitemap put in front of it."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _get_sitemap(client: Client, path: str) -> ET.Element:
    response = client.get(path)
    if response.status_code != 200:
        pytest.fail(
            f"GET {path} answered {response.status_code}: the site must list its public pages "
            "in a sitemap (django.contrib.sitemaps) for these tests to find them.",
            pytrace=False,
        )
    try:
        return ET.fromstring(response.content)  # noqa: S314 - the site's own sitemap
    except ET.ParseError as error:
        pytest.fail(f"GET {path} is not XML: {error}", pytrace=False)


def public_paths(client: Client | None = None) -> list[str]:
    """The paths of every public page, in the sitemap's order, each once.

    Follows a sitemap index to its sections, so splitting the sitemap later changes nothing here.
    The host in each `<loc>` (example.com from the Sites framework, or testserver) is dropped.
    """
    client = client or Client()
    root = _get_sitemap(client, SITEMAP_PATH)
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        sections = [path_of(loc.text.strip()) for loc in root.iter(f"{SITEMAP_NS}loc")]
        roots = [_get_sitemap(client, section) for section in sections]
    else:
        roots = [root]
    paths = [
        path_of(loc.text.strip())
        for sitemap in roots
        for loc in sitemap.findall(f"{SITEMAP_NS}url/{SITEMAP_NS}loc")
        if loc.text and loc.text.strip()
    ]
    return list(dict.fromkeys(paths))


def language_of(path: str) -> str | None:
    """The language a public path is in, from its `/en/` or `/lo/` prefix."""
    return next(
        (prefix.strip("/") for prefix in LANGUAGE_PREFIXES if path.startswith(prefix)), None
    )


def file_name_for(path: str) -> str:
    """A readable, unique-enough file name for a page: `/en/divisions/2/` -> `en--divisions--2`."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "--", path.strip("/"))
    return name.strip("-") or "root"


# The password of the staff accounts the browser tests create.
PASSWORD = "a-long-passphrase-for-the-browser-test"


def signed_in(new_context, live_server, username: str):
    """A new tab of a new context (``contexts`` fixture), signed in to the back office."""
    page = new_context().new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    return page
