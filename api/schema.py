"""The OpenAPI 3 schema, ``/api/v1/schema/``, generated and rendered once per process.

The schema is made from the code alone (the URLconf, the serializers, the settings), never from
the records or the request, so it can change only with a release, and a release restarts the
processes. Generating it takes tens of milliseconds of introspection, and writing it as YAML as
long again, for the same answer each time: each language's schema is made on first use, each
format's text of it on first use too, and both are kept for the life of the process. The
documentation page (``docs.py``) reads the same schema.
"""

import functools
import threading

from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import BaseRenderer
from rest_framework.views import APIView

from api.views import OpenToEveryOrigin, requested_language

# Threads of one worker asking at once, just after a start, wait for the first one's work
# rather than each doing their own.
_making = threading.Lock()


@functools.cache
def _generated(language: str) -> dict:
    with translation.override(language):
        return SchemaGenerator().get_schema(request=None, public=True)


@functools.cache
def _rendered(language: str, renderer: type[BaseRenderer]) -> bytes:
    text = renderer().render(_generated(language), renderer.media_type, {})
    return text.encode() if isinstance(text, str) else text


def openapi_schema(language: str) -> dict:
    """The schema, its text in ``language``. One copy shared by every request: read it only."""
    with _making:
        return _generated(language)


def rendered_schema(language: str, renderer: type[BaseRenderer]) -> bytes:
    """The schema in ``language`` as ``renderer`` writes it."""
    with _making:
        return _rendered(language, renderer)


class SchemaView(OpenToEveryOrigin, APIView):
    """The OpenAPI 3 schema: JSON unless YAML is asked for.

    JSON as ``application/vnd.oai.openapi+json`` (the first, so what a client that states no
    preference gets), or as ``application/json`` to a client that asks for that, as many HTTP
    libraries do by default; YAML to ``Accept: application/vnd.oai.openapi`` or
    ``application/yaml``. Any other type alone is a 406."""

    renderer_classes = [
        OpenApiJsonRenderer,
        OpenApiJsonRenderer2,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        language = requested_language(request)
        renderer = request.accepted_renderer
        content_type = renderer.media_type
        if renderer.charset:
            content_type += f"; charset={renderer.charset}"
        response = HttpResponse(
            rendered_schema(language, type(renderer)), content_type=content_type
        )
        title = openapi_schema(language)["info"]["title"]
        response["Content-Disposition"] = f'inline; filename="{title}.{renderer.format}"'
        return response
