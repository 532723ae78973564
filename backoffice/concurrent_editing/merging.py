"""A refused save keeps the person's input, merged with what is stored now: fields changed in
between take the stored value where the person left them as they were; rows deleted in between
leave the form, or become new rows if the person had changed them."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME

from backoffice.concurrent_editing.changes import field_of
from backoffice.concurrent_editing.snapshots import foreign_key, relations
from publishing.revisions import as_json, same

_REFUSED = object()


def _posted(form, name):
    """What the person posted in field ``name``, as a snapshot holds it."""
    try:
        value = form.fields[name].clean(form[name].data)
    except ValidationError:
        return _REFUSED
    if isinstance(value, list | tuple) or hasattr(value, "values_list"):
        return sorted(as_json(item) for item in value)
    return as_json(value)


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
        model_field = field_of(form._meta.model, name)
        if model_field is None or form.fields[name].disabled:
            continue
        key = model_field.attname
        if key not in old or key not in new or same(old[key], new[key]):
            continue
        if not same(_posted(form, name), old[key]) or not _put(form, name, model_field, new[key]):
            kept.add(key)
    return kept


def _touched(form, old: dict) -> bool:
    """Whether the person changed any field of a row (from its values in ``old``)."""
    for name in form.fields:
        model_field = field_of(form._meta.model, name)
        if model_field is None or model_field.primary_key or form.fields[name].disabled:
            continue
        if model_field.attname in old and not same(_posted(form, name), old[model_field.attname]):
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
    inlines = relations(model_admin, request, obj)
    for inline, formset_kwargs in getattr(request, "_concurrent_editing_formsets", []):
        fk = foreign_key(model_admin.model, inline.model, inline.fk_name)
        key = f"{inline.model._meta.label_lower}.{fk.name}" if fk else None
        if key not in inlines or not inline.has_change_permission(request, obj):
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
