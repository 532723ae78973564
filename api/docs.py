"""The API's documentation page, ``/api/v1/docs/``: plain HTML generated from the OpenAPI
schema on the server.

Swagger UI and Redoc run scripts that need what the site's Content-Security-Policy forbids
(inline styles, and code from other hosts unless vendored), so the page is rendered here
instead: each endpoint with its parameters and the fields of its records, the schema's own
descriptions. No script at all; the site's stylesheet. ``?lang=lo`` gives the page's own words
in Lao (the schema's descriptions are in English).
"""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from rest_framework.exceptions import APIException
from rest_framework.reverse import reverse

from api.schema import openapi_schema
from api.views import requested_language


def _component(schema: dict, spec: dict) -> dict | None:
    """The component a field refers to (``$ref``, or the one of an ``allOf``), if any."""
    reference = spec.get("$ref") or next(
        (p["$ref"] for p in spec.get("allOf", ()) if "$ref" in p), None
    )
    return schema["components"]["schemas"][reference.rsplit("/", 1)[-1]] if reference else None


def _type(spec: dict) -> str:
    kind = spec.get("type", "object")
    return f"{kind} ({spec['format']})" if "format" in spec else kind


def _fields(schema: dict, component: dict | None) -> list[dict]:
    """The fields of a component, nested records' fields flattened as ``parent.child``."""
    fields = []
    for name, spec in (component or {}).get("properties", {}).items():
        items = spec.get("items", {})
        referred = _component(schema, items if spec.get("type") == "array" else spec)
        # An enumeration is a value, with its choices; anything else referred to is a record.
        described = referred if referred and "enum" in referred else spec
        kind = _type(described)
        if spec.get("type") == "array":
            kind = f"array of {_type(referred or items)}"
        fields.append(
            {
                "name": name,
                "type": kind,
                "nullable": spec.get("nullable", False),
                "description": spec.get("description", ""),
                "enum": [value for value in described.get("enum", ()) if value],
            }
        )
        if referred and "enum" not in referred:
            fields += [{**f, "name": f"{name}.{f['name']}"} for f in _fields(schema, referred)]
    return fields


def _endpoints(schema: dict) -> list[dict]:
    endpoints = []
    for address, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None or address.endswith("/schema/"):
            continue
        body = operation["responses"]["200"].get("content", {}).get("application/json", {})
        record = _component(schema, body.get("schema", {}))
        many = "results" in (record or {}).get("properties", {})
        if many:
            record = _component(schema, record["properties"]["results"]["items"])
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
    schema = openapi_schema(language)
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
