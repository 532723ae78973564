"""A read-only inline is not part of what a change form is based on: a post's page lists its
holders (edited from each person), and a holder recorded while a publisher has the post open
must not refuse their save of the post. See ``backoffice/concurrent_editing/snapshots.py``."""

import pytest

from org.models import StaffRole
from publishing.roles import EDITORS, PUBLISHERS
from tests.factories import AppointmentFactory, StaffRoleFactory
from tests.helpers import admin_form_data, admin_url
from tests.test_concurrent_editing import person

pytestmark = pytest.mark.django_db


def test_a_holder_recorded_while_the_post_is_open_does_not_refuse_its_save():
    publisher = person("vanida", PUBLISHERS)
    role = StaffRoleFactory(title_en="Director-General", headcount=1, draft=True)
    url = admin_url(StaffRole, "change", role.pk)
    form = publisher.get(url)
    assert "Director-General" in form.content.decode()

    AppointmentFactory(role=role)  # recorded by someone else, from the person's page
    saved = publisher.post(url, admin_form_data(form, description_en="Leads the Department."))

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    role.refresh_from_db()
    assert role.description_en == "Leads the Department."


def test_a_change_to_the_post_itself_in_between_still_refuses_the_save():
    editor, publisher = person("somchai", EDITORS), person("vanida", PUBLISHERS)
    role = StaffRoleFactory(title_en="Director-General", headcount=1, draft=True)
    url = admin_url(StaffRole, "change", role.pk)
    publishers_form, editors_form = publisher.get(url), editor.get(url)
    assert editor.post(url, admin_form_data(editors_form, headcount="2")).status_code == 302

    refused = publisher.post(url, admin_form_data(publishers_form, description_en="Leads."))

    assert refused.status_code == 200
    role.refresh_from_db()
    assert (role.headcount, role.description_en) == (2, "")
