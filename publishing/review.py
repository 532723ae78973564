"""The review workflow: editors submit a record for review; publishers approve it (publishing it)
or send it back with a comment; publishers may unpublish.

    draft ──submit──▶ in review ──approve──▶ published ──unpublish──▶ draft
      ▲                   │
      └────send back──────┘            (a publisher may also approve a draft directly)

Each step is one transaction: the record is saved with the step as the reason of its new version
in the history (who, when, and the comment), the record's ``Review`` row says where it stands,
and the people concerned are emailed once the transaction has committed
(``publishing/notifications.py``): a failed email never undoes the step.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.permissions import may, may_publish
from core.publication import Publication, Publishable
from publishing import notifications
from publishing.models import Review


class ReviewStepRefused(Exception):
    """The step does not apply to the record as it stands (sending back a draft, say)."""


def may_submit(user, model: type[Publishable]) -> bool:
    """Whoever may change a record may submit it; deciding is ``may_publish``'s."""
    return may(user, "change", model)


def review_of(obj: Publishable) -> Review | None:
    return (
        Review.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("submitted_by", "reviewed_by")
        .first()
    )


def _reason(step: str, comment: str) -> str:
    # The step is stored in English and translated when shown (``backoffice/history.py``); the
    # comment whole, as written (a text field: ``SIMPLE_HISTORY_HISTORY_CHANGE_REASON_...``).
    return f"{step}: {comment}" if comment else step


def _save(obj: Publishable, *, status: str, by, reason: str) -> None:
    obj.publication_status = status
    obj._history_user = by  # simple-history's author of the version, without a request
    obj._change_reason = reason
    # Only the state: whatever else the record holds now is kept as stored.
    obj.save(update_fields=["publication_status"])


def _review_row(obj: Publishable) -> Review:
    review, _created = Review.objects.select_for_update().get_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={"title": "", "state": Review.State.IN_REVIEW},
    )
    review.title = Truncator(str(obj)).chars(300)
    return review


def _locked(obj: Publishable) -> Publishable:
    """The record as stored, locked until the step commits (two publishers cannot both decide)."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def submit(obj: Publishable, *, by, comment: str = "", link: str = "") -> Review:
    """An editor asks the publishers to review a draft."""
    if not may_submit(by, type(obj)):
        raise PermissionDenied
    with transaction.atomic():
        stored = _locked(obj)
        if stored.publication_status != Publication.DRAFT:
            raise ReviewStepRefused(_("Only a draft can be submitted for review."))
        _save(
            stored,
            status=Publication.IN_REVIEW,
            by=by,
            reason=_reason(gettext_noop("Submitted for review"), comment),
        )
        review = _review_row(stored)
        review.state = Review.State.IN_REVIEW
        review.comment = comment
        review.submitted_by, review.submitted_at = by, timezone.now()
        review.reviewed_by = review.reviewed_at = None
        review.save()
        transaction.on_commit(lambda: notifications.submitted(review, link=link))
    obj.publication_status = stored.publication_status
    return review


def approve(
    obj: Publishable, *, by, comment: str = "", children: Iterable[Publishable] = (), link: str = ""
) -> list[Publishable]:
    """A publisher publishes the record, and with it ``children`` (its draft inline rows, which a
    visitor would otherwise miss on its page). Returns the children published."""
    if not may_publish(by, type(obj)):
        raise PermissionDenied
    published = []
    with transaction.atomic():
        stored = _locked(obj)
        if stored.publication_status == Publication.PUBLISHED:
            raise ReviewStepRefused(_("The record is already published."))
        _save(
            stored,
            status=Publication.PUBLISHED,
            by=by,
            reason=_reason(gettext_noop("Approved and published"), comment),
        )
        for child in children:
            if child.publication_status != Publication.PUBLISHED:
                if not may_publish(by, type(child)):
                    raise PermissionDenied
                _save(
                    child,
                    status=Publication.PUBLISHED,
                    by=by,
                    reason=_reason(gettext_noop("Published with"), str(stored)),
                )
                published.append(child)
        review = _review_row(stored)
        was_submitted = review.state == Review.State.IN_REVIEW and review.submitted_by_id
        review.state, review.comment = Review.State.APPROVED, comment
        review.reviewed_by, review.reviewed_at = by, timezone.now()
        review.save()
        if was_submitted:
            transaction.on_commit(lambda: notifications.decided(review, link=link))
    obj.publication_status = stored.publication_status
    return published


def send_back(obj: Publishable, *, by, comment: str, link: str = "") -> Review:
    """A publisher returns a record in review to draft, saying what to change."""
    review = _back_to_draft(
        obj,
        by=by,
        comment=comment,
        comment_missing=_("Say what to change when sending a record back."),
        was=Publication.IN_REVIEW,
        refusal=_("Only a record in review can be sent back."),
        step=gettext_noop("Sent back"),
        state=Review.State.SENT_BACK,
    )
    transaction.on_commit(lambda: notifications.decided(review, link=link))
    return review


def unpublish(obj: Publishable, *, by, comment: str = "") -> Review:
    """A publisher takes a published record off the site (back to draft)."""
    return _back_to_draft(
        obj,
        by=by,
        comment=comment,
        was=Publication.PUBLISHED,
        refusal=_("Only a published record can be unpublished."),
        step=gettext_noop("Unpublished"),
        state=Review.State.UNPUBLISHED,
    )


def _back_to_draft(
    obj, *, by, comment: str, was: str, refusal, step: str, state, comment_missing=None
) -> Review:
    """A publisher's decision that returns a record in state ``was`` to draft; with
    ``comment_missing``, a comment is required and that is the refusal without one."""
    if not may_publish(by, type(obj)):
        raise PermissionDenied
    if comment_missing and not comment.strip():
        raise ReviewStepRefused(comment_missing)
    with transaction.atomic():
        stored = _locked(obj)
        if stored.publication_status != was:
            raise ReviewStepRefused(refusal)
        _save(stored, status=Publication.DRAFT, by=by, reason=_reason(step, comment))
        review = _review_row(stored)
        review.state, review.comment = state, comment
        review.reviewed_by, review.reviewed_at = by, timezone.now()
        review.save()
    obj.publication_status = stored.publication_status
    return review
