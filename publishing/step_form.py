"""The step fields below a record's change form, and taking the step a button asks for
(``take_step``: the step's one function, then a message saying what it did). Used by
``review_admin.ReviewAdmin`` for records never published, and by ``backoffice/drafts.py`` for
the working copy of a published one, once it is kept."""

from django import forms
from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_urls import change_url
from core.plaintext import MultiLineTextField
from core.publication import Publication, Publishable
from publishing import approval, review, revisions
from publishing.descendants import pending_descendants
from translations.state import LaoState, is_translatable, lao_state, reviewed_lao

COMMENT_FIELD = "review_comment"
SUBMIT, APPROVE, SEND_BACK = "_submit_for_review", "_approve", "_send_back"
APPROVE_WITH_LAO, UNPUBLISH, DISCARD = "_approve_with_lao", "_unpublish", "_discard"
STEPS = (SUBMIT, APPROVE, APPROVE_WITH_LAO, SEND_BACK, UNPUBLISH, DISCARD)
STEP_FIELDS = (
    COMMENT_FIELD,
    "review_go_live_at",
    "review_unpublish_at",
    "review_note_en",
    "review_note_lo",
    "review_with",
)
INCLUDE = "review_include"  # ticked: a record waiting for its own review, published with this
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


def children_seen(obj, children=None) -> str:
    """The records approving ``obj`` would publish with it (``children``, if already read), as
    one value the page carries back: a record added or changed under it since refuses the
    approval."""
    if children is None:
        children = pending_descendants(obj)
    return revisions.fingerprint(
        {
            f"{child._meta.label_lower}.{child.pk}": revisions.values(child, many_to_many=False)
            for child in children
        }
    )


class StepFields(forms.Form):
    """The fields that go with a step, below the change form (and read again, on their own, to
    take a step on a working copy once it is saved: ``backoffice/drafts.py``)."""

    review_comment = MultiLineTextField(
        label=_("Comment for the review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Goes with the step you choose below, and is kept in the history."),
    )
    review_go_live_at = forms.DateTimeField(
        label=_("Go live at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Vientiane time. Leave empty to publish when you approve; a later time publishes it "
            "then."
        ),
    )
    review_unpublish_at = forms.DateTimeField(
        label=_("Unpublish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Optional. Vientiane time. Visitors no longer see it from then on."),
    )
    review_note_en = MultiLineTextField(
        label=_("Public change note (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Only for a major change of a published record: shown on its page and in the feed "
            "as “Updated …”. Leave empty for a minor change."
        ),
    )
    review_note_lo = MultiLineTextField(
        label=_("Public change note (Lao)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )
    review_with = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if SEND_BACK in self.data and not (cleaned.get(COMMENT_FIELD) or "").strip():
            self.add_error(COMMENT_FIELD, _("Say what to change: the editor sees this comment."))
        go_live, leave = cleaned.get("review_go_live_at"), cleaned.get("review_unpublish_at")
        if leave is not None and leave <= max(go_live or timezone.now(), timezone.now()):
            self.add_error(
                "review_unpublish_at", _("Choose a time after it goes live, in the future.")
            )
        if (cleaned.get("review_note_lo") or "").strip() and not (
            cleaned.get("review_note_en") or ""
        ).strip():
            self.add_error("review_note_en", _("Write the note in English too."))
        return cleaned


def take_step(
    model_admin, request, obj: Publishable, step: str | None, fields: dict, *, shown_with: str
) -> None:
    """Take the step asked for on the record just saved, and say what was done. ``fields``:
    ``StepFields``' cleaned values; ``shown_with``: ``children_seen`` of the record as saved (of
    its working copy, for a published record)."""
    comment = (fields.get(COMMENT_FIELD) or "").strip()
    link = request.build_absolute_uri(change_url(obj))
    say = model_admin.message_user
    try:
        if step == SUBMIT:
            review.submit(obj, by=request.user, comment=comment, link=link)
            say(
                request,
                _(
                    "Submitted for review: the publishers have been told. Visitors see no change "
                    "until one approves it."
                ),
                messages.SUCCESS,
            )
        elif step in (APPROVE, APPROVE_WITH_LAO):
            _approve(model_admin, request, obj, step, fields, shown_with)
        elif step == SEND_BACK:
            review.send_back(obj, by=request.user, comment=comment, link=link)
            say(request, _("Sent back to the editor with your comment."), messages.SUCCESS)
        elif step == UNPUBLISH:
            review.unpublish(obj, by=request.user, comment=comment)
            say(
                request,
                _("Unpublished: visitors no longer see it. It is a draft again."),
                messages.SUCCESS,
            )
        elif step == DISCARD:
            review.discard(obj, by=request.user)
            say(request, _("Draft discarded: the record is as visitors see it."), messages.SUCCESS)
        else:
            _saved(model_admin, request, obj, comment)
    except review.ReviewStepRefused as refused:
        say(request, str(refused), messages.WARNING)


def _approve(model_admin, request, obj, step, fields, shown_with: str) -> None:
    chosen = set(request.POST.getlist(INCLUDE))
    include = [
        child
        for child in pending_descendants(obj)
        if f"{child._meta.label_lower}.{child.pk}" in chosen
    ]
    seen = fields.get("review_with") or None
    if seen is not None and seen != shown_with:
        raise review.ReviewStepRefused(
            _(
                "Not approved: the records that would be published with it changed after you "
                "opened the page. Check the list below, then approve again."
            )
        )
    done = approval.approve(
        obj,
        by=request.user,
        comment=(fields.get(COMMENT_FIELD) or "").strip(),
        link=request.build_absolute_uri(change_url(obj)),
        include=include,
        lao_reviewed=step == APPROVE_WITH_LAO,
        note_en=fields.get("review_note_en") or "",
        note_lo=fields.get("review_note_lo") or "",
        go_live_at=fields.get("review_go_live_at"),
        unpublish_at=fields.get("review_unpublish_at"),
    )
    if done.scheduled is not None and done.scheduled.go_live_at is not None:
        when = timezone.localtime(done.scheduled.go_live_at)
        text = gettext("Approved to go live at %(time)s (Vientiane time).") % {
            "time": when.strftime("%Y-%m-%d %H:%M")
        }
    else:
        text = gettext("Approved and published: visitors now see it.")
        if step == APPROVE_WITH_LAO:
            text += " " + gettext("Its Lao is marked as reviewed.")
        elif lao := lao_shown_after_approval(obj):
            text += " " + lao
    if done.published:
        text += " " + gettext("Published with it: %(rows)s.") % {
            "rows": "; ".join(str(child) for child in done.published)
        }
    if done.left:
        text += " " + gettext("Left for their own review: %(rows)s.") % {
            "rows": "; ".join(str(child) for child in done.left)
        }
    model_admin.message_user(request, text, messages.SUCCESS)


def _saved(model_admin, request, obj, comment: str) -> None:
    say = model_admin.message_user
    if comment:
        say(
            request,
            _(
                "Saved, but your comment was not sent: a comment goes with a review step "
                "(submit, approve, send back). Your comment: “%(comment)s”"
            )
            % {"comment": comment},
            messages.WARNING,
        )
    elif obj.is_published:
        say(
            request,
            _(
                "Saved as a draft of the published record: visitors still see the published "
                "version. Submit it for review when it is ready."
            ),
            messages.INFO,
        )
    elif obj.publication_status == Publication.DRAFT:
        say(
            request,
            _("Saved as draft: visitors do not see it. Submit it for review when it is ready."),
            messages.INFO,
        )
    elif obj.publication_status == Publication.IN_REVIEW:
        say(request, _("Saved; it is still in review."), messages.INFO)
