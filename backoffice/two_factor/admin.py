"""The back office's pages of people's authenticator apps and recovery codes (django-otp's own
admin), named in the person's language: django-otp marks none of its labels for translation.

django-otp's models are left as they are: the admin shows proxies of them named in words the
catalogs translate (``backoffice/models.py``), their fields labelled by the admin's form (which
serves the read-only fields too) and by the list's columns and filters. Each help text is the
package's own English, marked for translation.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin, StaticTokenInline
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.models import AuthenticatorApp, RecoveryCode, RecoveryCodes

# Field: its label, and its help text (django-otp's English, word for word) where it has one.
FIELDS = {
    "user": (_("user"), _("The user that this device belongs to.")),
    "name": (_("name"), _("The human-readable name of this device.")),
    "confirmed": (_("confirmed"), _("Is this device ready for use?")),
    "throttling_failure_timestamp": (
        _("last failed code"),
        _("A timestamp of the last failed verification attempt. Null if last attempt succeeded."),
    ),
    "throttling_failure_count": (
        _("failed codes in a row"),
        _("Number of successive failed attempts."),
    ),
    "created_at": (
        _("created"),
        _("The date and time when this device was initially created in the system."),
    ),
    "last_used_at": (_("last used"), _("The most recent date and time this device was used.")),
    "key": (_("secret key"), _("A hex-encoded secret key of up to 40 bytes.")),
    "step": (_("time step"), _("The time step in seconds.")),
    "t0": (_("start time"), _("The Unix time at which to begin counting steps.")),
    "digits": (_("digits"), _("The number of digits to expect in a token.")),
    "tolerance": (
        _("tolerance"),
        _("The number of time steps in the past or future to allow."),
    ),
    "drift": (
        _("clock drift"),
        _("The number of time steps the prover is known to deviate from our clock."),
    ),
    "last_t": (
        _("last time step used"),
        _(
            "The t value of the latest verified token. The next token must be at a higher time step."
        ),
    ),
    "device": (_("set of recovery codes"), None),
    "token": (_("recovery code"), None),
}
FIELDSETS = {
    "Identity": _("Identity"),
    "Timestamps": _("Dates"),
    "Configuration": _("Configuration"),
    "State": _("State"),
    "Throttling": _("Wrong codes"),
}
SEARCH_HELP_TEXT = _("Search by the user's user name or email address.")


LABELS = {name: label for name, (label, _help_text) in FIELDS.items()}


class LabelledForm(forms.ModelForm):
    """The labels and help texts of django-otp's fields, editable or read-only."""

    class Meta:
        labels = LABELS
        help_texts = {name: text for name, (_label, text) in FIELDS.items() if text is not None}


def _column(name: str, **options):
    def value(obj):
        return getattr(obj, name)

    value.__name__ = name  # the column's CSS class, as for the field itself
    return admin.display(description=LABELS[name], ordering=name, **options)(value)


COLUMNS = {
    **{name: _column(name) for name in ("user", "name", "created_at", "last_used_at")},
    "confirmed": _column("confirmed", boolean=True),
}


class DateFilter(admin.DateFieldListFilter):
    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = LABELS[field_path]


class YesNoFilter(admin.BooleanFieldListFilter):
    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = LABELS[field_path]


FILTERS = {"created_at": DateFilter, "last_used_at": DateFilter, "confirmed": YesNoFilter}


class DeviceAdmin:
    """What both device admins add to django-otp's: the labels, columns and filters."""

    form = LabelledForm
    search_help_text = SEARCH_HELP_TEXT

    def get_list_display(self, request):
        return [COLUMNS.get(name, name) for name in super().get_list_display(request)]

    def get_list_filter(self, request):
        return [
            (name, FILTERS[name]) if name in FILTERS else name
            for name in super().get_list_filter(request)
        ]


def _named(fieldsets):
    return [(FIELDSETS.get(title, title), options) for title, options in fieldsets]


class AuthenticatorAppAdmin(DeviceAdmin, TOTPDeviceAdmin):
    def get_fieldsets(self, request, obj=None):
        return _named(super().get_fieldsets(request, obj))


class RecoveryCodeInline(StaticTokenInline):
    model = RecoveryCode
    form = LabelledForm


class RecoveryCodesAdmin(DeviceAdmin, StaticDeviceAdmin):
    fieldsets = _named(StaticDeviceAdmin.fieldsets)
    inlines = [RecoveryCodeInline]


class LockoutAttemptAdmin(AccessAttemptAdmin):
    # django-axes' column of attempts left, named (it has no name but its method's).
    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)


def register() -> None:
    """Replace django-otp's and django-axes' admins (registered by their apps, which come
    first) with these."""
    for model in (TOTPDevice, StaticDevice, AccessAttempt):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
    admin.site.register(AuthenticatorApp, AuthenticatorAppAdmin)
    admin.site.register(RecoveryCodes, RecoveryCodesAdmin)
    admin.site.register(AccessAttempt, LockoutAttemptAdmin)
