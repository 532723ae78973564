"""Scheduled publishing: approvals that take effect at a set time (``approval.schedule`` keeps them).

``publish_scheduled`` (the command of that name, run every minute by the systemd timer in
``deploy/systemd/`` or by cron) carries out every step that is due. It is safe to run as often as
one likes, on several app servers at once: each step is done in its own transaction, which locks
its row and deletes it (or its done half) as it commits; another run skips a row locked by the
first (PostgreSQL's ``SKIP LOCKED``) and finds it gone afterwards. A go-live whose working copy
was saved again since the approval is not published: the approval was of another version (saving
cancels it, so this is a race lost by a second), and the step is dropped, with a line saying so.
"""

import datetime
import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.publication import Publishable
from publishing import approval, review, revisions
from publishing.models import ScheduledStep

logger = logging.getLogger(__name__)


@dataclass
class Done:
    step: str  # "published", "unpublished" or "dropped"
    title: str
    reason: str = ""


def scheduled_step(obj) -> ScheduledStep | None:
    """The record's approval for later, if it has one."""
    return ScheduledStep.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).first()


def due(now: datetime.datetime):
    return ScheduledStep.objects.filter(go_live_at__lte=now) | ScheduledStep.objects.filter(
        unpublish_at__lte=now
    )


def _record(step: ScheduledStep) -> Publishable | None:
    model = step.content_type.model_class()
    if model is None:
        return None
    return model._default_manager.select_for_update().filter(pk=step.object_id).first()


def _carry_out(pk: int, now: datetime.datetime) -> Done | None:
    with transaction.atomic():
        step = (
            ScheduledStep.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("content_type", "approved_by")
            .filter(pk=pk)
            .first()
        )
        if step is None:
            return None  # done by another run meanwhile, or being done now
        obj = _record(step)
        if obj is None:
            step.delete()
            return Done("dropped", step.title, "the record was deleted")
        if step.go_live_at is not None and step.go_live_at <= now:
            revision = revisions.revision_of(obj)
            number = revision.number if revision else 0
            if number != step.revision_number:
                step.delete()
                return Done("dropped", step.title, "its draft changed after it was approved")
            try:
                with transaction.atomic():  # a refusal undoes what it had written
                    approval.publish_now(
                        obj,
                        by=step.approved_by,
                        comment=step.comment,
                        lao_reviewed=step.lao_reviewed,
                        note_en=step.note_en,
                        note_lo=step.note_lo,
                        now=step.go_live_at,
                    )
            except review.ReviewStepRefused as refused:
                step.delete()  # the draft waits, to be changed and approved again
                return Done("dropped", step.title, str(refused))
            if step.unpublish_at is None:
                step.delete()
            else:
                step.go_live_at = None
                step.save(update_fields=["go_live_at"])
            return Done("published", step.title)
        if step.unpublish_at is not None and step.unpublish_at <= now and step.go_live_at is None:
            if obj.is_published:
                review.unpublish(obj, by=step.approved_by, comment=step.comment)
            step.delete()
            return Done("unpublished", step.title)
    return None


def publish_scheduled(*, now: datetime.datetime | None = None) -> list[Done]:
    """Carry out every scheduled step due at ``now`` (the present by default)."""
    now = now or timezone.now()
    done = []
    # Go-lives first: a record due to go live and leave in one run does both, in that order.
    for pk in due(now).order_by("go_live_at", "unpublish_at", "pk").values_list("pk", flat=True):
        for _round in range(2):
            result = _carry_out(pk, now)
            if result is None:
                break
            done.append(result)
            # A step dropped (its draft refused, say) is for an operator to see.
            log = logger.warning if result.step == "dropped" else logger.info
            log("publish_scheduled: %s %s %s", result.step, result.title, result.reason)
    return done
