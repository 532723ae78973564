"""The back office's publication workflow, shared by every app's admin.

Every content record has a publication state, a change history (django-simple-history: who,
when, what changed, and a revert that is itself recorded) and a preview on the public design.
What each secretariat role may do is in ``config/roles.py``; the admin enforces the rest: only
publishers publish, unpublish, or delete what is published.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from config.concurrent_editing import ConcurrentEditingAdmin
from config.publication import Publication
from config.translations.admin import LaoReviewAdmin
from config.translations.overview_view import add_translations_page
from config.two_factor import admin as two_factor_admin


def can_publish(request, model) -> bool:
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def preview_url(obj) -> str:
    """The record's public page, showing drafts (for signed-in staff only)."""
    url, _hash, fragment = obj.get_absolute_url().partition("#")
    return f"{url}?preview=1" + (f"#{fragment}" if fragment else "")


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages whose malformed addresses (/history/abc/) are pages that do not exist,
    not server errors: for every admin with a history, published content or not."""

    @staticmethod
    def _is_key(value, field) -> bool:
        try:
            field.to_python(unquote(str(value)))
        except ValidationError:
            return False
        return True

    def history_view(self, request, object_id, extra_context=None):
        if not self._is_key(object_id, self.model._meta.pk):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (
            self._is_key(object_id, self.model._meta.pk)
            and self._is_key(version_id, self.model.history.model._meta.pk)
        ):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        # A version saved without a reason shows an empty cell, not the English "None".
        page = context.get("page_obj")
        for record in page.object_list if page else []:
            if record.history_change_reason is None:
                record.history_change_reason = ""
        return super().render_history_view(request, template, context, **kwargs)


class PublishableAdmin(LaoReviewAdmin, ConcurrentEditingAdmin, HistoryAdmin, TranslationAdmin):
    """Publication column, filter and actions; preview on the site; history with revert; a save
    based on an older version of the record refused (``config/concurrent_editing/``); the state
    of its Lao, reviewed by publishers (``config/translations/admin.py``)."""

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request) -> bool:
        return can_publish(request, self.model)

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
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("publication_status")
        return fields

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

    def keep_publication_unless_publisher(self, request, obj, change: bool) -> None:
        """Only publishers change a record's publication: whatever a form or a restored
        version says, anyone else leaves it as it is (a new record stays a draft)."""
        if self.has_publish_permission(request):
            return
        current = (
            type(obj).objects.filter(pk=obj.pk).values_list("publication_status", flat=True).first()
        )
        obj.publication_status = current if change and current else Publication.DRAFT

    def save_model(self, request, obj, form, change: bool) -> None:
        self.keep_publication_unless_publisher(request, obj, change)
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Restoring a version is a change: it needs the permission to change the record, and
        # bringing back a deleted record needs the publisher's permission to delete (and undelete).
        if request.method == "POST":
            current = self.model._default_manager.filter(pk=object_id).first()
            if current is None:
                allowed = self.has_add_permission(request) and self.has_publish_permission(request)
            else:
                allowed = self.has_change_permission(request, current)
            if not allowed:
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None) -> bool:
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)

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

    def _set_publication(self, request, queryset, state: str) -> None:
        changed = 0
        for obj in queryset.exclude(publication_status=state):
            obj.publication_status = state
            obj.save()  # one by one, so that each change is kept in the history
            changed += 1
        self.message_user(
            request,
            ngettext("%(count)d record changed.", "%(count)d records changed.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(permissions=["publish"], description=_("Publish the selected records"))
    def publish(self, request, queryset) -> None:
        self._set_publication(request, queryset, Publication.PUBLISHED)

    @admin.action(
        permissions=["publish"], description=_("Unpublish the selected records (back to draft)")
    )
    def unpublish(self, request, queryset) -> None:
        self._set_publication(request, queryset, Publication.DRAFT)


class PublishableInlineMixin:
    """Inline children show their publication state; only publishers change it or delete rows
    (a row may be published, and an inline cannot tell a draft from a published row)."""

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "publication_status"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request, self.model):
            fields.append("publication_status")
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and can_publish(request, self.model)


# The Translations page (config/translations/overview_view.py).
add_translations_page(admin.site)

# django-otp's admins, with labels the catalogs translate (config/two_factor/admin.py). Here, as
# the admin loads each app's admin module in app order, and django-otp's come before this one.
two_factor_admin.register()


class UserPasswordForm(AdminPasswordChangeForm):
    """Django's form for setting a user's password, with its warning translated: Django joins
    it to the help text as English once, when it loads (Django 5.2)."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


class UserAdmin(auth_admin.UserAdmin):
    change_password_form = UserPasswordForm


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)
