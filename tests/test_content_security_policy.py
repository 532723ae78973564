"""The Content-Security-Policy header: built once (core/csp.py), the same as django-csp's."""

import pytest
from csp.decorators import csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from core.csp import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db


def test_every_kind_of_answer_carries_django_csps_own_policy(client, admin_client, seeded):
    policy = build_policy()
    assert "default-src 'self'" in policy
    for answer in (
        client.get("/en/"),
        client.get("/en/"),  # from the page cache
        client.get("/en/divisions/no-such-division/"),
        client.get("/robots.txt"),
        admin_client.get("/admin/"),
    ):
        assert answer["Content-Security-Policy"] == policy
        assert "Content-Security-Policy-Report-Only" not in answer


def test_a_changed_setting_changes_the_header(client, seeded, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/robots.txt")["Content-Security-Policy"] == "default-src 'none'"


def test_a_view_with_a_policy_of_its_own_keeps_it():
    @csp_update({"img-src": ["https://maps.example"]})
    def view(request):
        return HttpResponse("map")

    request = RequestFactory().get("/")
    middleware = ContentSecurityPolicyMiddleware(view)
    response = middleware(request)
    assert "img-src 'self' data: https://maps.example" in response["Content-Security-Policy"]


def test_a_nonce_asked_for_is_in_the_header(settings):
    from csp.constants import NONCE, SELF

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}

    def view(request):
        return HttpResponse(str(request.csp_nonce))

    request = RequestFactory().get("/")
    response = ContentSecurityPolicyMiddleware(view)(request)
    assert response.content.decode() in response["Content-Security-Policy"]
