"""The sitemap the browser tests take their page list from."""

import pytest

from tests.browser.support import language_of, public_paths

pytestmark = pytest.mark.django_db


def test_sitemap_lists_every_public_page_in_english_and_in_lao(seeded):
    """The browser tests visit what the sitemap lists, so a page missing a language goes untested."""
    paths = public_paths()

    assert [path for path in paths if language_of(path) is None] == []
    english = {path.removeprefix("/en/") for path in paths if language_of(path) == "en"}
    lao = {path.removeprefix("/lo/") for path in paths if language_of(path) == "lo"}
    assert english, "the sitemap lists no English pages"
    assert english == lao
