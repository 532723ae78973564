"""Change history people can read, and records brought back after deletion.

django-simple-history keeps every version; its admin pages showed them as a developer would
read them. Here each change is one line per field the person edited: the field's label (once,
not once for the hidden column django-modeltranslation keeps beside "Name [en]"), its values as
the form shows them ("Published", not "published"), and who made it — a person, or the command
that wrote it (``load_seed``, ``import_records``, ``import_translations``: ``record_command()``).
Each model's list links to its deleted records; publishers restore one from its last version (see
``backoffice/admin.py``).
"""

import dataclasses
import datetime
import unicodedata

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from backoffice.labels import field_label
from core.admin_urls import admin_url
from core.history import author, command_of
from core.plaintext import is_text_field

DELETED_SHOWN = 200
# A value longer than this is shown in part in the history's list of changes.
SHOWN_CHARACTERS = 80


def _blank(value) -> bool:
    """Empty as a person sees it: "" and no value at all are the same "(empty)"."""
    return value is None or value in ("", [])


def shown_reason(reason: str | None) -> str:
    """A version's reason in the reader's language: the steps store theirs in English, with
    what the person wrote after a colon ("Sent back: add the venue")."""
    if not reason or command_of(reason):
        return ""
    whole = gettext(reason)
    if whole != reason:
        return whole
    step, colon, comment = reason.partition(": ")
    return gettext(step) + colon + comment if colon else reason


def translated_originals(model) -> set[str]:
    """modeltranslation's original fields (``name``): each repeats one language's column
    (``name_en``), so a change to it is the same change seen a second time."""
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def field_of(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def shown_value(field, value) -> str:
    """A stored value as a person reads it on the form: "Published", "yes", "(empty)"."""
    if value is None or value in ("", []):
        return gettext("(empty)")
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(str(item) for item in related) or gettext("(empty)")
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    try:
        python = field.to_python(value)
    except ValidationError:
        python = value
    if isinstance(python, datetime.datetime) and timezone.is_aware(python):
        python = timezone.localtime(python)  # as the rest of the back office: Vientiane time
    return Truncator(str(formats.localize(python))).chars(SHOWN_CHARACTERS)


def first_difference(old: str, new: str) -> int:
    """Where two texts first differ (the shorter one's length if one begins the other)."""
    return next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )


def shown_change(field, old, new) -> tuple[str, str]:
    """A change's two values as ``shown_value`` shows them; two long texts cut around where they
    differ, so the change itself is what is shown."""
    texts = isinstance(old, str) and isinstance(new, str) and old and new
    if texts and is_text_field(field) and not field.flatchoices:
        at = first_difference(old, new)
        return excerpt(old, at), excerpt(new, at)
    return shown_value(field, old), shown_value(field, new)


def excerpt(text: str, at: int) -> str:
    """About ``SHOWN_CHARACTERS`` of ``text`` around position ``at``, with "…" where cut: a
    long text changed past its first words shows the change, not the same beginning twice."""
    if len(text) <= SHOWN_CHARACTERS:
        return text
    start = max(0, min(at - SHOWN_CHARACTERS // 3, len(text) - SHOWN_CHARACTERS))
    end = start + SHOWN_CHARACTERS
    # Never between a letter and its marks (a Lao vowel or tone mark drawn on nothing).
    while start > 0 and _is_mark(text[start]):
        start -= 1
    while end < len(text) and _is_mark(text[end]):
        end += 1
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _is_mark(character: str) -> bool:
    return unicodedata.category(character).startswith("M")


def restoring_a_version(request) -> bool:
    """Whether the request is for the page of an earlier version of a record, whose form
    restores it (django-simple-history's ``<record>/history/<version>/``)."""
    match = request.resolver_match
    return match is not None and (match.url_name or "").endswith("_simple_history")


class ReadableChanges(HistoricalRecordContextHelper):
    """Each change once, under its label, with its values as the form shows them."""

    def context_for_delta_changes(self, delta):
        originals = translated_originals(self.model)
        changes = [
            change
            for change in delta.changes
            if change.field not in originals and not (_blank(change.old) and _blank(change.new))
        ]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.is_relation and value not in (None, "", []):
            # Already the related records, loaded with the versions.
            return super().prepare_delta_change_value(change, value)
        old, new = shown_change(field, change.old, change.new)
        return old if value == change.old else new

    def format_delta_change(self, change):
        formatted = super().format_delta_change(change)
        field = self.model._meta.get_field(change.field)
        return dataclasses.replace(formatted, field=capfirst(field_label(field)))


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages people can read, each model's deleted records, and malformed addresses
    (/history/abc/) answered as pages that do not exist, not as server errors."""

    change_list_template = "admin/change_list_with_deleted.html"

    @staticmethod
    def _is_key(value, field) -> bool:
        try:
            field.to_python(unquote(str(value)))
        except ValidationError:
            return False
        return True

    def get_urls(self):
        opts = self.model._meta
        deleted = path(
            "deleted/",
            self.admin_site.admin_view(self.deleted_view),
            name=f"{opts.app_label}_{opts.model_name}_deleted",
        )
        return [deleted, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        url = admin_url(self.model, "deleted")
        return super().changelist_view(
            request, {"deleted_records_url": url, **(extra_context or {})}
        )

    def deleted_view(self, request):
        """The model's records deleted and not brought back, latest first, each with a link to
        its last version (where publishers restore it)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        history = self.model.history.model
        pk = opts.pk.attname
        deletions = (
            history.objects.filter(history_type="-")
            .exclude(**{f"{pk}__in": self.model._default_manager.values(pk)})
            .select_related("history_user")
            .order_by("-history_date")[:DELETED_SHOWN]
        )
        rows = [
            {
                "record": record.instance,
                "when": record.history_date,
                "by": author(record),
                "url": admin_url(
                    self.model, "simple_history", getattr(record, pk), record.history_id
                ),
            }
            for record in deletions
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": gettext("Deleted %(records)s") % {"records": opts.verbose_name_plural},
            "rows": rows,
            "shown": DELETED_SHOWN,
        }
        return TemplateResponse(request, "admin/deleted_records.html", context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

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
        if request.method == "POST":
            # Restoring a version is a change, and bringing a deleted record back more than that.
            current = self.model._default_manager.filter(pk=unquote(str(object_id))).first()
            if current is None:
                allowed = self.may_bring_back(request)
            else:
                allowed = self.has_change_permission(request, current)
            if not allowed:
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def may_bring_back(self, request) -> bool:
        """Whether the person may restore a deleted record: whoever may delete one."""
        return self.has_delete_permission(request)

    def revert_disabled(self, request, obj=None) -> bool:
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Someone who may not restore sees the version with every field disabled.
        if not restoring_a_version(request) or self.has_change_permission(request):
            return form

        class ReadOnlyVersion(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.disabled = True

        return ReadOnlyVersion

    def render_history_view(self, request, template, context, **kwargs):
        # A version saved without a reason shows an empty cell, not the English "None"; a
        # command's name moves from the reason to the author.
        page = context.get("page_obj")
        for record in page.object_list if page else []:
            record.author = author(record)
            record.history_change_reason = shown_reason(record.history_change_reason)
        return super().render_history_view(request, template, context, **kwargs)
