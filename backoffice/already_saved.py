"""A new record refused only because its address (slug) or natural key is taken.

Pressing Back after saving a new record and saving again sends the same form a second time: the
record exists, so Django refuses it with "A person with this slug already exists", which reads as
if something were wrong. When the record that holds the address was created by the same person in
the last hour (its first version in the history, django-simple-history) and holds the values the
form holds, the page says instead that this was already saved, with a link to it; nothing is
saved twice. Otherwise the uniqueness error stays, naming the record that holds the value, with a
link. The form keeps everything typed either way.
"""

from datetime import timedelta

from django.contrib.admin.helpers import AdminErrorList
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.admin_urls import change_url

RECENT = timedelta(hours=1)
UNIQUE_CODES = {"unique", "unique_together"}


def uniqueness_errors(form) -> set[str] | None:
    """The fields refused for a value another record holds, if that is the form's only trouble;
    otherwise None."""
    fields = set()
    for name, errors in form.errors.as_data().items():
        if name == NON_FIELD_ERRORS or any(e.code not in UNIQUE_CODES for e in errors):
            return None
        fields.add(name)
    return fields or None


def unique_lookups(model) -> list[tuple[str, ...]]:
    """The sets of fields whose values identify one record: each unique field, each unique
    constraint over fields, and the natural key (``core/naturalkeys.py``)."""
    lookups = [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    lookups += [tuple(c.fields) for c in model._meta.total_unique_constraints]
    lookups += [tuple(model.natural_key_fields)] if getattr(model, "natural_key_fields", ()) else []
    return lookups


def holder_of(instance, fields: set[str]) -> tuple[models.Model, tuple[str, ...]] | None:
    """The stored record holding the value a refused field has, and the fields it shares."""
    model = type(instance)
    for lookup in unique_lookups(model):
        if not fields & set(lookup):
            continue
        values = {name: getattr(instance, model._meta.get_field(name).attname) for name in lookup}
        if None in values.values():
            continue
        query = {model._meta.get_field(name).attname: value for name, value in values.items()}
        if (holder := model._default_manager.filter(**query).first()) is not None:
            return holder, lookup
    return None


def same_values(form, holder) -> bool:
    """Whether the stored record holds what the form holds, field by field (files aside: a
    browser never sends a chosen file again when a page is sent again)."""
    instance = form.instance
    for name in form.fields:
        try:
            field = type(instance)._meta.get_field(name)
        except FieldDoesNotExist:  # a form's own field (no model field): not compared
            continue
        if isinstance(field, models.FileField) or field.auto_created:
            continue
        if field.many_to_many:
            if set(form.cleaned_data.get(name) or ()) != set(getattr(holder, name).all()):
                return False
        elif field.value_from_object(instance) != field.value_from_object(holder):
            return False
    return True


def created_by_just_now(holder, user):
    """The holder's first version if ``user`` wrote it less than ``RECENT`` ago, else None."""
    history = getattr(holder, "history", None)
    if history is None:
        return None
    first = history.order_by("history_date", "history_id").first()
    if (
        first is None
        or first.history_type != "+"
        or first.history_user_id != user.pk
        or first.history_date < timezone.now() - RECENT
    ):
        return None
    return first


def record_link(holder):
    return format_html('<a href="{}">{}</a>', change_url(holder), str(holder))


def explain_refused_duplicate(request, context: dict, add: bool) -> None:
    """On an add page refused only for a taken address or natural key (``render_change_form``'s
    ``context``): "This was already saved" with a link, when it was (see above); otherwise the
    uniqueness error names the record that holds the value, with a link."""
    adminform = context.get("adminform")
    if not add or request.method != "POST" or adminform is None:
        return
    form = adminform.form
    fields = uniqueness_errors(form)
    found = holder_of(form.instance, fields) if fields else None
    if found is None:
        return
    holder, lookup = found
    first = created_by_just_now(holder, request.user)
    if first is not None and same_values(form, holder):
        for name in fields:
            del form.errors[name]
        saved_at = date_format(timezone.localtime(first.history_date), "DATETIME_FORMAT")
        message = format_html(
            "{} {}",
            _("This was already saved, by you at %(time)s; it was not saved a second time.")
            % {"time": saved_at},
            format_html(_("Open it: {record}"), record=record_link(holder)),
        )
        form.add_error(None, ValidationError(message, code="already_saved"))
    else:
        opts = holder._meta
        names = ", ".join(str(opts.get_field(name).verbose_name) for name in lookup)
        message = format_html(
            _("{model} {record} already has this {fields}: change it here, or open that record."),
            model=capfirst(opts.verbose_name),
            record=record_link(holder),
            fields=names,
        )
        for name in fields:
            form.errors[name] = form.error_class([message], renderer=form.renderer)
    inlines = context.get("inline_admin_formsets", [])
    context["errors"] = AdminErrorList(form, [inline.formset for inline in inlines])
