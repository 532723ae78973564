"""A person's own notification settings, on a back-office page of their own: any member of
staff may change theirs (and only theirs), whatever their role."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from publishing.models import StaffPreferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = StaffPreferences
        fields = ["email_on_review", "language"]


SESSION_KEY = "backoffice_language"


def remember_backoffice_language(request) -> None:
    """Keep the language a member of staff reads the back office in, for their emails: written
    when it differs from what this session last kept, so not on every page."""
    language = getattr(request, "LANGUAGE_CODE", None)
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.is_staff) or language not in dict(
        settings.LANGUAGES
    ):
        return
    if request.session.get(SESSION_KEY) == language:
        return
    StaffPreferences.objects.update_or_create(user=user, defaults={"backoffice_language": language})
    request.session[SESSION_KEY] = language


def preferences_of(user) -> StaffPreferences:
    """The person's settings; defaults (emails on, in the back office's language) until they
    change them."""
    try:
        return user.staff_preferences
    except StaffPreferences.DoesNotExist:
        return StaffPreferences(user=user)


def notification_settings(request):
    prefs = preferences_of(request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_settings")
    context = {
        **admin.site.each_context(request),
        "title": _("My notification settings"),
        "form": form,
    }
    return TemplateResponse(request, "admin/notification_settings.html", context)
