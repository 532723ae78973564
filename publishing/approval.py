"""Approving: a publisher publishes a record, or the working copy of a published one, with the
records shown under it; now, or at a set time (``schedule``; ``scheduling.py`` carries it out).
One function, ``approve``, used by the change page, the list action, the scheduler and tests; it
writes once in one transaction (the record saved once, with "Approved and published" as its
history version's reason) and emails the editor once it has committed."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.permissions import may_publish
from core.publication import Publication, Publishable
from publishing import notifications, review, revisions
from publishing.descendants import pending_descendants
from publishing.models import ChangeNote, Review, ScheduledStep
from translations.state import is_translatable, lao_review_values


@dataclass
class Approval:
    """What ``approve`` did: the records published with the record, those left waiting for
    their own review, and the schedule if it was approved for later."""

    published: list = field(default_factory=list)
    left: list = field(default_factory=list)
    scheduled: ScheduledStep | None = None


def approve(
    obj: Publishable,
    *,
    by,
    comment: str = "",
    link: str = "",
    seen=None,
    include: Iterable[Publishable] = (),
    lao_reviewed: bool = False,
    note_en: str = "",
    note_lo: str = "",
    go_live_at=None,
    unpublish_at=None,
) -> Approval:
    """A publisher publishes the record (its working copy, if it is published already), with
    the records shown under it that visitors do not see yet, to every depth; of those waiting
    for their own review, only the ones in ``include``. ``lao_reviewed``: its Lao is marked as
    reviewed in the same save. ``note_en``: a major change, with a public note. ``go_live_at``
    in the future (or ``unpublish_at``) schedules it instead (``publishing/scheduling.py``)."""
    if not may_publish(by, type(obj)):
        raise PermissionDenied
    later = go_live_at is not None and go_live_at > timezone.now()
    with transaction.atomic():
        stored = review.locked(obj, seen)
        if later:
            approval = Approval()
        else:
            approval = publish_now(
                stored,
                by=by,
                comment=comment,
                link=link,
                include=include,
                lao_reviewed=lao_reviewed,
                note_en=note_en,
                note_lo=note_lo,
            )
        if later or unpublish_at is not None:
            approval.scheduled = schedule(
                stored,
                by=by,
                comment=comment,
                lao_reviewed=lao_reviewed,
                note_en=note_en,
                note_lo=note_lo,
                go_live_at=go_live_at if later else None,
                unpublish_at=unpublish_at,
            )
    obj.publication_status = stored.publication_status
    return approval


def schedule(stored: Publishable, *, by, comment: str, go_live_at, unpublish_at, **approval):
    """Keep a publisher's approval for later (``publish_scheduled`` carries it out): the record,
    or its working copy as it is now, goes live at ``go_live_at``; it leaves the site at
    ``unpublish_at``. Saving the working copy again cancels the go-live (``cancel_go_live``)."""
    if go_live_at is not None and stored.is_published and revisions.revision_of(stored) is None:
        raise review.ReviewStepRefused(_("The record is already published: no change is waiting."))
    if unpublish_at is not None and unpublish_at <= (go_live_at or timezone.now()):
        raise review.ReviewStepRefused(_("“Unpublish at” must come after it goes live."))
    revision = revisions.revision_of(stored)
    step, _created = ScheduledStep.objects.select_for_update().update_or_create(
        content_type=ContentType.objects.get_for_model(stored),
        object_id=stored.pk,
        defaults={
            "title": Truncator(str(stored)).chars(300),
            "go_live_at": go_live_at,
            "unpublish_at": unpublish_at,
            "revision_number": revision.number if revision else 0,
            "comment": comment,
            "approved_by": by,
            "approved_at": timezone.now(),
            **approval,
        },
    )
    if go_live_at is not None:
        review.decided(review.review_row(stored, Review.State.SCHEDULED, comment=comment), by)
    return step


def with_lao_reviewed(record) -> None:
    """Mark the record's Lao, as it is now, reviewed, in its next save (if it has Lao)."""
    if is_translatable(type(record)):
        for name, value in (lao_review_values(record) or {}).items():
            setattr(record, name, value)


def publish_now(
    stored: Publishable,
    *,
    by,
    comment: str,
    link: str = "",
    include: Iterable[Publishable] = (),
    lao_reviewed: bool = False,
    note_en: str = "",
    note_lo: str = "",
    now=None,
) -> Approval:
    """``approve``'s work, on the record locked as stored, in the caller's transaction. ``now``:
    when it goes live (the scheduled time, for ``publish_scheduled``), the time its history
    version, change note and new rows carry, and so the feeds' ``updated``."""
    now = now or timezone.now()
    revision = revisions.revision_of(stored, lock=True)
    was_live = stored.is_published
    if was_live and revision is None and not lao_reviewed:
        raise review.ReviewStepRefused(_("The record is already published: no change is waiting."))
    reason = review.reason_for(gettext_noop("Approved and published"), comment)
    many = []
    if revision is not None:
        many = revisions.write_fields(stored, revision.base["record"], revision.content["record"])
    stored.publication_status = Publication.PUBLISHED
    if lao_reviewed:
        with_lao_reviewed(stored)
    stored._history_user, stored._change_reason = by, reason
    stored._history_date = now  # django-simple-history's time of the version
    try:
        # Checked again as it goes live: a rule across records (a unique address, a post's
        # one holder) may have been met by another record published since the draft was saved.
        if revision is not None:
            stored.full_clean()
        stored.save()
        revisions.set_many(stored, many)
        if revision is not None:
            revisions.apply_rows(
                stored,
                revision.base,
                revision.content,
                by=by,
                reason=reason,
                now=now,
                # The Lao of its rows (a schedule change's note) was checked with it too.
                prepare=with_lao_reviewed if lao_reviewed else None,
                check=True,
            )
    except ValidationError as invalid:
        raise review.ReviewStepRefused(
            _("Not published: %(problems)s Change the draft, then approve it again.")
            % {"problems": " ".join(invalid.messages)}
        ) from None
    if revision is not None:
        revision.delete()
    approval = Approval()
    chosen = {(type(child), child.pk) for child in include}
    with_it = review.reason_for(gettext_noop("Published with"), str(stored))
    for child in pending_descendants(stored):
        if review.waiting_for_review(child) and (type(child), child.pk) not in chosen:
            approval.left.append(child)
            continue
        if not may_publish(by, type(child)):
            raise PermissionDenied
        review.save_state(child, status=Publication.PUBLISHED, by=by, reason=with_it)
        child_review = review.review_of(child)
        if child_review is not None and child_review.state == Review.State.IN_REVIEW:
            review.decided(review.review_row(child, Review.State.APPROVED, comment=comment), by)
        approval.published.append(child)
    if was_live and note_en.strip():
        ChangeNote.objects.create(
            content_type=ContentType.objects.get_for_model(stored),
            object_id=stored.pk,
            published_at=now,
            note_en=note_en.strip(),
            note_lo=note_lo.strip(),
        )
    review.cancel_go_live(stored)
    before = review.review_of(stored)
    was_submitted = bool(
        before and before.state == Review.State.IN_REVIEW and before.submitted_by_id
    )
    row = review.review_row(stored, Review.State.APPROVED, comment=comment)
    review.decided(row, by)
    if was_submitted:
        transaction.on_commit(lambda: notifications.decided(row, link=link))
    return approval
