"""The API's documentation page, ``/api/v1/docs/``: plain HTML generated from the OpenAPI
schema on the server.

Swagger UI and Redoc run scripts that need what the site's Content-Security-Policy forbids
(inline styles, and code from other hosts unless vendored), so the page is rendered here
instead: each endpoint with its parameters and the fields of its records, the schema's own
descriptions. No script at all; the site's stylesheet. ``?lang=lo`` gives the page's own words
in Lao (the schema's descriptions are in English).
"""

import functools

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import APIException
from rest_framework.reverse import reverse

from config.api.views import OpenToEveryOrigin, requested_language


class SchemaView(OpenToEveryOrigin, SpectacularAPIView):
    """The OpenAPI 3 schema: JSON unless YAML is asked for (``Accept: application/vnd.oai.openapi``)."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        requested_language(request)
        return super().get(request, *args, **kwargs)


@functools.cache
def _schema(language: str) -> dict:
    with translation.override(language):
        return SchemaGenerator().get_schema(request=None, public=True)


def _fields(schema: dict, reference: dict | None) -> list[dict]:
    """The fields of a component (``{"$ref": "#/components/schemas/X"}``), nested ones flattened
    as ``parent.child``."""
    if not reference or "$ref" not in reference:
        return []
    component = schema["components"]["schemas"][reference["$ref"].rsplit("/", 1)[-1]]
    fields = []
    for name, spec in component.get("properties", {}).items():
        kind = spec.get("type", "object")
        item = spec.get("items", {})
        if kind == "array" and "$ref" not in item:
            kind = f"array of {item.get('type', 'object')}"
        fields.append(
            {
                "name": name,
                "type": kind,
                "nullable": spec.get("nullable", False),
                "description": spec.get("description", ""),
                "enum": spec.get("enum", ()),
            }
        )
        nested = item if "$ref" in item else spec if "$ref" in spec else None
        for child in _fields(schema, nested):
            fields.append({**child, "name": f"{name}.{child['name']}"})
    return fields


def _endpoints(schema: dict) -> list[dict]:
    endpoints = []
    for address, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None or address.endswith("/schema/"):
            continue
        body = operation["responses"]["200"].get("content", {}).get("application/json", {})
        record = body.get("schema", {})
        many = "results" in record.get("properties", {}) or record.get("type") == "array"
        if "$ref" in record and "Paginated" in record["$ref"]:
            component = schema["components"]["schemas"][record["$ref"].rsplit("/", 1)[-1]]
            record = component["properties"]["results"]["items"]
            many = True
        endpoints.append(
            {
                "address": address,
                "summary": operation.get("description", ""),
                "many": many,
                "parameters": operation.get("parameters", []),
                "fields": _fields(schema, record),
            }
        )
    return endpoints


def documentation(request: HttpRequest) -> HttpResponse:
    try:
        language = requested_language(request)
    except APIException as exc:
        return HttpResponseBadRequest(str(exc.detail), content_type="text/plain; charset=utf-8")
    schema = _schema(language)
    with translation.override(language):
        return render(
            request,
            "api/docs.html",
            {
                "info": schema["info"],
                "endpoints": _endpoints(schema),
                "schema_url": reverse("api:schema"),
                "root_url": reverse("api:api-root"),
            },
        )
