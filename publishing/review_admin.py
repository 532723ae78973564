"""The publishing steps on each record's change page (``publishing/review.py`` takes them).

The page shows where the record stands at the top (draft, in review with who submitted it and
their comment, sent back with the publisher's comment, published, with its working copy if it
has one: ``backoffice/drafts.py``). Below the form, the step fields (``step_form.StepFields``: a
comment, "go live at", a public change note, the records to publish with it) and one button per
step the person may take. The buttons submit the change form itself, so a step goes through the
same checks as any save (the concurrent-editing token, validation), and the person's edits are
saved with it. ``step_form.take_step`` then calls the step's one function, and says what it did.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from core.admin_urls import change_url
from core.permissions import may_publish
from core.publication import Publication
from publishing import review, revisions
from publishing.descendants import pending_descendants
from publishing.scheduling import scheduled_step
from publishing.step_form import (
    APPROVE,
    APPROVE_WITH_LAO,
    DISCARD,
    INCLUDE,
    SEND_BACK,
    STEP_FIELDS,
    SUBMIT,
    UNPUBLISH,
    StepFields,
    children_seen,
    step_asked,
    take_step,
)
from translations.state import is_translatable


def _without_step_fields(fields):
    """A fieldset's fields (names, or tuples of names on one line) without the step fields."""
    kept = []
    for entry in fields:
        if isinstance(entry, list | tuple):
            entry = tuple(name for name in entry if name not in STEP_FIELDS)
            if entry:
                kept.append(entry)
        elif entry not in STEP_FIELDS:
            kept.append(entry)
    return kept


class ReviewAdmin:
    """A ``ModelAdmin`` mixin for publishable records (used by ``PublishableAdmin``)."""

    change_form_template = "admin/review/change_form.html"

    def get_fields(self, request, obj=None):
        # The step fields are drawn with the steps, below the form, not in its fieldsets.
        return [name for name in super().get_fields(request, obj) if name not in STEP_FIELDS]

    def get_fieldsets(self, request, obj=None):
        # Nor in fieldsets made from the whole form (django-modeltranslation's, where none are
        # declared): a second box there would be submitted, and its comment lost.
        return [
            (title, {**options, "fields": _without_step_fields(options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, **kwargs):
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name not in STEP_FIELDS]
        form = super().get_form(request, obj, **kwargs)
        return type(form)(form.__name__, (StepFields, form), {})

    def review_steps(self, request, obj) -> list[str]:
        saved = obj is not None and obj.pk
        status = obj.publication_status if saved else Publication.DRAFT
        publisher = may_publish(request.user, self.model)
        waiting = bool(saved) and review.waiting_for_review(obj)
        if status != Publication.PUBLISHED:
            steps = [SUBMIT] if status == Publication.DRAFT else []
            if publisher:
                steps += [APPROVE, APPROVE_WITH_LAO] if is_translatable(self.model) else [APPROVE]
            if publisher and status == Publication.IN_REVIEW:
                steps.append(SEND_BACK)
            return [s for s in steps if s != SUBMIT or review.may_submit(request.user, self.model)]
        # Published: the steps act on its working copy; a save writes one.
        steps = [SUBMIT] if not waiting else []
        if publisher:
            steps += [APPROVE, APPROVE_WITH_LAO] if is_translatable(self.model) else [APPROVE]
            if waiting:
                steps.append(SEND_BACK)
            steps.append(UNPUBLISH)
        if saved and revisions.revision_of(obj) is not None:
            steps.append(DISCARD)
        return steps

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        saved = obj is not None and obj.pk
        can_change = (
            self.has_change_permission(request, obj) if saved else self.has_add_permission(request)
        )
        steps = self.review_steps(request, obj) if can_change else []
        children = pending_descendants(obj) if saved and APPROVE in steps else []
        if APPROVE in steps and saved and "adminform" in context:
            form = context["adminform"].form
            if not form.is_bound:
                form.fields["review_with"].initial = children_seen(obj, children)
        waiting = review.waiting_among(children)
        context["review"] = {
            "status": obj.publication_status if saved else None,
            "row": review.review_of(obj) if saved else None,
            "steps": steps,
            "children": [c for c in children if c not in waiting],
            "waiting": [(f"{c._meta.label_lower}.{c.pk}", c) for c in children if c in waiting],
            "include": INCLUDE,
            "schedule": scheduled_step(obj) if saved else None,
            "published": saved and obj.is_published,
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        step = step_asked(request) if request.method == "POST" else None
        if step is not None:
            obj = self.get_object(request, object_id) if object_id else None
            if step not in self.review_steps(request, obj):
                raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if form.instance.is_published:
            return  # an edit of a working copy: its step is taken once it is kept (drafts.py)
        fields = {name: form.cleaned_data.get(name) for name in STEP_FIELDS}
        obj = form.instance
        take_step(self, request, obj, step_asked(request), fields, shown_with=children_seen(obj))

    def _back_to_the_record(self, request, obj, response):
        # After a review step, the record's page: it shows where the record now stands.
        if step_asked(request) is None:
            return response
        return HttpResponseRedirect(change_url(obj))

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self._back_to_the_record(request, obj, response)

    def response_change(self, request, obj):
        return self._back_to_the_record(request, obj, super().response_change(request, obj))
