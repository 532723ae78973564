"""A person's own notification settings, on a back-office page of their own: any member of
staff may change theirs (and only theirs), whatever their role."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import check_for_language
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from publishing.models import StaffPreferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = StaffPreferences
        fields = ["email_on_review", "language"]


def keep_backoffice_language(user, language: str | None) -> None:
    """Keep the language a member of staff works in, for their emails (when they chose none).
    Called where a person says which language they work in: signing in, and the language
    switch; never on merely reading a page, which changes nothing."""
    if not (user and user.is_authenticated and user.is_staff):
        return
    if language not in dict(settings.LANGUAGES):
        return
    prefs = preferences_of(user)
    if prefs.backoffice_language != language:
        prefs.backoffice_language = language
        prefs.save()


def remember_language_at_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: the language the person signs in with (a test's ``force_login``
    has no request)."""
    if request is not None:
        keep_backoffice_language(user, getattr(request, "LANGUAGE_CODE", None))


def switch_language(request):
    """Django's ``set_language`` (the back office's language switch), which also keeps the
    choice for the person's emails."""
    response = set_language(request)
    if request.method == "POST" and check_for_language(request.POST.get("language", "")):
        keep_backoffice_language(request.user, request.POST["language"])
    return response


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
