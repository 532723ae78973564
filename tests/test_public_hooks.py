"""The project extends Django and the packages through their public hooks only (STYLE.md, 23):
no assignment to a library's attributes, no call to its private names."""

import io
import re
import tokenize
from pathlib import Path

import pytest
from csp.exceptions import CSPNonceError
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from backoffice.sites import BackOfficeSite
from backoffice.two_factor import devices
from core.csp import ContentSecurityPolicyMiddleware
from tests.helpers import admin_url, project_packages

ROOT = Path(settings.BASE_DIR)
# Private names of Django and the packages the project once reached for, and assignments that
# patch a library's objects: a model's options (``_meta``, or ``opts``), a site's or app's
# attributes, an admin method's label. django-csp's ``csp_exempt`` is not honoured by the
# middleware's fast path (core/csp.py), so it is not used either.
FORBIDDEN = re.compile(
    r"_get_foreign_key|_get_connection_pool|_boolean_icon|CheckableLazyObject|_csp_nonce"
    r"|\._meta\s*=(?!=)|\._meta\.[\w.]+\s*=(?!=)|\bopts\.\w+\s*=(?!=)|\.get_urls\s*=(?!=)"
    r"|\.short_description\s*=(?!=)|get_app_config\(.*\)\.\w+\s*=(?!=)|\bcsp_exempt\b"
)


def code_lines(path: Path) -> dict[int, str]:
    """Each line's code without its comments and strings (docstrings may name what they avoid),
    tokens joined so that ``x._meta.verbose_name = y`` reads ``x._meta.verbose_name=y``."""
    lines: dict[int, list[str]] = {}
    skipped = {tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE}
    for token in tokenize.tokenize(io.BytesIO(path.read_bytes()).readline):
        if token.type not in skipped and token.string.strip():
            lines.setdefault(token.start[0], []).append(token.string)
    return {
        number: re.sub(r" ?([.=(),\[\]]) ?", r"\1", " ".join(tokens))
        for number, tokens in lines.items()
    }


def test_the_check_sees_a_patch_and_a_private_name_but_not_a_comparison_or_a_docstring(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Not _boolean_icon."""\n'
        "model._meta.verbose_name = 'x'\n"
        "from django.forms.models import _get_foreign_key\n"
        "same = opts.verbose_name == other  # admin_list._boolean_icon = icon\n"
    )
    found = [n for n, code in code_lines(sample).items() if FORBIDDEN.search(code)]
    assert found == [2, 3]


def test_no_module_of_the_project_patches_a_library_or_calls_its_private_names():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {code}"
        for package in project_packages()
        for path in sorted((ROOT / package).rglob("*.py"))
        for number, code in code_lines(path).items()
        if FORBIDDEN.search(code)
    ]
    assert found == []


def test_the_admin_site_is_the_back_offices_with_its_own_pages():
    assert isinstance(admin.site, BackOfficeSite)
    assert "translations" in {getattr(pattern, "name", None) for pattern in admin.site.get_urls()}
    assert reverse("admin:translations") == f"/{settings.ADMIN_URL}translations/"


def test_the_packages_apps_are_named_in_the_readers_language():
    labels = ("axes", "otp_totp", "otp_static")
    with translation.override("lo"):
        names = [str(apps.get_app_config(label).verbose_name) for label in labels]
    assert names == ["ການລັອກການເຂົ້າສູ່ລະບົບ", "ແອັບຢືນຢັນຕົວຕົນ", "ລະຫັດກູ້ຄືນ"]


@pytest.mark.django_db
def test_yes_no_icons_are_described_in_the_readers_language(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    html = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert 'icon-yes.svg" alt="ແມ່ນ"' in html
    assert 'alt="True"' not in html and 'alt="False"' not in html


@pytest.mark.django_db
def test_a_deletion_names_the_rows_it_takes_with_it_in_the_readers_language(
    admin_client, django_user_model
):
    person = django_user_model.objects.create_user("someone", "someone@example.org")
    person.groups.add(Group.objects.create(name="Readers"))
    devices.new_recovery_codes(person)

    english = admin_client.get(admin_url(django_user_model, "delete", person.pk)).content.decode()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    lao = admin_client.get(admin_url(django_user_model, "delete", person.pk)).content.decode()

    assert "User-group relationship: " in english and "Recovery code: " in english
    assert "Static token" not in english
    for english_name in ("relationship", "Static token", "Recovery code: ", "Static device"):
        assert english_name not in lao
    assert "ລະຫັດກູ້ຄືນ: " in lao


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    request = RequestFactory().get("/")
    ContentSecurityPolicyMiddleware(lambda request: HttpResponse("page"))(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
