"""Review emails: publishers hear when something is submitted, the editor when it is approved or
sent back. Called after the step's transaction has committed (``publishing/review.py``); each email
is sent on its own, in its recipient's language, and a failure is logged, never raised: the step
is saved whatever the mail server does. Anyone may turn them off (``StaffPreferences``)."""

import logging

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from core.permissions import publishers
from publishing.models import Review

logger = logging.getLogger(__name__)


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else gettext("someone")


def _wants_email(user) -> bool:
    prefs = getattr(user, "staff_preferences", None)
    return bool(user.email) and (prefs is None or prefs.email_on_review)


def _language(user) -> str:
    """The language the person chose for emails, else the one they last used in the back
    office, else English."""
    prefs = getattr(user, "staff_preferences", None)
    return (prefs.language or prefs.backoffice_language or "en") if prefs else "en"


def publishers_of(review: Review) -> list:
    """Active people who may publish the record's kind, who want review emails."""
    model = review.content_type.model_class()
    if model is None:  # a kind of record that no longer exists has no one to tell
        return []
    people = publishers(model).exclude(email="").select_related("staff_preferences")
    return [user for user in people if _wants_email(user) and user.pk != review.submitted_by_id]


def _send(user, subject: str, body: str, values: dict) -> None:
    try:
        with translation.override(_language(user)):
            send_mail(
                " ".join((gettext(subject) % values).split()),
                gettext(body) % values,
                None,
                [user.email],
            )
    except Exception:
        logger.exception("Review email to user %s could not be sent", user.pk)


def submitted(review: Review, *, link: str) -> None:
    values = {
        "title": review.title,
        "person": person(review.submitted_by),
        "comment": review.comment or "—",
        "link": link,
    }
    for user in publishers_of(review):
        _send(
            user,
            gettext_noop("Submitted for review: %(title)s"),
            gettext_noop(
                "%(person)s submitted “%(title)s” for review.\n\n"
                "Their comment: %(comment)s\n\nReview it: %(link)s\n"
            ),
            values,
        )


def decided(review: Review, *, link: str) -> None:
    editor = review.submitted_by
    if editor is None or not _wants_email(editor):
        return
    values = {
        "title": review.title,
        "person": person(review.reviewed_by),
        "comment": review.comment or "—",
        "link": link,
    }
    if review.state == Review.State.SENT_BACK:
        subject = gettext_noop("Sent back: %(title)s")
        body = gettext_noop(
            "%(person)s sent “%(title)s” back to you with this comment:\n\n%(comment)s\n\n"
            "Change it and submit it again: %(link)s\n"
        )
    else:
        subject = gettext_noop("Approved and published: %(title)s")
        body = gettext_noop(
            "%(person)s approved “%(title)s”; visitors now see it.\n\n"
            "Their comment: %(comment)s\n\n%(link)s\n"
        )
    _send(editor, subject, body, values)
