"""The back office's publication workflow, shared by every app's admin.

Every content record has a publication state, a change history (django-simple-history: who,
when, what changed, and a revert that is itself recorded) and a preview on the public design.
What each secretariat role may do is in ``publishing/roles.py``; the admin enforces the rest: only
publishers publish, unpublish, or delete what is published.
"""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from backoffice import accounts
from backoffice.already_saved import explain_refused_duplicate
from backoffice.concurrent_editing import ConcurrentEditingAdmin
from backoffice.drafts import DraftAdmin
from backoffice.history import HistoryAdmin
from backoffice.labels import LanguageLabelsAdmin, LanguageLabelsInline
from backoffice.list_steps import confirmed_step, with_working_copies
from backoffice.refused_files import ask_for_files_again
from backoffice.two_factor import admin as two_factor_admin
from core.admin_urls import change_url
from core.dates import day_first_date_field
from core.permissions import may_publish
from core.plaintext import multi_line_form_field, normalise_text
from core.publication import SAME_NAME_MESSAGE, Publication, compared_ignoring_case
from core.slugs import optional_slug, slug_from_name_form
from publishing import approval, review
from publishing.review_admin import ReviewAdmin
from publishing.step_form import step_asked
from translations.admin import REVIEW_BUTTON, LaoReviewAdmin


def preview_url(obj) -> str:
    """The record's public page, showing drafts (for signed-in staff only)."""
    url, _hash, fragment = obj.get_absolute_url().partition("#")
    return f"{url}?preview=1" + (f"#{fragment}" if fragment else "")


class PublishableAdminMixin:
    """What ``PublishableAdmin`` adds, first in its order: see there."""

    actions = ["publish", "unpublish"]

    def has_review_lao_permission(self, request) -> bool:
        return self.has_publish_permission(request)

    def has_publish_permission(self, request) -> bool:
        return may_publish(request.user, self.model)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        kwargs = day_first_date_field(db_field, multi_line_form_field(db_field, kwargs))
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        optional_slug(db_field, formfield, self.prepopulated_fields)
        return formfield

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return slug_from_name_form(form, self.prepopulated_fields)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        ask_for_files_again(request, context)
        explain_refused_duplicate(request, context, add)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # A pattern from the address would be run by the database: an invalid one is a server
        # error, a slow one ties a worker up. No filter of the list needs one.
        if lookup.endswith(("__regex", "__iregex")):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication_status"]

    def get_list_filter(self, request):
        return ["publication_status", *super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        # Shown, never edited: publication changes by a review step (publishing/review_admin.py).
        return [*super().get_readonly_fields(request, obj), "publication_status"]

    def has_delete_permission(self, request, obj=None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        # Editors may delete their drafts, never what visitors can see.
        return obj is None or not obj.is_published or self.has_publish_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            actions.pop("delete_selected", None)
        return actions

    def view_on_site(self, obj) -> str:
        # The page of the record as stored: a refused form hands back its instance with the
        # values typed (a leg numbered 0), which may have no page at all.
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
        return preview_url(stored or obj)

    def keep_publication(self, request, obj, change: bool) -> None:
        """A record's publication changes only through the publishing steps
        (``publishing/review.py``): whatever a form or a restored version says, a save leaves it
        as stored (a new record, or one brought back after deletion, is a draft), so every
        publication has its step, reason and email."""
        current = (
            type(obj).objects.filter(pk=obj.pk).values_list("publication_status", flat=True).first()
        )
        obj.publication_status = current if change and current else Publication.DRAFT

    def save_model(self, request, obj, form, change: bool) -> None:
        self.keep_publication(request, obj, change)
        opts = obj._meta
        stored = {f.name for f in opts.concrete_fields} | {f.name for f in opts.many_to_many}
        edited = stored.intersection(form.changed_data)  # not the form's own fields (the token)
        # A button that writes its own version (a review step, or marking the Lao reviewed).
        own_version = step_asked(request) is not None or REVIEW_BUTTON in request.POST
        if not change or edited or not own_version or obj.is_published:
            super().save_model(request, obj, form, change)
            return
        # Saved as it was, for the button's sake: no empty version beside the button's own.
        # (A plain save keeps its version, which says who changed the record's inline rows.)
        obj.skip_history_when_saving = True  # django-simple-history's switch
        try:
            super().save_model(request, obj, form, change)
        finally:
            del obj.skip_history_when_saving

    def delete_model(self, request, obj) -> None:
        key = obj.pk
        super().delete_model(request, obj)
        review.forget(self.model, [key])

    def delete_queryset(self, request, queryset) -> None:
        keys = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        review.forget(self.model, keys)

    def may_bring_back(self, request) -> bool:
        # Bringing back a deleted record is for publishers, who alone delete what is published.
        return self.has_add_permission(request) and self.has_publish_permission(request)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # Each version's title names its parent records: load them with the versions.
        parents = [
            f.name
            for f in history_manager.model._meta.concrete_fields
            if f.is_relation and f.name != "history_user"
        ]
        return (
            super()
            .get_history_queryset(request, history_manager, pk_name, object_id)
            .select_related(*parents)
        )

    # One by one through the publishing steps (publishing/review.py), after a page that lists each
    # record with what it changes; the page carries back the version of each it showed, and a
    # record changed since is left as it is, and named.
    @admin.action(permissions=["publish"], description=_("Publish the selected records"))
    def publish(self, request, queryset):
        return confirmed_step(
            self,
            request,
            queryset.exclude(publication_status=Publication.PUBLISHED)
            | queryset.filter(pk__in=with_working_copies(queryset)),
            "publish",
            lambda obj, seen: approval.approve(
                obj,
                by=request.user,
                seen=seen,
                link=request.build_absolute_uri(change_url(obj)),
            ),
        )

    @admin.action(
        permissions=["publish"], description=_("Unpublish the selected records (back to draft)")
    )
    def unpublish(self, request, queryset):
        return confirmed_step(
            self,
            request,
            queryset.filter(publication_status=Publication.PUBLISHED),
            "unpublish",
            lambda obj, seen: review.unpublish(obj, by=request.user, seen=seen),
        )

    @admin.action(permissions=["review_lao"], description=_("Mark Lao as reviewed"))
    def mark_lao_reviewed(self, request, queryset):
        return confirmed_step(
            self,
            request,
            queryset,
            "mark_lao_reviewed",
            lambda obj, seen: review.mark_lao_reviewed(obj, by=request.user, seen=seen),
        )


class PublishableAdmin(
    DraftAdmin,
    PublishableAdminMixin,
    LaoReviewAdmin,
    ConcurrentEditingAdmin,
    ReviewAdmin,
    HistoryAdmin,
    LanguageLabelsAdmin,
    TranslationAdmin,
):
    """Publication column, filter and actions; the review workflow on the change page
    (``publishing/review_admin.py``); preview on the site; history with revert; a save based on an
    older version of the record refused (``backoffice/concurrent_editing/``); the state of its Lao,
    reviewed by publishers (``translations/admin.py``); each language's column labelled in words
    (``backoffice/labels.py``)."""


class UntranslatedPublishableAdmin(
    DraftAdmin,
    PublishableAdminMixin,
    ConcurrentEditingAdmin,
    ReviewAdmin,
    HistoryAdmin,
    admin.ModelAdmin,
):
    """The same for a record with no text to translate (a person's appointment to a post)."""


class NamesDifferFormSet(BaseInlineFormSet):
    """Two new rows of one inline may not share a name ignoring capitals and spaces: the
    database would refuse the second (a server error), and neither is saved yet for the record's
    own check to see (``unique_ignoring_case`` in ``core/publication.py``)."""

    def clean(self) -> None:
        super().clean()
        for constraint in self.model._meta.constraints:
            compared = compared_ignoring_case(constraint)
            if compared is None:
                continue
            scope, field = compared
            seen = set()
            for form in self.forms:
                data = getattr(form, "cleaned_data", None)
                if not data or data.get("DELETE") or not data.get(field):
                    continue
                name = normalise_text(data[field], multi_line=False).lower()
                key = (*(data.get(s) for s in scope if s != self.fk.name), name)
                if key in seen and SAME_NAME_MESSAGE not in form.errors.get(field, []):
                    form.add_error(field, SAME_NAME_MESSAGE)
                seen.add(key)


class PublishableInlineMixin(LanguageLabelsInline):
    """Inline children show their publication state; only publishers change it or delete rows
    (a row may be published, and an inline cannot tell a draft from a published row)."""

    formset = NamesDifferFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        kwargs = day_first_date_field(db_field, multi_line_form_field(db_field, kwargs))
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        optional_slug(db_field, formfield, self.prepopulated_fields)
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = slug_from_name_form(formset.form, self.prepopulated_fields)
        return formset

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "publication_status"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not may_publish(request.user, self.model):
            fields.append("publication_status")
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and may_publish(request.user, self.model)


# django-otp's admins, with labels the catalogs translate (backoffice/two_factor/admin.py), and the
# accounts' (backoffice/accounts.py). Here, as the admin loads each app's admin module in app
# order, and django-otp's, Django's and django-axes' come before this one.
two_factor_admin.register()
accounts.register()
