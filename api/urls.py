"""``/api/v1/``: the root listing the endpoints the apps declare, the OpenAPI 3 schema and its
documentation page. Included by ``config/urls.py`` under the namespace ``api``."""

from django.urls import path, re_path
from django.utils.module_loading import import_string
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.routers import APIRootView, DefaultRouter
from rest_framework.views import APIView

from api.docs import documentation
from api.schema import SchemaView
from api.views import OpenToEveryOrigin
from core.contributions import api_viewsets


class RootView(OpenToEveryOrigin, APIRootView):
    """The list of endpoints."""


class NoSuchAddress(OpenToEveryOrigin, APIView):
    """Any other address under ``/api/v1/`` (``/api/v1/posts/1/junk``, an unknown endpoint): a
    404 in JSON, with the CORS headers, as the API's own errors are, not the site's HTML page."""

    @extend_schema(exclude=True)  # not an endpoint: no entry in the schema or its page
    def get(self, request, *args, **kwargs):
        raise NotFound("No such address in the API: its root lists the endpoints.")


class Router(DefaultRouter):
    """No ``.json`` suffixes (one address per answer, and every answer is JSON); the root lists
    the schema and its documentation page after the endpoints."""

    include_format_suffixes = False
    APIRootView = RootView

    def get_api_root_view(self, api_urls=None):
        view = super().get_api_root_view(api_urls)
        view.initkwargs["api_root_dict"].update({"schema": "schema", "docs": "docs"})
        return view


def router() -> Router:
    found = Router()
    for prefix, dotted in api_viewsets():
        found.register(prefix, import_string(dotted), basename=prefix)
    return found


urlpatterns = [
    *router().urls,
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", documentation, name="docs"),
    re_path(r"", NoSuchAddress.as_view()),
]
