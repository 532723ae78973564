"""The two-factor pages, in the back office's design: set up an authenticator app (first
sign-in, or a new phone), give a code, see new recovery codes (once).

Only signed-in staff reach them; ``middleware.py`` sends an unverified staff member here."""

import functools
import logging
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from backoffice.two_factor import devices, enrolment, sessions
from backoffice.two_factor.forms import CodeForm
from backoffice.two_factor.lockout import forgive, locked_out, record_wrong_code
from backoffice.two_factor.qr import qr_svg

# New recovery codes wait here between the page that makes them and the page that shows them.
CODES_SESSION_KEY = "two_factor_new_recovery_codes"
ALREADY_SET_UP = _(
    "Your authenticator app was set up a moment ago (the form was sent twice, or from another "
    "window). Sign in with the code it shows now."
)
CODE_ALREADY_USED = _(
    "That code has just been used, and each code works once. Wait for your app to show the next "
    "code, then type it."
)


def next_url(request: HttpRequest) -> str:
    """Where to go once the code is given: the page asked for, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def page_url(name: str, request: HttpRequest) -> str:
    """A two-factor page's address, carrying on where to go afterwards."""
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


def staff_only(view):
    """Signed-in staff only (verified or not); never cached, since the pages show secrets."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return never_cache(require_http_methods(["GET", "POST"])(wrapper))


def render_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context = {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "next": next_url(request),
        **context,
    }
    return render(request, template, context)


def sign_in(request: HttpRequest, device) -> None:
    """The code is right: from now on this session is verified (under a new session key)."""
    request.session.cycle_key()
    otp_login(request, device)
    forgive(request)


@staff_only
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(next_url(request))
    if not devices.is_enrolled(user):
        return redirect(page_url("two_factor:enrol", request))
    form = CodeForm(request.POST or None, recovery=True)
    if request.method == "POST":
        if (response := locked_out(request)) is not None:
            return response
        if form.is_valid():
            check = devices.check_code(user, form.cleaned_data["code"])
            if check.device is not None:
                sign_in(request, check.device)
                if isinstance(check.device, StaticDevice):
                    used_recovery_code(request)
                else:
                    sessions.log(request, "signed in with a code of their authenticator app")
                return redirect(next_url(request))
            if check.used:
                # The right code, sent again: not a failure, and not counted as one.
                sessions.log(request, "gave a code already used")
                form.add_error("code", CODE_ALREADY_USED)
                return render_page(request, "two_factor/verify.html", verify_context(form))
            sessions.log(
                request,
                "gave a code while held back after wrong ones"
                if check.wait
                else "gave a wrong code",
                logging.WARNING,
            )
            if (response := record_wrong_code(request)) is not None:
                return response
            form.add_error(
                "code",
                _("Too many wrong codes in a row: wait a moment, then try again.")
                if check.wait
                else _("That code is not right. Check it and try again."),
            )
    return render_page(request, "two_factor/verify.html", verify_context(form))


def verify_context(form: CodeForm) -> dict:
    return {"form": form, "title": _("Sign-in code")}


def used_recovery_code(request: HttpRequest) -> None:
    left = devices.recovery_codes_left(request.user)
    sessions.log(request, f"signed in with a recovery code ({left} left)")
    messages.warning(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            ngettext(
                "You signed in with a recovery code; it will not work again. %(count)d is left.",
                "You signed in with a recovery code; it will not work again. %(count)d are left.",
                left,
            )
            % {"count": left},
            reverse("two_factor:enrol"),
            _("Lost your phone? Set up your authenticator app again."),
        ),
    )


@staff_only
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    replacing = user.is_verified()
    if devices.is_enrolled(user) and not replacing:
        if request.method == "POST":
            return set_up_already(request)
        # Replacing the app takes the code of the current one, or a recovery code, first.
        return redirect(page_url("two_factor:verify", request))
    if not sessions.may_set_up_an_app(request):
        return sign_in_again(request)
    key = enrolment.pending_key(request)
    form = CodeForm(request.POST or None, recovery=False)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if key is None:
            form.add_error(
                "code",
                _(
                    "This set-up key has expired. Remove it from the app, then scan the new QR "
                    "code below."
                ),
            )
        elif (app := devices.confirm_app(user, key, code, replacing=replacing)) is not None:
            enrolment.forget_key(request)
            sign_in(request, app)
            sessions.set_up_an_app(request)
            request.session[CODES_SESSION_KEY] = devices.new_recovery_codes(user)
            return redirect(page_url("two_factor:recovery_codes", request))
        elif not replacing and devices.is_enrolled(user):
            return set_up_already(request)  # by a request at the same time as this one
        else:
            form.add_error(
                "code",
                _(
                    "That code is not right. Check that the app shows this account, then type "
                    "the code it shows now."
                ),
            )
    app = enrolment.app_with(user, key or enrolment.new_key(request))
    context = {
        "form": form,
        "title": _("Set up two-factor sign-in"),
        "qr_code": qr_svg(app.config_url, label=_("QR code for your authenticator app")),
        "setup_key": devices.setup_key(app),
    }
    return render_page(request, "two_factor/enrol.html", context)


def set_up_already(request: HttpRequest) -> HttpResponse:
    """A set-up sent when another one of this person's has just been confirmed (the form sent
    twice, or from another window): not a wrong code, but done; on to the code page."""
    sessions.log(request, "sent a set-up after one from another request")
    messages.info(request, ALREADY_SET_UP)
    return redirect(page_url("two_factor:verify", request))


def sign_in_again(request: HttpRequest) -> HttpResponse:
    """A session that signed in while the person had an app, since removed, may not set up
    another: it ends, and whoever holds it signs in again with the password."""
    sessions.log(request, "was signed out: this session may not set up an app", logging.WARNING)
    logout(request)
    messages.info(request, _("Sign in again with your password to set up two-factor sign-in."))
    return redirect_to_login(next_url(request), reverse("admin:login"))


@staff_only
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once; afterwards, how many are left, and a button for new ones."""
    user = request.user
    if not user.is_verified():
        return redirect(page_url("two_factor:verify", request))
    if request.method == "POST":
        request.session[CODES_SESSION_KEY] = devices.new_recovery_codes(user)
        sessions.log(request, "made new recovery codes")
        return redirect(page_url("two_factor:recovery_codes", request))
    codes = request.session.pop(CODES_SESSION_KEY, None)
    context = {
        "title": _("Recovery codes"),
        "codes": codes,
        "left": devices.recovery_codes_left(user),
    }
    return render_page(request, "two_factor/recovery_codes.html", context)
