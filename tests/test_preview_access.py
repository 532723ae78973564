"""Who may preview drafts on the public design, and the page cache's key."""

import pytest

from org.models import Department
from publishing.roles import VIEWERS
from tests.factories import DivisionFactory
from tests.helpers import staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(seeded):
    return DivisionFactory(
        department=Department.objects.get(), name_en="Draft Division", draft=True
    )


def test_staff_without_permission_to_view_the_records_see_no_draft(client, draft):
    client.force_login(staff_member())
    response = client.get(draft.get_absolute_url() + "?preview=1")
    assert (response.status_code, response["Location"]) == (302, draft.get_absolute_url())


def test_a_viewer_may_preview(client, draft):
    client.force_login(staff_member(VIEWERS))
    response = client.get(draft.get_absolute_url() + "?preview=1")
    assert response.status_code == 200
    assert "Draft Division" in response.content.decode()


def test_switching_language_in_a_preview_stays_in_the_preview(client, draft):
    client.force_login(staff_member(VIEWERS))
    page = client.get(draft.get_absolute_url() + "?preview=1").content.decode()
    lao_url = draft.get_absolute_url().replace("/en/", "/lo/", 1) + "?preview=1"
    assert f'href="{lao_url}" hreflang="lo"' in page
    assert client.get(lao_url).status_code == 200


def test_visitors_language_links_carry_no_preview(client, seeded):
    page = client.get("/en/structure/").content.decode()
    assert 'href="/lo/structure/" hreflang="lo"' in page
    assert "preview=1" not in page


@pytest.mark.parametrize("host", ["LOCALHOST", "localhost.", "localhost:80"])
def test_spellings_of_one_host_share_one_cached_page(client, seeded, host, settings):
    from django.test import RequestFactory

    from pages.cache.stored import page_key

    settings.ALLOWED_HOSTS = ["localhost", "localhost."]
    plain = RequestFactory().get("/en/", HTTP_HOST="localhost")
    other = RequestFactory().get("/en/", HTTP_HOST=host)
    assert page_key(other) == page_key(plain)


def test_another_port_is_another_site(settings):
    from django.test import RequestFactory

    from pages.cache.stored import page_key

    settings.ALLOWED_HOSTS = ["localhost"]
    assert page_key(RequestFactory().get("/en/", HTTP_HOST="localhost:8000")) != page_key(
        RequestFactory().get("/en/", HTTP_HOST="localhost")
    )
