"""``PublishedRecordViewSet``: what every endpoint of the API has in common.

An app's endpoint subclasses it with a serializer, ``records()`` (the published records, each
query written once with its joins, so that a list costs the same queries however long) and
``record(identifier)`` (one of them, or ``Http404``). The base class does the rest:

- ``records()`` selects what visitors see (``visible_to(Audience.VISITOR)`` in the apps'
  selectors, the rule the public pages follow): Lao only where a publisher reviewed it;
  ``?lang=lo`` then gives the Lao, English where there is none;
- a query parameter the endpoint does not know, given twice, or not written the one way it is
  written (``?page=2``, not ``?page=02`` or ``?page=last``), or an unknown language, is a 400
  that says so: each answer then has one address, and so one entry in the cache;
- a record answers at its ``id`` only, never at another spelling of it (``/legs/<slug>.03/``);
- answers are cached and revalidated like public pages (``api/caching.py``); a record's
  404 may be kept by a shared cache as long as an answer, as a page's is;
- only GET, HEAD and OPTIONS: anything else is 405.
"""

from collections.abc import Iterable

from django.conf import settings
from django.http import Http404
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import APIException
from rest_framework.reverse import reverse

from api.caching import cached_answer
from api.pagination import WHOLE_NUMBER
from pages.cache import public_missing

LANGUAGE_PARAMETER = "lang"
# A record's identifier in addresses: a slug, or a parent's slug and the record's, joined by
# "." (which no slug holds): "asean-department.external-partners-division".
IDENTIFIER = r"[-a-zA-Z0-9_]+(?:\.[-a-zA-Z0-9_]+)?"


class BadQuery(APIException):
    status_code = 400
    default_detail = "Bad query string."
    default_code = "bad_query"


def requested_language(request) -> str:
    """``?lang=`` (English if not given), or a 400 naming the languages there are."""
    codes = [code for code, _name in settings.LANGUAGES]
    value = request.GET.get(LANGUAGE_PARAMETER, settings.LANGUAGE_CODE)
    if value not in codes:
        raise BadQuery(
            f"Unknown language in ?{LANGUAGE_PARAMETER}=: use one of {', '.join(codes)}."
        )
    return value


LANGUAGE_DOC = OpenApiParameter(
    LANGUAGE_PARAMETER,
    OpenApiTypes.STR,
    enum=["en", "lo"],
    description="Language of the text fields: `en` (default) or `lo`. Lao is given where a "
    "publisher has reviewed it; English otherwise.",
)
IDENTIFIER_DOC = OpenApiParameter(
    "identifier",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The record's `id`.",
)


def absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def api_url(request, basename: str, identifier: str) -> str:
    """The API address of a record of the endpoint ``basename`` (its prefix)."""
    return absolute(request, reverse(f"api:{basename}-detail", args=[identifier]))


class OpenToEveryOrigin:
    """CORS: any site's scripts may read the answers (``Access-Control-Allow-Origin: *``).

    The API is public, read-only and knows no one (no sign-in, no cookies read), so there is
    nothing a browser would leak by letting another site's page read it; ``*`` never carries
    credentials. Only simple GETs, so no preflight to answer. ETag and Retry-After are exposed
    for conditional requests and the rate limit."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        return response


class PublishedRecordViewSet(
    OpenToEveryOrigin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Published records."""  # the schema's description of an endpoint that gives none

    lookup_field = "identifier"
    lookup_value_regex = IDENTIFIER
    # Query parameters each action accepts; any other is refused.
    list_parameters = frozenset({LANGUAGE_PARAMETER, "page", "page_size"})
    detail_parameters = frozenset({LANGUAGE_PARAMETER})

    def records(self) -> Iterable:
        raise NotImplementedError

    def record(self, identifier: str):
        raise NotImplementedError

    def get_queryset(self):
        return self.records()

    def get_object(self):
        identifier = self.kwargs[self.lookup_field]
        found = self.record(identifier)
        # A record's one address is its ``id`` as the API writes it: another spelling of its
        # key that ``record()`` reads as the same (``03`` for 3, other letter case where the
        # database ignores it) would be a second address, one more answer in the cache and
        # one more key for the same record in clients' data.
        if self.get_serializer_class().identifier(found) != identifier:
            raise Http404("No such record: use its id as the API writes it.")
        return found

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)  # the rate limit first
        allowed = self.list_parameters if self.action == "list" else self.detail_parameters
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            raise BadQuery(
                f"Unknown query parameter {', '.join(unknown)!s}: this address accepts "
                f"{', '.join(sorted(allowed))}."
            )
        repeated = sorted(name for name, values in request.GET.lists() if len(values) > 1)
        if repeated:
            raise BadQuery(f"Give each query parameter once: {', '.join(repeated)}.")
        page = request.GET.get("page")
        if page is not None and not WHOLE_NUMBER.fullmatch(page):
            raise BadQuery("?page= is a page number from 1, in digits, e.g. ?page=2.")
        self.language = requested_language(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 404:
            public_missing(response)  # a record taken down: nginx's copy of it goes too
        return response

    def _answer(self, handler, request, *args, **kwargs):
        def make():
            with translation.override(self.language):
                response = handler(request, *args, **kwargs)
                response = self.finalize_response(request, response, *args, **kwargs)
                response["Content-Language"] = self.language
                return response.render()

        return cached_answer(request, make)

    @extend_schema(parameters=[LANGUAGE_DOC])
    def list(self, request, *args, **kwargs):
        return self._answer(super().list, request, *args, **kwargs)

    @extend_schema(parameters=[LANGUAGE_DOC, IDENTIFIER_DOC])
    def retrieve(self, request, *args, **kwargs):
        return self._answer(super().retrieve, request, *args, **kwargs)
