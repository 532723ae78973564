"""Context every public page needs: the same page in each language, and where we are."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_info

from core.contributions import nav_key_for_view, navigation
from pages.preview import PREVIEW_PARAMETER, in_preview
from pages.reversing import reverse as reverse_remembered


def site(request):
    """``language_links``: this page in each language, for the switcher and the hreflang links;
    ``navigation``: the main menu the apps declare; ``section``: its entry to mark as current;
    ``home_url``: the site's home page (``HOME_URL_NAME``), in the page's language."""
    links = []
    match = request.resolver_match
    preview = in_preview(request)
    for code, _name in settings.LANGUAGES:
        if match is None:
            # A page that does not exist has no translation: offer each language's home page.
            with translation.override(code):
                url = reverse(settings.HOME_URL_NAME)
        else:
            url = translate_url(request.path, code)
        links.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                # Someone previewing a draft switches language and goes on previewing it (the
                # draft has no public page to switch to). Crawlers' hreflang links stay plain.
                "url": f"{url}?{PREVIEW_PARAMETER}=1" if preview else url,
                "absolute_url": request.build_absolute_uri(url),
            }
        )
    section = nav_key_for_view().get(match.view_name, "") if match else ""
    return {
        "language_links": links,
        "navigation": navigation(),
        "section": section,
        "preview": preview,
        "home_url": reverse_remembered(settings.HOME_URL_NAME),
    }
