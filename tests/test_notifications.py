"""Review emails: publishers hear when something is submitted; the editor when it is approved or
sent back. Sent after the step commits, in the recipient's language, never losing the step when
the mail server fails; anyone may turn them off."""

import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Leg
from publishing.models import StaffPreferences
from publishing.roles import EDITORS, PUBLISHERS
from tests.helpers import admin_form_data, admin_url, staff_member
from tests.programmes.factories import LegFactory

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def person(role: str, username: str):
    user = staff_member(role, username=username)
    user.email = f"{username}@example.org"
    user.save()
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def editor():
    return person(EDITORS, "editor")


@pytest.fixture
def publisher():
    return person(PUBLISHERS, "publisher")


@pytest.fixture
def leg():
    return LegFactory(draft=True, theme_en="Reconciliation in practice")


def take_step(client, obj, step: str, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    return client.post(url, admin_form_data(client.get(url), **{step: "1", **changes}))


def submitted(editor, leg, capture, comment: str = "Dates from the host."):
    with capture(execute=True):
        take_step(editor[1], leg, "_submit_for_review", review_comment=comment)


def test_publishers_get_an_email_when_something_is_submitted(
    editor, publisher, leg, django_capture_on_commit_callbacks
):
    submitted(editor, leg, django_capture_on_commit_callbacks)
    (email,) = mail.outbox
    assert email.to == ["publisher@example.org"]
    assert email.subject == f"Submitted for review: {leg}"
    assert "Dates from the host." in email.body
    assert f"http://testserver{admin_url(Leg, 'change', leg.pk)}" in email.body


def test_nothing_is_sent_until_the_step_has_committed(
    editor, publisher, leg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        take_step(editor[1], leg, "_submit_for_review")
    assert mail.outbox == [] and callbacks


def test_the_editor_gets_an_email_with_the_comment_when_sent_back(
    editor, publisher, leg, django_capture_on_commit_callbacks
):
    submitted(editor, leg, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        take_step(publisher[1], leg, "_send_back", review_comment="Name the host ministry.")
    (email,) = mail.outbox
    assert email.to == ["editor@example.org"]
    assert email.subject == f"Sent back: {leg}"
    assert "Name the host ministry." in email.body


def test_the_editor_gets_an_email_when_approved(
    editor, publisher, leg, django_capture_on_commit_callbacks
):
    submitted(editor, leg, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        take_step(publisher[1], leg, "_approve")
    (email,) = mail.outbox
    assert (email.to, email.subject) == (["editor@example.org"], f"Approved and published: {leg}")


def test_a_person_who_turned_review_emails_off_gets_none(
    editor, publisher, leg, django_capture_on_commit_callbacks
):
    StaffPreferences.objects.create(user=publisher[0], email_on_review=False)
    submitted(editor, leg, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_email_is_in_the_recipients_language(
    editor, publisher, leg, django_capture_on_commit_callbacks
):
    StaffPreferences.objects.create(user=publisher[0], language="lo")
    submitted(editor, leg, django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == f"ສົ່ງມາໃຫ້ກວດກາ: {leg}"


def work_in_the_back_office_in(client, language: str) -> None:
    """The language switch in the back office's header."""
    response = client.post(reverse("set_language"), {"language": language, "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_email_follows_the_language_last_used_in_the_back_office(
    editor, publisher, leg, django_capture_on_commit_callbacks
):
    work_in_the_back_office_in(publisher[1], "lo")
    submitted(editor, leg, django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == f"ສົ່ງມາໃຫ້ກວດກາ: {leg}"
    # Back to English: the next email follows.
    mail.outbox.clear()
    work_in_the_back_office_in(publisher[1], "en")
    assert StaffPreferences.objects.get(user=publisher[0]).backoffice_language == "en"


def test_a_language_chosen_for_emails_wins_over_the_back_offices(
    editor, publisher, leg, django_capture_on_commit_callbacks
):
    StaffPreferences.objects.create(user=publisher[0], language="en")
    work_in_the_back_office_in(publisher[1], "lo")
    submitted(editor, leg, django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == f"Submitted for review: {leg}"


def test_signing_in_with_the_back_office_in_lao_makes_the_emails_lao(
    editor, publisher, leg, django_capture_on_commit_callbacks
):
    user, _client = publisher
    user.set_password("a long enough passphrase")
    user.save()
    client = Client()
    client.cookies["django_language"] = "lo"
    client.post(
        reverse("admin:login"), {"username": user.username, "password": "a long enough passphrase"}
    )
    assert StaffPreferences.objects.get(user=user).backoffice_language == "lo"
    submitted(editor, leg, django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == f"ສົ່ງມາໃຫ້ກວດກາ: {leg}"


def test_reading_back_office_pages_writes_nothing(publisher):
    work_in_the_back_office_in(publisher[1], "lo")
    publisher[1].cookies["django_language"] = "en"
    with CaptureQueriesContext(connection) as queries:
        assert publisher[1].get("/admin/").status_code == 200
    assert not [q for q in queries if "staffpreferences" in q["sql"].lower()]


def test_a_failing_mail_server_is_logged_and_the_step_is_kept(
    editor, publisher, leg, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.test_notifications.RefusingBackend"
    with caplog.at_level(logging.ERROR, logger="publishing.notifications"):
        submitted(editor, leg, django_capture_on_commit_callbacks)
    leg.refresh_from_db()
    assert leg.publication_status == "in_review"
    assert "could not be sent" in caplog.text


def test_a_person_changes_their_own_notification_settings_in_the_back_office(editor):
    user, client = editor
    page = client.get("/admin/notifications/")
    assert page.status_code == 200
    response = client.post("/admin/notifications/", {"language": "lo"})
    assert response.status_code == 302
    prefs = StaffPreferences.objects.get(user=user)
    assert (prefs.email_on_review, prefs.language) == (False, "lo")


def test_the_notification_settings_page_is_for_staff_only(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get("/admin/notifications/").status_code == 302
