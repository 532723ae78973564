"""Safe concurrent editing in the back office: a save based on an older version is refused.

Two people open the same record; the first saves; the second's save would silently put back
everything the first changed. Instead it is refused, saying who saved in between and when, and
what changed (old → new, as stored now), with the person's own input kept on the form.

**The design: a snapshot token.** The change form carries a hidden field holding a signed,
compressed snapshot of what the form was based on: the record's stored values (and its
many-to-many choices), the rows of each of its inlines, and where each history table stood. On
saving, in the admin's transaction, the record and its inline rows are locked
(``SELECT ... FOR UPDATE``), the snapshot is taken again, and any difference refuses the save.

Why a snapshot rather than a version number column on every model:

- Every writer is covered without taking part: ``load_seed``, ``import_records``, the admin's
  actions, a child's own change page, a shell, even ``QuerySet.update()``. A counter would have
  to be bumped by each of them (logic in ``save()``, which the house style keeps out), and would
  still miss a row changed on its own page unless every child bumped its parent.
- Inlines come for free: a row changed or deleted by someone else, or a row added, is a
  difference in the snapshot.
- No schema change: no migration, no extra column in the history (where every save would show
  "version: 7 → 8"), none in the record-set export, whose round trip must stay exact.
- The snapshot is what the person saw, so the refusal can say what changed, old → new, and the
  form can be merged: fields the person did not touch take the stored value, their own input
  stays. History is used only to say who saved in between (it need not be complete: a change
  made without history is still caught, only not attributed).

Signed (``django.core.signing``, with the record in the salt), so a tampered or missing token is
a form error, never a server error, and never a way to skip the check. Changing a value and
changing it back in between is not a conflict: nothing would be lost.

**Atomic.** ``ModelAdmin.changeform_view`` runs a POST in one transaction; the check locks the
record before reading it, then its inline rows, so two concurrent saves cannot both pass on
PostgreSQL: the second waits for the first to commit, then sees its change. Locks are taken
parent first, then children, in key order, as every change page does, so pages cannot deadlock.
(SQLite has no row locks; it lets one writer at a time through anyway.) Restoring a version from
the history is a save too, checked the same way against the record as stored.
"""

import contextlib
import datetime
import json

from django import forms
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router, transaction
from django.db.models import Max, Model
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

TOKEN_FIELD = "version_token"  # noqa: S105 - a field name, not a secret
SALT = "config.concurrent_editing"


# --- Snapshots ---------------------------------------------------------------------------------


def _json(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Model):
        return _json(value.pk)
    return str(value)


def _same(a, b) -> bool:
    """Equal as stored values: an empty text is empty whether the column says "" or NULL."""
    return (None if a == "" else a) == (None if b == "" else b)


def _values(obj, *, many_to_many: bool) -> dict:
    values = {
        field.attname: _json(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    if many_to_many:
        for field in obj._meta.many_to_many:
            chosen = getattr(obj, field.name).values_list("pk", flat=True)
            values[field.name] = sorted(_json(pk) for pk in chosen)
    return values


def _foreign_key(parent, child, fk_name=None):
    """The field of ``child`` an inline of it under ``parent`` hangs from (as Django finds it)."""
    keys = [
        field
        for field in child._meta.fields
        if field.many_to_one
        and field.related_model is not None
        and (field.related_model is parent or field.related_model in parent._meta.parents)
        and (fk_name is None or field.name == fk_name)
    ]
    return keys[0] if len(keys) == 1 else None


def _relations(model_admin, request, obj) -> dict[str, tuple]:
    """Each inline's (child model, foreign key, inline), by a key naming the relation."""
    relations = {}
    for inline in model_admin.get_inline_instances(request, obj):
        fk = _foreign_key(model_admin.model, inline.model, inline.fk_name)
        if fk is not None:
            relations[f"{inline.model._meta.label_lower}.{fk.name}"] = (inline.model, fk, inline)
    return relations


def take_snapshot(model_admin, request, pk, *, lock: bool) -> dict | None:
    """The record's stored values and its inline rows' (``None`` if it is gone). With ``lock``,
    the record, then its rows, are locked until the transaction ends."""
    records = model_admin.model._default_manager.filter(pk=pk)
    obj = (records.select_for_update() if lock else records).first()
    if obj is None:
        return None
    rows = {}
    for key, (child, fk, _inline) in _relations(model_admin, request, obj).items():
        children = child._default_manager.filter(**{fk.name: obj.pk}).order_by("pk")
        if lock:
            children = children.select_for_update()
        rows[key] = {str(row.pk): _values(row, many_to_many=False) for row in children}
    # Through JSON, as the token will be: the snapshot taken now compares equal to a token's.
    return json.loads(json.dumps({"record": _values(obj, many_to_many=True), "rows": rows}))


def _history_model(model):
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def _history_marks(model_admin, request, obj) -> dict[str, int]:
    """How far each history table involved had got: later entries were saved after this."""
    models = [model_admin.model] + [
        child for child, _fk, _inline in _relations(model_admin, request, obj).values()
    ]
    marks = {}
    for model in models:
        history = _history_model(model)
        if history is not None:
            marks[model._meta.label_lower] = (
                history._default_manager.aggregate(last=Max("pk"))["last"] or 0
            )
    return marks


def _salt(model_admin, pk) -> str:
    return f"{SALT}:{model_admin.model._meta.label_lower}:{pk}"


def make_token(model_admin, request, pk, snapshot=...) -> str:
    """The token of the record as stored now (or as in ``snapshot``, just taken). The history
    marks are taken first: a save between the two is then attributed, never missed."""
    obj = model_admin.model._default_manager.filter(pk=pk).first()
    marks = _history_marks(model_admin, request, obj) if obj is not None else {}
    if snapshot is ...:
        snapshot = take_snapshot(model_admin, request, pk, lock=False)
    return signing.dumps(
        {"snapshot": snapshot, "marks": marks}, salt=_salt(model_admin, pk), compress=True
    )


def read_token(model_admin, pk, token) -> dict | None:
    """The token's content, or ``None`` if it is missing, damaged or made for another record."""
    if not isinstance(token, str) or not token:
        return None
    try:
        content = signing.loads(token, salt=_salt(model_admin, pk))
    except signing.BadSignature:
        return None
    # A record being restored from its history after deletion has no snapshot: None.
    if not (isinstance(content, dict) and isinstance(content.get("snapshot"), dict | None)):
        return None
    return content


# --- Saying what changed -----------------------------------------------------------------------


def _translated_originals(model) -> set[str]:
    """modeltranslation's original fields (``name``), which repeat one language's column."""
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(field, value) -> str:
    """A stored value as a person reads it."""
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
    return Truncator(str(formats.localize(python))).chars(80)


def _field_changes(model, old: dict, new: dict, kept=frozenset()) -> list[str]:
    originals = _translated_originals(model)
    lines = []
    for name in new:
        if name not in old or _same(old[name], new[name]):
            continue
        field = _field(model, name)
        if field is None or field.name in originals:
            continue
        values = {
            "field": field.verbose_name,
            "old": _shown(field, old[name]),
            "new": _shown(field, new[name]),
        }
        if name in kept:
            lines.append(gettext("%(field)s: “%(old)s” → “%(new)s” (your input is kept)") % values)
        else:
            lines.append(gettext("%(field)s: “%(old)s” → “%(new)s”") % values)
    return lines


def _row_label(model, values: dict) -> str:
    """A row named as its own page would name it, built from a snapshot's values (the row may
    no longer exist)."""
    kwargs = {}
    for name, value in values.items():
        field = _field(model, name)
        if field is not None and field.concrete and not field.many_to_many:
            with contextlib.suppress(ValidationError):
                kwargs[field.attname] = field.to_python(value)
    try:
        text = str(model(**kwargs))
    except Exception:  # a label is a nicety: a row whose name fails is still listed
        text = "…"
    return gettext("%(model)s “%(name)s”") % {"model": model._meta.verbose_name, "name": text}


def describe_changes(model_admin, request, obj, old: dict, new: dict, kept) -> list[str]:
    """One line per change between two snapshots: fields of the record, then rows changed,
    deleted and added. ``kept`` (from the merges) marks where the person's input was kept."""
    lines = [
        capfirst(line)
        for line in _field_changes(
            model_admin.model, old["record"], new["record"], kept.get(None, ())
        )
    ]
    relations = _relations(model_admin, request, obj)
    for key, rows in new["rows"].items():
        before = old["rows"].get(key)
        if key not in relations or before is None:
            continue
        child = relations[key][0]
        for pk, values in before.items():
            if pk not in rows:
                line = (
                    gettext("%(row)s: deleted (your version of it is kept as a new row)")
                    if pk in kept.get(key, ())
                    else gettext("%(row)s: deleted")
                )
                lines.append(capfirst(line % {"row": _row_label(child, values)}))
            elif rows[pk] != values:
                label = capfirst(_row_label(child, rows[pk]))
                lines.extend(
                    f"{label}: {line}"
                    for line in _field_changes(child, values, rows[pk], kept.get((key, pk), ()))
                )
        for pk, values in rows.items():
            if pk not in before:
                lines.append(
                    capfirst(gettext("%(row)s: added") % {"row": _row_label(child, values)})
                )
    return lines


def _person(entry) -> str:
    user = entry.history_user
    if user is not None:
        return user.get_full_name() or user.get_username()
    return entry.history_change_reason or gettext("someone not recorded (a command or a script)")


def saved_by(model_admin, request, obj, marks: dict) -> str:
    """Who saved the record or its rows after the marks, each with their last time:
    "Alice Smith (12 March 2025, 14:05)". A change no history entry records (a script's
    ``update()``) is said to be by someone not recorded, never put on the last person who saved."""
    entries = []
    for model, attname in [(model_admin.model, model_admin.model._meta.pk.attname)] + [
        (child, fk.attname) for child, fk, _inline in _relations(model_admin, request, obj).values()
    ]:
        history = _history_model(model)
        if history is None:
            continue
        mark = marks.get(model._meta.label_lower, 0)
        entries.extend(
            history._default_manager.filter(**{attname: obj.pk}, pk__gt=mark).select_related(
                "history_user"
            )
        )
    latest: dict[str, datetime.datetime] = {}
    for entry in sorted(entries, key=lambda entry: entry.history_date):
        latest[_person(entry)] = entry.history_date
    if not latest:
        return gettext("someone not recorded (a command or a script)")
    return ", ".join(
        gettext("%(person)s (%(time)s)")
        % {
            "person": person,
            "time": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT"),
        }
        for person, when in latest.items()
    )


# --- Keeping the person's input, merged with what is stored now --------------------------------

_REFUSED = object()


def _posted(form, name):
    """What the person posted in field ``name``, as a snapshot holds it."""
    try:
        value = form.fields[name].clean(form[name].data)
    except ValidationError:
        return _REFUSED
    if isinstance(value, list | tuple) or hasattr(value, "values_list"):
        return sorted(_json(item) for item in value)
    return _json(value)


def _widget(field):
    widget = field.widget
    while hasattr(widget, "widget"):  # the admin's and modeltranslation's wrappers
        widget = widget.widget
    return widget


def _put(form, name, model_field, value) -> bool:
    """Put a stored value in the form's data, as its widget posts it; ``False`` if it cannot."""
    widget = _widget(form.fields[name])
    key = form.add_prefix(name)
    if isinstance(widget, forms.MultiWidget):
        return False
    if getattr(widget, "allow_multiple_selected", False):
        form.data.setlist(key, [str(item) for item in value or []])
        return True
    try:
        python = model_field.to_python(value)
    except ValidationError:
        return False
    if isinstance(widget, forms.CheckboxInput):
        if python:
            form.data[key] = "on"
        else:
            form.data.pop(key, None)
    else:
        form.data[key] = "" if python is None else str(python)
    return True


def merge(form, old: dict, new: dict) -> set[str]:
    """Fields changed in between take the stored value where the person left them as they were;
    where the person changed one too, their input stays. The kept fields' names."""
    kept = set()
    for name in form.fields:
        model_field = _field(form._meta.model, name)
        if model_field is None or form.fields[name].disabled:
            continue
        key = model_field.attname
        if key not in old or key not in new or _same(old[key], new[key]):
            continue
        if not _same(_posted(form, name), old[key]) or not _put(form, name, model_field, new[key]):
            kept.add(key)
    return kept


def _touched(form, old: dict) -> bool:
    """Whether the person changed any field of a row (from its values in ``old``)."""
    for name in form.fields:
        model_field = _field(form._meta.model, name)
        if model_field is None or model_field.primary_key or form.fields[name].disabled:
            continue
        if model_field.attname in old and not _same(_posted(form, name), old[model_field.attname]):
            return True
    return False


def _reorder_rows(formset, drop: set[int], to_new: set[int]) -> None:
    """Rows deleted in between leave the formset (``drop``) or become new rows after its
    existing ones (``to_new``): a row cannot be saved under a key that no longer exists.
    Counts are the formset's own, so a tampered count (2**63 rows) is never looped over."""
    if not (drop or to_new):
        return
    data, prefix = formset.data, formset.prefix
    pk_name = formset.model._meta.pk.name
    total, initial = formset.total_form_count(), formset.initial_form_count()
    rows = []
    for index in range(total):
        start = f"{prefix}-{index}-"
        keys = [key for key in data if key.startswith(start)]
        rows.append({key[len(start) :]: data.getlist(key) for key in keys})
        for key in keys:
            del data[key]
    kept = [index for index in range(initial) if index not in drop | to_new]
    order = kept + sorted(to_new) + list(range(initial, total))
    for new_index, old_index in enumerate(order):
        for name, values in rows[old_index].items():
            if old_index in to_new and name == pk_name:
                values = [""]
            data.setlist(f"{prefix}-{new_index}-{name}", values)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(order))
    data[f"{prefix}-INITIAL_FORMS"] = str(len(kept))


def merge_rows(model_admin, request, obj, old: dict, new: dict, kept: dict) -> None:
    """``merge`` for each row of each inline, in the data its formset is about to read."""
    relations = _relations(model_admin, request, obj)
    for inline, formset_kwargs in getattr(request, "_concurrent_editing_formsets", []):
        fk = _foreign_key(model_admin.model, inline.model, inline.fk_name)
        key = f"{inline.model._meta.label_lower}.{fk.name}" if fk else None
        if key not in relations or not inline.has_change_permission(request, obj):
            continue
        before, after = old["rows"].get(key, {}), new["rows"].get(key, {})
        formset = inline.get_formset(request, obj)(**formset_kwargs)
        pk_name = formset.model._meta.pk.name
        drop, to_new = set(), set()
        for index, form in enumerate(formset.initial_forms):
            pk = str(formset.data.get(form.add_prefix(pk_name), ""))
            if pk not in before:
                continue
            if pk not in after:
                deleted = formset.can_delete and form[DELETION_FIELD_NAME].data
                if deleted or not _touched(form, before[pk]):
                    drop.add(index)
                else:
                    to_new.add(index)
                    kept.setdefault(key, set()).add(pk)
            elif before[pk] != after[pk]:
                kept[(key, pk)] = merge(form, before[pk], after[pk])
        _reorder_rows(formset, drop, to_new)


# --- The check, in the change form --------------------------------------------------------------


class VersionedFormMixin:
    """A change form that knows which version of its record it was based on (see the module's
    docstring). Made by ``ConcurrentEditingAdmin.get_form`` with the admin, request and key."""

    concurrent_admin = None
    concurrent_request = None
    concurrent_pk = None
    concurrent_rows = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            tokens = getattr(self.concurrent_request, "_concurrent_editing_tokens", {})
            token = tokens.get(str(self.concurrent_pk))
            if token is None:
                token = make_token(
                    self.concurrent_admin, self.concurrent_request, self.concurrent_pk
                )
            self.fields[TOKEN_FIELD].initial = token

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned

    def check_version(self) -> None:
        admin, request, pk = self.concurrent_admin, self.concurrent_request, self.concurrent_pk
        content = read_token(admin, pk, self.data.get(self.add_prefix(TOKEN_FIELD)))
        current = take_snapshot(admin, request, pk, lock=True)
        based_on = content["snapshot"] if content is not None else None
        if not self.concurrent_rows and based_on is not None and current is not None:
            based_on = {**based_on, "rows": current["rows"]}
        if content is not None and based_on == current:
            return
        if current is None:
            raise ValidationError(
                _("Not saved: this record was deleted after you opened it."), code="deleted"
            )
        self.data = self.data.copy()
        self.data[self.add_prefix(TOKEN_FIELD)] = make_token(admin, request, pk, current)
        if content is None:
            raise ValidationError(
                _(
                    "Not saved: this form does not say which version of the record it was based "
                    "on (it is damaged, or from an earlier page), so saving it could overwrite "
                    "someone else's changes. Your input is kept, and the form now refers to the "
                    "record as stored now: check it, then save again."
                ),
                code="no_version",
            )
        raise ValidationError(self._conflict_messages(content, based_on, current), code="conflict")

    def _conflict_messages(self, content, old, new) -> list[str]:
        admin, request = self.concurrent_admin, self.concurrent_request
        obj = admin.model._default_manager.get(pk=self.concurrent_pk)
        kept = {}
        lines = []
        if old is not None:
            kept[None] = merge(self, old["record"], new["record"])
            if self.concurrent_rows:
                merge_rows(admin, request, obj, old, new, kept)
            lines = describe_changes(admin, request, obj, old, new, kept)
        return [
            gettext("Not saved: this record was changed after you opened it, by %(people)s.")
            % {"people": saved_by(admin, request, obj, content.get("marks") or {})},
            *(lines or [gettext("What changed cannot be shown: open the record again to see it.")]),
            gettext(
                "Your input is kept. Fields you had not changed now show what is stored; check "
                "the form, then save again."
            ),
        ]


class ConcurrentEditingAdmin:
    """A ``ModelAdmin`` mixin: change forms (and history restores) refuse a save based on an
    older version of the record or of its inline rows. See the module's docstring."""

    def _guards(self, request, obj) -> bool:
        return obj is not None and obj.pk is not None and self.has_change_permission(request, obj)

    def _remember_token(self, request, object_id) -> None:
        """The token of the record as stored, taken before the page reads the record and its
        rows: if a save lands in between, the page shows newer values than its token, and saving
        it is refused (a needless refusal, never a lost change)."""
        if not self.has_change_permission(request):
            return
        try:
            pk = self.model._meta.pk.to_python(unquote(str(object_id)))
        except ValidationError:
            return
        tokens = request.__dict__.setdefault("_concurrent_editing_tokens", {})
        tokens[str(pk)] = make_token(self, request, pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self._remember_token(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Restoring changes only the record (the page has no inlines): only the record counts.
        request._concurrent_editing_restore = True
        if request.method != "POST":
            self._remember_token(request, object_id)
            return super().history_form_view(request, object_id, version_id, extra_context)
        # simple-history saves outside a transaction; the check's lock needs one.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._guards(request, obj) or TOKEN_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], TOKEN_FIELD]}), *rest]

    def get_form(self, request, obj=None, **kwargs):
        # The token is the form's own field, not the model's: never asked of the model form.
        fields = kwargs["fields"] if "fields" in kwargs else self.get_fieldsets(request, obj)
        if "fields" not in kwargs:
            fields = flatten_fieldsets(fields)
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name != TOKEN_FIELD]
        form = super().get_form(request, obj, **kwargs)
        if not self._guards(request, obj):
            return form
        attrs = {
            TOKEN_FIELD: forms.CharField(
                label=_("version of the record"), required=False, widget=forms.HiddenInput
            ),
            "concurrent_admin": self,
            "concurrent_request": request,
            "concurrent_pk": obj.pk,
            "concurrent_rows": not getattr(request, "_concurrent_editing_restore", False),
        }
        return type(form)(form.__name__, (VersionedFormMixin, form), attrs)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        formset_kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in formset_kwargs:
            # The data each formset will read: a refused save merges into it (``merge_rows``).
            request.__dict__.setdefault("_concurrent_editing_formsets", []).append(
                (inline, formset_kwargs)
            )
        return formset_kwargs
