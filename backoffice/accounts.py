"""The back office's pages of people's accounts: users, groups (the secretariat's roles) and the
sign-in records django-axes keeps, in the reader's language.

Django stores the permissions' names in English ("Can add log entry") and the roles' names as
``ensure_roles`` made them, and django-axes names its records in English sentences. The pickers
list permissions and groups by names built in the reader's language (``backoffice/labels.py``);
groups and sign-in records are shown through proxies that name them so
(``backoffice/models.py``), registered here in place of Django's and django-axes' models.
"""

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from backoffice.labels import permission_name
from backoffice.models import FailedSignIn, FailedSignIns, SignIn, StaffGroup, group_name
from backoffice.two_factor.admin import LockoutAttemptAdmin


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return permission_name(obj)


class GroupsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(group_name(obj.name))


class NamedChoices:
    """A user's or a group's pickers of groups and permissions, named in the reader's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Permission:
            kwargs["form_class"] = PermissionsField
        elif db_field.related_model is Group:
            kwargs["form_class"] = GroupsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GroupFilter(admin.RelatedFieldListFilter):
    """The users' list filtered by group, the groups named as shown."""

    def field_choices(self, field, request, model_admin):
        return [
            (pk, str(group_name(name)))
            for pk, name in super().field_choices(field, request, model_admin)
        ]


class UserPasswordForm(AdminPasswordChangeForm):
    """Django's form for setting a user's password, with its warning translated: Django joins
    it to the help text as English once, when it loads (Django 5.2)."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


class UserAdmin(NamedChoices, auth_admin.UserAdmin):
    change_password_form = UserPasswordForm

    def get_list_filter(self, request):
        return [
            ("groups", GroupFilter) if name == "groups" else name
            for name in super().get_list_filter(request)
        ]


class GroupAdmin(NamedChoices, auth_admin.GroupAdmin):
    list_display = ["__str__"]


class SignInAdmin(AccessLogAdmin):
    pass


class FailedSignInAdmin(AccessFailureLogAdmin):
    pass


class FailedSignInsAdmin(LockoutAttemptAdmin):
    pass


def register() -> None:
    """Replace Django's and django-axes' admins of these records (registered by their apps, which
    come first) with these."""
    shown = {
        get_user_model(): (get_user_model(), UserAdmin),
        Group: (StaffGroup, GroupAdmin),
        AccessLog: (SignIn, SignInAdmin),
        AccessFailureLog: (FailedSignIn, FailedSignInAdmin),
        AccessAttempt: (FailedSignIns, FailedSignInsAdmin),
    }
    for model, (proxy, model_admin) in shown.items():
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(proxy, model_admin)
