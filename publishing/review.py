"""The publishing steps: one function each, used alike by the change page, list actions, commands
and tests. Each checks who may take it and what the person saw, writes once in one transaction
(a record saved once, with the step as its history version's reason), and sends its emails once
the transaction has committed (``publishing/notifications.py``): a failed email never undoes it.

    never published:  draft ──submit──▶ in review ──approve──▶ published ──unpublish──▶ draft
                        ▲                   │
                        └────send back──────┘   (a publisher may also approve a draft directly)

    published:  an edit is kept as the record's working copy (``publishing/revisions.py``);
                submit, send back, approve and discard act on it; visitors read the live version
                until a publisher approves the copy (now, or at a time: ``scheduling.py``).

``save_draft`` (``revisions.py``) keeps an edit of a published record; ``approve`` publishes;
``send_back``, ``submit``, ``unpublish``, ``discard``: as named; restoring an old version is an edit
like any other (its working copy goes through review); ``mark_lao_reviewed`` here, for records
ticked in a list.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.permissions import may, may_publish
from core.publication import Publication, Publishable
from publishing import notifications, revisions
from publishing.descendants import pending_descendants
from publishing.models import ChangeNote, Review, Revision, ScheduledStep
from translations.state import LaoTranslatable, lao_review_values


class ReviewStepRefused(Exception):
    """The step does not apply to the record as it stands (sending back a draft, say)."""


class StaleStep(ReviewStepRefused):
    """The record, its working copy or the rows shown with it changed since the person's page
    was drawn: the step would act on something they did not see."""

    def __init__(self, obj) -> None:
        super().__init__(
            _(
                "Not done: “%(record)s” was changed after you opened the page. Open it again to "
                "see what changed, then decide."
            )
            % {"record": obj}
        )
        self.record = obj


def may_submit(user, model: type[Publishable]) -> bool:
    """Whoever may change a record may submit it; deciding is ``may_publish``'s."""
    return may(user, "change", model)


def review_of(obj: Publishable) -> Review | None:
    return (
        Review.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("submitted_by", "reviewed_by")
        .first()
    )


def waiting_for_review(obj: Publishable) -> bool:
    review = review_of(obj)
    return review is not None and review.state == Review.State.IN_REVIEW


def waiting_among(records) -> list:
    """Those of ``records`` waiting for their own review (one query per kind of record)."""
    by_kind: dict = {}
    for record in records:
        by_kind.setdefault(ContentType.objects.get_for_model(record).pk, []).append(record)
    waiting = []
    for kind, members in by_kind.items():
        keys = set(
            Review.objects.filter(
                content_type_id=kind,
                object_id__in=[m.pk for m in members],
                state=Review.State.IN_REVIEW,
            ).values_list("object_id", flat=True)
        )
        waiting += [m for m in members if m.pk in keys]
    return waiting


def reason_for(step: str, comment: str) -> str:
    # The step is stored in English and translated when shown (``backoffice/history.py``); the
    # comment whole, as written (a text field: ``SIMPLE_HISTORY_HISTORY_CHANGE_REASON_...``).
    return f"{step}: {comment}" if comment else step


def version_seen(obj: Publishable) -> str:
    """What a page about ``obj`` shows of it, as one value a step carries back: the working copy
    (or the record), and the records approving it would publish. Anything changed since makes
    another value, and the step is refused (``StaleStep``)."""
    revision = revisions.revision_of(obj)
    shown = {
        "copy": revision.content if revision else revisions.snapshot(obj),
        "number": revision.number if revision else 0,
        "with": {
            f"{child._meta.label_lower}.{child.pk}": revisions.values(child, many_to_many=False)
            for child in pending_descendants(obj)
        },
    }
    return revisions.fingerprint(shown)


def locked(obj: Publishable, seen: str | None) -> Publishable:
    """The record as stored, locked until the step commits (two publishers cannot both decide);
    refused if ``seen`` (``version_seen`` when the page was drawn) no longer holds."""
    stored = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if stored is None:
        raise ReviewStepRefused(_("This record was deleted after you opened it."))
    if seen is not None and seen != version_seen(stored):
        raise StaleStep(stored)
    return stored


def review_row(obj: Publishable, state: str, *, comment: str) -> Review:
    review, _created = Review.objects.select_for_update().get_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={"title": "", "state": state},
    )
    review.title = Truncator(str(obj)).chars(300)
    review.state, review.comment = state, comment
    return review


def decided(review: Review, by) -> None:
    review.reviewed_by, review.reviewed_at = by, timezone.now()
    review.save()


def save_state(obj: Publishable, *, status: str, by, reason: str) -> None:
    obj.publication_status = status
    obj._history_user, obj._change_reason = by, reason
    obj.save(update_fields=["publication_status"])


def cancel_go_live(obj: Publishable) -> bool:
    """Forget an approval for later of the record's working copy (it has changed since): True
    if there was one."""
    steps = ScheduledStep.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
    cancelled = steps.filter(go_live_at__isnull=False).exists()
    steps.filter(unpublish_at__isnull=True).delete()
    steps.update(go_live_at=None)
    return cancelled


def forget(model: type[Publishable], keys) -> None:
    """A deleted record's workflow rows: its working copy, schedule, review and change notes
    (they name it by key, which a new record could take)."""
    kind = ContentType.objects.get_for_model(model)
    for rows in (Revision, ScheduledStep, Review, ChangeNote):
        rows.objects.filter(content_type=kind, object_id__in=list(keys)).delete()


def submit(obj: Publishable, *, by, comment: str = "", link: str = "", seen=None) -> Review:
    """An editor asks the publishers to review a draft, or the working copy of a published
    record."""
    if not may_submit(by, type(obj)):
        raise PermissionDenied
    with transaction.atomic():
        stored = locked(obj, seen)
        if stored.is_published:
            if revisions.revision_of(stored) is None:
                raise ReviewStepRefused(_("Nothing to submit: no change is waiting."))
        elif stored.publication_status == Publication.DRAFT:
            save_state(
                stored,
                status=Publication.IN_REVIEW,
                by=by,
                reason=reason_for(gettext_noop("Submitted for review"), comment),
            )
        else:
            raise ReviewStepRefused(_("It is already in review."))
        review = review_row(stored, Review.State.IN_REVIEW, comment=comment)
        review.submitted_by, review.submitted_at = by, timezone.now()
        review.reviewed_by = review.reviewed_at = None
        review.save()
        transaction.on_commit(lambda: notifications.submitted(review, link=link))
    obj.publication_status = stored.publication_status
    return review


def send_back(obj: Publishable, *, by, comment: str, link: str = "", seen=None) -> Review:
    """A publisher returns a record in review (or its working copy) to its editor, saying what
    to change."""
    if not may_publish(by, type(obj)):
        raise PermissionDenied
    if not comment.strip():
        raise ReviewStepRefused(_("Say what to change when sending a record back."))
    with transaction.atomic():
        stored = locked(obj, seen)
        if not waiting_for_review(stored):
            raise ReviewStepRefused(_("Only a record in review can be sent back."))
        if not stored.is_published:
            reason = reason_for(gettext_noop("Sent back"), comment)
            save_state(stored, status=Publication.DRAFT, by=by, reason=reason)
        review = review_row(stored, Review.State.SENT_BACK, comment=comment)
        decided(review, by)
        transaction.on_commit(lambda: notifications.decided(review, link=link))
    obj.publication_status = stored.publication_status
    return review


def unpublish(obj: Publishable, *, by, comment: str = "", seen=None) -> Review:
    """A publisher takes a published record off the site (back to draft). Its working copy, if
    it has one, becomes the record: the draft it is again holds the editor's latest work."""
    if not may_publish(by, type(obj)):
        raise PermissionDenied
    with transaction.atomic():
        stored = locked(obj, seen)
        if not stored.is_published:
            raise ReviewStepRefused(_("Only a published record can be unpublished."))
        reason = reason_for(gettext_noop("Unpublished"), comment)
        revision = revisions.revision_of(stored, lock=True)
        if revision is not None:
            content = revision.content
            record = {**content["record"], "publication_status": Publication.DRAFT}
            revisions.apply(
                stored, revision.base, {**content, "record": record}, by=by, reason=reason
            )
            revision.delete()
        else:
            save_state(stored, status=Publication.DRAFT, by=by, reason=reason)
        ScheduledStep.objects.filter(
            content_type=ContentType.objects.get_for_model(stored), object_id=stored.pk
        ).delete()
        review = review_row(stored, Review.State.UNPUBLISHED, comment=comment)
        decided(review, by)
    obj.publication_status = stored.publication_status
    return review


def discard(obj: Publishable, *, by, seen=None) -> None:
    """Throw away the working copy of a published record: the live version stays as it is."""
    if not may(by, "change", type(obj)):
        raise PermissionDenied
    with transaction.atomic():
        stored = locked(obj, seen)
        revision = revisions.revision_of(stored, lock=True)
        if revision is None:
            raise ReviewStepRefused(_("There is no draft to discard."))
        revision.delete()
        cancel_go_live(stored)
        if waiting_for_review(stored):
            decided(review_row(stored, Review.State.DISCARDED, comment=""), by)


def mark_lao_reviewed(obj: Publishable, *, by, seen=None) -> bool:
    """A publisher marks the Lao reviewed as it is in the record's working copy (a record never
    published: the record itself); False when it has no Lao."""
    if not may_publish(by, type(obj)):
        raise PermissionDenied
    reason = gettext_noop("Lao reviewed by a publisher")
    with transaction.atomic():
        stored = locked(obj, seen)
        reviewed = []

        def review(record) -> None:
            values = lao_review_values(record)
            if values is not None:
                for name, value in values.items():
                    setattr(record, name, value)
                record._history_user, record._change_reason = by, reason
                record.save(update_fields=list(LaoTranslatable.review_fields))
                reviewed.append(record)

        if stored.is_published:
            revisions.edit_working_copy(stored, review, by=by)
        else:
            review(stored)
    return bool(reviewed)
