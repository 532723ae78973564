"""The OpenAPI 3 schema, and the documentation page made from it."""

import json

import pytest
import yaml
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

from tests.api.conftest import endpoints

pytestmark = pytest.mark.django_db

YAML = "application/vnd.oai.openapi"


def test_the_schema_is_valid_openapi_3_and_covers_every_endpoint(api):
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # against the OpenAPI 3.0 JSON Schema drf-spectacular ships
    assert schema["openapi"].startswith("3.")
    expected = set()
    for prefix in endpoints():
        expected |= {f"/api/v1/{prefix}/", f"/api/v1/{prefix}/{{identifier}}/"}
    # Only the endpoints: not the root, the schema, its page, or the catch-all 404.
    assert set(schema["paths"]) == expected


def test_the_schema_says_a_null_headcount_means_not_stated(api):
    schema = api.get("/api/v1/schema/").json()
    headcount = schema["components"]["schemas"]["Post"]["properties"]["headcount"]
    assert headcount["nullable"] is True
    assert "not state" in headcount["description"]


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/json", "application/json"),
        ("application/vnd.oai.openapi+json", "application/vnd.oai.openapi+json"),
        (None, "application/vnd.oai.openapi+json"),
        ("*/*", "application/vnd.oai.openapi+json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/vnd.oai.openapi+json"),
    ],
)
def test_the_schema_is_json_for_a_client_that_asks_for_json_or_for_anything(
    api, accept, content_type
):
    extra = {"HTTP_ACCEPT": accept} if accept else {}
    response = api.get("/api/v1/schema/", **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert json.loads(response.content)["openapi"].startswith("3.")
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize("accept", [YAML, "application/yaml"])
def test_the_schema_is_yaml_for_a_client_that_asks_for_yaml(api, accept):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{accept}; charset=utf-8"
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_the_schema_in_a_format_it_is_not_written_in_is_refused(api):
    assert api.get("/api/v1/schema/", HTTP_ACCEPT="text/csv").status_code == 406


def test_the_schema_is_generated_at_most_once_per_language_however_often_it_is_asked_for(
    api, monkeypatch
):
    generated = []
    generate = SchemaGenerator.get_schema

    def counted(self, *args, **kwargs):
        generated.append(kwargs)
        return generate(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)
    for address in ["/api/v1/schema/", "/api/v1/docs/"] * 3:
        for query in ["", "?lang=lo"]:
            assert api.get(address + query).status_code == 200
    # Once each in English and in Lao, or not at all if an earlier test made them already.
    assert len(generated) <= 2


def test_the_schema_is_written_as_yaml_at_most_once_per_language_however_often_it_is_asked_for(
    api, monkeypatch
):
    written = []
    render = OpenApiYamlRenderer.render

    def counted(self, *args, **kwargs):
        written.append(args)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(OpenApiYamlRenderer, "render", counted)
    for _ in range(3):
        for query in ["", "?lang=lo"]:
            response = api.get(f"/api/v1/schema/{query}", HTTP_ACCEPT=YAML)
            assert response.status_code == 200
            assert response.content.startswith(b"openapi: 3.")
    assert len(written) <= 2


def test_the_documentation_page_lists_the_endpoints_with_no_inline_script_or_style(api):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    html = response.content.decode()
    assert "<script" not in html and "<style" not in html and " style=" not in html
    for prefix in endpoints():
        assert f"/api/v1/{prefix}/" in html
    assert "headcount" in html


def test_the_documentation_page_in_lao(api):
    response = api.get("/api/v1/docs/?lang=lo")
    assert response.status_code == 200
    assert '<html lang="lo">' in response.content.decode()
    assert api.get("/api/v1/docs/?lang=zz").status_code == 400


def test_the_documentation_page_gives_each_choice_fields_choices(api):
    html = api.get("/api/v1/docs/").content.decode()
    assert "co-proponent" in html  # a partner's role
    assert "quarter" in html  # a schedule's precision
    assert "Access-Control" not in html  # no code comment taken for a description
