"""The publishing steps as list actions (publish, unpublish, mark Lao reviewed): a page lists each
record ticked with what its draft changes, and carries back the version of each it showed
(``review.version_seen``); confirming takes the step on each, through its one function, and a
record changed since is left as it is and shown again as it is now."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from backoffice.drafts import compare
from publishing import review, revisions
from publishing.descendants import pending_descendants
from publishing.models import Revision


def with_working_copies(queryset) -> list:
    """The keys of the records in ``queryset`` that have a working copy."""
    kind = ContentType.objects.get_for_model(queryset.model)
    ids = Revision.objects.filter(content_type=kind).values_list("object_id", flat=True)
    return list(queryset.filter(pk__in=list(ids)).values_list("pk", flat=True))


def confirmed_step(model_admin, request, records, action: str, step):
    """The list action's page, then ``step(record, seen)`` on each record it showed."""
    records = list(records.order_by("pk"))
    if "confirmed" not in request.POST:
        return confirmation(model_admin, request, records, action, [])
    done, stale = 0, []
    for obj in records:
        try:
            if step(obj, request.POST.get(f"seen-{obj.pk}") or "none") is not False:
                done += 1
        except review.StaleStep:
            stale.append(obj)
        except review.ReviewStepRefused as refused:
            model_admin.message_user(request, f"{obj}: {refused}", messages.WARNING)
    model_admin.message_user(
        request,
        ngettext("%(count)d record changed.", "%(count)d records changed.", done) % {"count": done},
        messages.SUCCESS,
    )
    if stale:
        return confirmation(model_admin, request, stale, action, stale)
    return None


def confirmation(model_admin, request, records, action: str, stale: list):
    rows = []
    for obj in records:
        revision = revisions.revision_of(obj)
        live = revisions.snapshot(obj)
        changes = compare(model_admin.model, live, revision.content) if revision else []
        rows.append({"record": obj, "seen": review.version_seen(obj), "changes": changes})
    with_records = []
    if action == "publish":
        with_records = [
            child
            for obj in records
            for child in pending_descendants(obj)
            if not review.waiting_for_review(child)
        ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": model_admin.get_actions(request)[action][2],
        "opts": model_admin.model._meta,
        "action": action,
        "rows": rows,
        "stale": stale,
        "with_records": with_records,
    }
    return TemplateResponse(request, "admin/review/confirm_step.html", context)
