"""A form refused by Django's CSRF check (``settings.CSRF_FAILURE_VIEW``), without losing what was
typed.

It happens to staff when a form was opened before they signed out and in again in another tab
(signing in gives the browser a new token), or when their session ended meanwhile. Django's own
page is bare, in developers' words, and leads nowhere. This one is in the person's language, in
the back office's design for a back-office address and the public site's otherwise, says what
happened and what to do, and shows each posted field with its value in a read-only box to copy
from. It never sends the values on by itself: a page that re-posted them with a fresh token would
let any other site post through a signed-in person's browser, which is what the check prevents.
Passwords, codes and tokens are never shown; files are named, to be chosen again.
"""

import logging
from dataclasses import dataclass

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from backoffice.labels import field_label

logger = logging.getLogger(__name__)

# Names of posted fields never shown: secrets, and the form's own bookkeeping.
SECRET_PARTS = ("password", "passwd", "secret", "token", "otp", "csrf")
SECRET_NAMES = {"code"}  # the two-factor pages' code (backoffice/two_factor/forms.py)
BOOKKEEPING_SUFFIXES = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
# What the page shows at most: a value longer than this is cut (and says so), and a form with
# more fields than this lists the first ones. An admin form with its inlines has about a hundred.
MAX_VALUE_CHARS = 20_000
MAX_FIELDS = 300
MAX_ROWS = 12  # the height of a value's box, in lines


@dataclass(frozen=True)
class PostedValue:
    name: str
    label: str
    value: str
    shortened: bool

    @property
    def rows(self) -> int:
        lines = sum(1 + len(line) // 80 for line in self.value.splitlines() or [""])
        return min(lines, MAX_ROWS)


def secret(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_NAMES or any(part in lowered for part in SECRET_PARTS)


def bookkeeping(name: str) -> bool:
    """The admin's buttons (_save, _continue), Django's hidden initial values, inline counts, and
    the blank row an inline keeps to copy when "add another" is pressed (``__prefix__``)."""
    return (
        name.startswith(("_", "initial-"))
        or name.endswith(BOOKKEEPING_SUFFIXES)
        or "__prefix__" in name
    )


def posted_label(name: str, models: list) -> str:
    """What the back office's form calls a posted field: its model field's name in the reader's
    language (an inline row's field with its row number), or the name as posted."""
    prefix, _sep, field_name = name.rpartition("-")
    row = prefix.rpartition("-")[2]
    # An inline row's field is its inline model's, whatever the record's own fields are called.
    for model in models[1:] + models[:1] if row.isdigit() else models[:1]:
        try:
            label = capfirst(field_label(model._meta.get_field(field_name)))
        except FieldDoesNotExist:
            continue
        if row.isdigit():
            return _("%(label)s, row %(row)s") % {"label": label, "row": int(row) + 1}
        return label
    return name


def form_models(request: HttpRequest) -> list:
    """The models of the back-office form the request was sent to: its own, then its inlines'."""
    match = request.resolver_match
    model_admin = getattr(match.func, "model_admin", None) if match else None
    if model_admin is None:
        return []
    return [model_admin.model, *(inline.model for inline in model_admin.inlines)]


def posted_values(request: HttpRequest) -> tuple[list[PostedValue], list[str], bool]:
    """(each non-empty field shown, with its value; the names of the files chosen; whether any
    field was left out because it is a secret). Nothing if the body cannot be read."""
    try:
        fields, files = list(request.POST.lists()), list(request.FILES.lists())
    except (OSError, UnreadablePostError, MultiPartParserError):
        return [], [], False
    models = form_models(request)
    values: list[PostedValue] = []
    secret_left_out = False
    for name, field_values in fields:
        if secret(name):
            secret_left_out = True
            continue
        if bookkeeping(name):
            continue
        for value in field_values:
            if value.strip() and len(values) < MAX_FIELDS:
                cut = value[:MAX_VALUE_CHARS]
                label = posted_label(name, models)
                values.append(PostedValue(name, label, cut, shortened=len(cut) < len(value)))
    chosen = [f"{name}: {upload.name}" for name, uploads in files for upload in uploads]
    return values, chosen[:MAX_FIELDS], secret_left_out


def form_address(request: HttpRequest) -> str | None:
    """Where the form was: the page it was sent from if that is on this site (the browser says,
    in Referer), else the address it was sent to, if that is a path on this site."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    path = request.get_full_path()
    if url_has_allowed_host_and_scheme(path, allowed_hosts=set()):
        return path
    return None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page of a form refused for its missing or outdated security token: 403."""
    logger.warning("form refused by the CSRF check at %r: %s", request.path, reason)
    values, files, secret_left_out = posted_values(request)
    in_back_office = request.path.startswith(reverse("admin:index"))
    context = {
        "title": _("This form was not saved"),
        "values": values,
        "files": files,
        "secret_left_out": secret_left_out,
        "form_address": form_address(request),
        "max_value_chars": MAX_VALUE_CHARS,
    }
    if in_back_office:
        context.update(admin.site.each_context(request))
        template = "admin/csrf_failure.html"
    else:
        template = "csrf_failure.html"
    response = render(request, template, context, status=403)
    add_never_cache_headers(response)
    return response
