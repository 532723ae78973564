"""Helpers shared by the tests: validation errors of a model, admin forms as a browser posts them."""

import datetime

import pytest
from django.core.exceptions import ValidationError


def errors_of(instance) -> dict[str, list[str]]:
    """The validation errors ``full_clean`` finds, by field; fails if there are none."""
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def _value(bound_field):
    value = bound_field.value()
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _form_fields(form, data):
    for bound_field in form:
        value = _value(bound_field)
        if value is not None:
            data[bound_field.html_name] = value


def admin_form_data(response, **changes):
    """The POST data of the admin page in ``response``, as rendered, with ``changes`` applied.

    Keys of ``changes`` are HTML field names, e.g. ``name_en`` or ``divisions-0-name_en``.
    """
    data = {}
    _form_fields(response.context["adminform"].form, data)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _form_fields(formset.management_form, data)
        for form in formset.forms:
            _form_fields(form, data)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
