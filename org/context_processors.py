"""Context every public page needs: the same page in each language, and where we are."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_info


def site(request):
    """``language_links``: this page in each language, for the switcher and the hreflang links;
    ``section``: the main navigation entry to mark as current."""
    links = []
    match = request.resolver_match
    for code, _name in settings.LANGUAGES:
        if match is None:
            # A page that does not exist has no translation: offer each language's home page.
            with translation.override(code):
                url = reverse("org:home")
        else:
            url = translate_url(request.path, code)
        links.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
            }
        )
    section = SECTIONS.get(match.view_name, "") if match else ""
    return {
        "language_links": links,
        "section": section,
        "preview": getattr(request, "preview", False),
    }


SECTIONS = {
    "org:home": "home",
    "org:structure": "structure",
    "org:division_detail": "structure",
    "org:mandate_list": "mandates",
    "org:relatedbody_list": "related",
    "programmes:programme_list": "programmes",
    "programmes:leg_detail": "programmes",
}
