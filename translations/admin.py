"""The back office's part of Lao translation: a column and a filter on every list of a
translatable model, the state beside the Lao on each record's page with what changed in the
English since the review and what the glossary warns of (``glossary.py``: shown there, and as
a message after a save; never a refusal), and "Mark Lao as reviewed" for publishers (an action
on the list, a button on the page). Editors write Lao; only publishers review it
(``may_publish``).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from core.permissions import may_publish
from translations.glossary import all_terms, record_warnings
from translations.state import (
    LAO,
    LaoState,
    LaoTranslatable,
    english_changes,
    lao_state,
    mark_lao_reviewed,
)

REVIEW_BUTTON = "_mark_lao_reviewed"


class LaoStateFilter(admin.SimpleListFilter):
    title = _("Lao translation")
    parameter_name = "lao"

    def lookups(self, request, model_admin):
        return LaoState.choices

    def queryset(self, request, queryset):
        if self.value() not in LaoState.values:
            return queryset
        # The state is read from the texts, not stored: one query for the records' keys.
        matching = [obj.pk for obj in queryset if lao_state(obj) == self.value()]
        return queryset.filter(pk__in=matching)


def describe_warnings(obj) -> str:
    """The glossary's warnings about the record's Lao, field by field, as list items."""
    return format_html_join(
        "",
        "<li>{}: {}</li>",
        (
            (obj._meta.get_field(name).verbose_name, warning.message())
            for name, warning in record_warnings(obj, all_terms())
        ),
    )


def describe_changes(obj) -> str:
    """The English changed since the review, field by field: old → new."""
    return format_html_join(
        "",
        "<li>{}: “{}” → “{}”</li>",
        (
            (obj._meta.get_field(name).verbose_name, old, new)
            for name, old, new in english_changes(obj)
        ),
    )


class LaoReviewAdmin(admin.ModelAdmin):
    """Mixed into every admin of a translatable model (``PublishableAdmin`` and the like)."""

    change_form_template = "admin/lao_change_form.html"

    def has_review_lao_permission(self, request) -> bool:
        return may_publish(request.user, self.model)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_review_lao_permission(request):
            actions["mark_lao_reviewed"] = self.get_action("mark_lao_reviewed")
        return actions

    def get_list_display(self, request):
        return [*super().get_list_display(request), "lao_state_label"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), LaoStateFilter]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "lao_translation"]

    def get_fieldsets(self, request, obj=None):
        # Out of the fieldsets Django makes from all fields, into its own beside the Lao.
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != "lao_translation"]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is None:
            return fieldsets
        description = gettext(
            "Visitors read the Lao only once a publisher has reviewed it; until then they "
            "read the English. Any change to the Lao makes it a draft again."
        )
        return [
            *fieldsets,
            (_("Lao translation"), {"fields": ["lao_translation"], "description": description}),
        ]

    @admin.display(description=_("Lao translation"))
    def lao_state_label(self, obj) -> str:
        return lao_state(obj).label

    @admin.display(description=_("state of the Lao"))
    def lao_translation(self, obj) -> str:
        if obj is None or obj.pk is None:
            return ""
        state = lao_state(obj)
        reviewed = ""
        if obj.lao_reviewed_at:
            reviewed = gettext("Last reviewed: %(when)s") % {
                "when": date_format(timezone.localtime(obj.lao_reviewed_at), "DATETIME_FORMAT")
            }
        shown = format_html("<strong>{}</strong> {}", state.label, reviewed)
        if state == LaoState.OUTDATED:
            shown += format_html(
                '<br>{}<ul class="lao-english-changes">{}</ul>',
                gettext("The English has changed since the Lao was reviewed:"),
                describe_changes(obj),
            )
        if warnings := describe_warnings(obj):
            shown += format_html(
                '<br>{}<ul class="glossary-warnings">{}</ul>',
                gettext("The glossary's official terms (a warning, not an error):"),
                warnings,
            )
        return shown

    def save_model(self, request, obj, form, change: bool) -> None:
        if change and not self.has_review_lao_permission(request):
            # Only publishers review: an editor restoring an earlier version brings back its
            # texts, not the review it had then (the review stays as it is now).
            fields = LaoTranslatable.review_fields
            stored = type(obj)._default_manager.filter(pk=obj.pk).values(*fields).first()
            for name, value in (stored or {}).items():
                setattr(obj, name, value)
        if any(name.endswith(f"_{LAO}") for name in form.changed_data):
            obj._change_reason = gettext_noop("Lao changed: a draft until a publisher reviews it")
            self.warn_of_glossary(request, obj)
        super().save_model(request, obj, form, change)

    def warn_of_glossary(self, request, obj) -> None:
        """After a change to the Lao, what the glossary warns of: saved all the same."""
        for name, warning in record_warnings(obj, all_terms()):
            field = obj._meta.get_field(name).verbose_name
            self.message_user(request, f"{field}: {warning.message()}", messages.WARNING)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        reviewing = request.method == "POST" and REVIEW_BUTTON in request.POST
        if reviewing and not self.has_review_lao_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, object_id) if object_id else None
        extra_context = {
            **(extra_context or {}),
            "lao_review_button": REVIEW_BUTTON,
            "may_review_lao": obj is not None and self.has_review_lao_permission(request),
        }
        if request.method == "GET" and obj is not None and lao_state(obj) == LaoState.OUTDATED:
            messages.warning(
                request,
                gettext(
                    "The English of this record has changed since its Lao was reviewed: "
                    "check the Lao (see “Lao translation” below), then mark it as reviewed."
                ),
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if REVIEW_BUTTON in request.POST:
            self._review(request, [obj])
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.action(permissions=["review_lao"], description=_("Mark Lao as reviewed"))
    def mark_lao_reviewed(self, request, queryset) -> None:
        self._review(request, queryset)

    def _review(self, request, records) -> None:
        reason = gettext_noop("Lao reviewed by a publisher")
        reviewed = sum(1 for obj in records if mark_lao_reviewed(obj, reason=reason))
        skipped = len(records) - reviewed
        self.message_user(
            request,
            ngettext(
                "Lao of %(count)d record marked as reviewed.",
                "Lao of %(count)d records marked as reviewed.",
                reviewed,
            )
            % {"count": reviewed},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record has no Lao to review.",
                    "%(count)d records have no Lao to review.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
