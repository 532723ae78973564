"""The review workflow on each record's change page (``publishing/review.py`` does the steps).

The page shows where the record stands at the top (draft, in review with who submitted it and
their comment, sent back with the publisher's comment, published). Below the form, a comment box
and one button per step the person may take; these buttons are the only way a record's own form
changes its publication (the field is shown read-only), so every change of state is a step with
its history reason and its emails. The buttons submit the change form itself, so a
step goes through the same checks as any save (the concurrent-editing token, validation), and the
person's edits are saved with it, in the same transaction.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_urls import change_url
from core.permissions import may_publish
from core.plaintext import MultiLineTextField
from core.publication import Publication, Publishable
from publishing import review
from translations.state import LaoState, is_translatable, lao_state, reviewed_lao

COMMENT_FIELD = "review_comment"
SUBMIT, APPROVE, SEND_BACK = "_submit_for_review", "_approve", "_send_back"
UNPUBLISH = "_unpublish"
STEPS = (SUBMIT, APPROVE, SEND_BACK, UNPUBLISH)
# Said after "Approved and published" when Lao readers do not get the record's Lao as stored
# (translations/visibility.py).
NO_LAO = _("It has no Lao yet: Lao readers see the English.")
LAO_NEVER_REVIEWED = _(
    "Its Lao is not reviewed yet: Lao readers see the English until a publisher reviews it."
)
LAO_CHANGED_SINCE_REVIEW = _(
    "Its Lao has changed since it was reviewed: Lao readers see the Lao last reviewed until a "
    "publisher reviews the change."
)


def lao_shown_after_approval(obj) -> str:
    """What Lao readers get of a record just published, when it is not its Lao as stored."""
    if not is_translatable(type(obj)):
        return ""
    state = lao_state(obj)
    if state == LaoState.MISSING:
        return str(NO_LAO)
    if state == LaoState.DRAFT:
        return str(LAO_CHANGED_SINCE_REVIEW if reviewed_lao(obj) else LAO_NEVER_REVIEWED)
    return ""


def step_asked(request) -> str | None:
    return next((step for step in STEPS if step in request.POST), None)


def _without_comment(fields):
    """A fieldset's fields (names, or tuples of names on one line) without the comment box."""
    kept = []
    for entry in fields:
        if isinstance(entry, list | tuple):
            entry = tuple(name for name in entry if name != COMMENT_FIELD)
            if entry:
                kept.append(entry)
        elif entry != COMMENT_FIELD:
            kept.append(entry)
    return kept


class ReviewFormMixin:
    """The change form's comment box; sending back needs a comment."""

    def clean(self):
        cleaned = super().clean()
        if SEND_BACK in self.data and not (cleaned.get(COMMENT_FIELD) or "").strip():
            self.add_error(COMMENT_FIELD, _("Say what to change: the editor sees this comment."))
        return cleaned


class ReviewAdmin:
    """A ``ModelAdmin`` mixin for publishable records (used by ``PublishableAdmin``)."""

    change_form_template = "admin/review/change_form.html"

    def get_fields(self, request, obj=None):
        # The comment box is drawn with the steps, below the form, not in its fieldsets.
        return [name for name in super().get_fields(request, obj) if name != COMMENT_FIELD]

    def get_fieldsets(self, request, obj=None):
        # Nor in fieldsets made from the whole form (django-modeltranslation's, where none are
        # declared): a second box there would be submitted, and its comment lost.
        return [
            (title, {**options, "fields": _without_comment(options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, **kwargs):
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != COMMENT_FIELD]
        form = super().get_form(request, obj, **kwargs)
        field = MultiLineTextField(
            label=_("Comment for the review"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
            help_text=_("Goes with the step you choose below, and is kept in the history."),
        )
        return type(form)(form.__name__, (ReviewFormMixin, form), {COMMENT_FIELD: field})

    def draft_children(self, request, obj) -> list[Publishable]:
        """The record's inline rows that visitors do not see yet: approving publishes them."""
        if obj is None or obj.pk is None:
            return []
        children = []
        for inline in self.get_inline_instances(request, obj):
            if not issubclass(inline.model, Publishable):
                continue
            # The inline's own formset knows the key joining its rows to the record.
            fk = inline.get_formset(request, obj).fk
            children += (
                inline.get_queryset(request)
                .filter(**{fk.name: obj})
                .exclude(publication_status=Publication.PUBLISHED)
            )
        return children

    def review_steps(self, request, obj) -> list[str]:
        status = obj.publication_status if obj is not None and obj.pk else Publication.DRAFT
        steps = []
        if status == Publication.DRAFT and review.may_submit(request.user, self.model):
            steps.append(SUBMIT)
        if status != Publication.PUBLISHED and may_publish(request.user, self.model):
            steps.append(APPROVE)
        if status == Publication.IN_REVIEW and may_publish(request.user, self.model):
            steps.append(SEND_BACK)
        if status == Publication.PUBLISHED and may_publish(request.user, self.model):
            steps.append(UNPUBLISH)
        return steps

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            can_change = self.has_change_permission(request, obj)
        else:
            can_change = self.has_add_permission(request)
        steps = self.review_steps(request, obj) if can_change else []
        context["review"] = {
            "status": obj.publication_status if obj is not None and obj.pk else None,
            "row": review.review_of(obj) if obj is not None and obj.pk else None,
            "steps": steps,
            "children": self.draft_children(request, obj) if APPROVE in steps else [],
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
        obj = form.instance
        step = step_asked(request)
        comment = (form.cleaned_data.get(COMMENT_FIELD) or "").strip()
        link = request.build_absolute_uri(change_url(obj))
        try:
            self._take_step(request, obj, step, comment, link)
        except review.ReviewStepRefused as refused:
            self.message_user(request, str(refused), messages.WARNING)

    def _take_step(self, request, obj, step: str | None, comment: str, link: str) -> None:
        if step == SUBMIT:
            review.submit(obj, by=request.user, comment=comment, link=link)
            self.message_user(
                request,
                _(
                    "Submitted for review: the publishers have been told. It stays hidden until one approves it."
                ),
                messages.SUCCESS,
            )
        elif step == APPROVE:
            children = self.draft_children(request, obj)
            published = review.approve(
                obj, by=request.user, comment=comment, children=children, link=link
            )
            text = gettext("Approved and published: visitors now see it.")
            if lao := lao_shown_after_approval(obj):
                text += " " + lao
            if published:
                text += " " + gettext("Published with it: %(rows)s.") % {
                    "rows": "; ".join(str(child) for child in published)
                }
            self.message_user(request, text, messages.SUCCESS)
        elif step == SEND_BACK:
            review.send_back(obj, by=request.user, comment=comment, link=link)
            self.message_user(
                request, _("Sent back to the editor with your comment."), messages.SUCCESS
            )
        elif step == UNPUBLISH:
            review.unpublish(obj, by=request.user, comment=comment)
            self.message_user(
                request,
                _("Unpublished: visitors no longer see it. It is a draft again."),
                messages.SUCCESS,
            )
        elif comment:
            self.message_user(
                request,
                _(
                    "Saved, but your comment was not sent: a comment goes with a review step "
                    "(submit, approve, send back). Your comment: “%(comment)s”"
                )
                % {"comment": comment},
                messages.WARNING,
            )
        elif obj.publication_status == Publication.DRAFT:
            self.message_user(
                request,
                _("Saved as draft: visitors do not see it. Submit it for review when it is ready."),
                messages.INFO,
            )
        elif obj.publication_status == Publication.IN_REVIEW:
            self.message_user(request, _("Saved; it is still in review."), messages.INFO)

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
