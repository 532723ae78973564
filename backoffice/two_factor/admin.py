"""The back office's pages of people's authenticator apps and recovery codes (django-otp's own
admin), named in the person's language: django-otp marks none of its labels for translation.

The field labels are set on the fields' ``verbose_name`` (not the ``_verbose_name`` migrations
read), and each help text is the package's own English marked for translation, so that the
models are unchanged for ``makemigrations``.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

MODELS = {
    TOTPDevice: (_("authenticator app"), _("authenticator apps")),
    StaticDevice: (_("set of recovery codes"), _("sets of recovery codes")),
    StaticToken: (_("recovery code"), _("recovery codes")),
}
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


def name_the_labels() -> None:
    """Give django-otp's models and fields names the catalogs translate."""
    for model, (verbose_name, verbose_name_plural) in MODELS.items():
        model._meta.verbose_name = verbose_name
        model._meta.verbose_name_plural = verbose_name_plural
        for field in model._meta.concrete_fields:
            if field.name in FIELDS:
                field.verbose_name, help_text = FIELDS[field.name]
                if help_text is not None:
                    field.help_text = help_text


def _named(fieldsets):
    return [(FIELDSETS.get(title, title), options) for title, options in fieldsets]


class AuthenticatorAppAdmin(TOTPDeviceAdmin):
    search_help_text = SEARCH_HELP_TEXT

    def get_fieldsets(self, request, obj=None):
        return _named(super().get_fieldsets(request, obj))


class RecoveryCodesAdmin(StaticDeviceAdmin):
    search_help_text = SEARCH_HELP_TEXT
    fieldsets = _named(StaticDeviceAdmin.fieldsets)


class LockoutAttemptAdmin(AccessAttemptAdmin):
    # django-axes' column of attempts left, named (it has no name but its method's).
    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)


def register() -> None:
    """Replace django-otp's and django-axes' admins (registered by their apps, which come
    first) with these."""
    for model, model_admin in [
        (TOTPDevice, AuthenticatorAppAdmin),
        (StaticDevice, RecoveryCodesAdmin),
        (AccessAttempt, LockoutAttemptAdmin),
    ]:
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)
