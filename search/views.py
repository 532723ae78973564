"""The search page: /en/search/?q=… and /lo/search/?q=…, over the entries in the page's language.

Not kept in the page cache (which keys pages by their path alone, ``pages/cache/stored.py``):
each search is answered afresh, marked ``private, no-store`` and ``noindex``. A query the form
refuses (too long, a NUL character) is answered 400 with the form and its error.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from pages.cache.headers import private
from search.forms import SearchForm
from search.querying import LIMIT, find


def other_languages(query: str) -> list[dict]:
    """The same search in each other language: its name and address."""
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        if code != current:
            with translation.override(code):
                url = f"{reverse('search:search')}?{urlencode({'q': query})}"
            links.append(
                {
                    "code": code,
                    "name": translation.get_language_info(code)["name_local"],
                    "url": url,
                }
            )
    return links


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "results": [], "more": False, "limit": LIMIT}
    status = 200
    if not form.is_valid():
        status = 400
    elif query := form.cleaned_data["q"]:
        results, more = find(query, translation.get_language())
        context.update(query=query, results=results, more=more, elsewhere=other_languages(query))
    response = render(request, "search/search.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return private(response)
