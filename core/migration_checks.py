"""Checks run by data migrations before a stricter rule is put on existing records, so that a
deployment stops with a message a person can act on instead of a database error.

Migrations import these by name: keep each function's signature as it is.
"""

import re

from django.db import IntegrityError, models, transaction

from core.plaintext import normalise_text

_SPACES = re.compile(r" {2,}")


def tidy_names_or_refuse(apps, specs: list[tuple[str, str, tuple[str, ...], str]]) -> None:
    """Store each name with single spaces, then refuse, naming them, any two records of one
    scope whose names differ only in capitals or spaces (``unique_ignoring_case``).

    ``specs``: (app label, model name, scope fields, name field), as the constraints have them.
    """
    clashes, updates = [], []
    for app_label, model_name, scope, field in specs:
        model = apps.get_model(app_label, model_name)
        seen: dict[tuple, str] = {}
        for obj in model._base_manager.order_by("pk"):
            value = getattr(obj, field) or ""
            tidy = _SPACES.sub(" ", value).strip(" ")
            if tidy != value:
                updates.append((model, obj.pk, field, tidy))
            values = tuple(getattr(obj, name) for name in scope)
            if any(v is None for v in values):
                continue  # no scope: the database never compares it (NULL is not equal to NULL)
            key = (*values, tidy.lower())
            if key in seen:
                clashes.append(f"{model_name} #{seen[key]} and #{obj.pk}: “{tidy}”")
            else:
                seen[key] = obj.pk
    if clashes:
        raise ValueError(
            "These records' names differ only in capital letters or spaces, which is no longer "
            "allowed: " + "; ".join(clashes) + ". Rename one of each pair (back office or shell) "
            "with the previous release, then run migrate again."
        )
    for model, pk, field, tidy in updates:
        model._base_manager.filter(pk=pk).update(**{field: tidy})


def codes_in_capitals_or_blank(apps, app_label: str, model_name: str, field: str, valid) -> list:
    """Store each country code in capitals; empty one that is not in ``valid``. Returns
    (pk, code) of each code emptied, for the migration to report."""
    model = apps.get_model(app_label, model_name)
    emptied = []
    for pk, code in model._base_manager.exclude(**{field: ""}).values_list("pk", field):
        tidy = (code or "").strip().upper()
        if tidy not in valid:
            emptied.append((pk, code))
            tidy = ""
        if tidy != code:
            model._base_manager.filter(pk=pk).update(**{field: tidy})
    return emptied


def normalise_text_or_refuse(apps, app_label: str) -> None:
    """Store every text of the app's records as the forms now store it (``normalise_text``:
    NFC, Lao tone marks after their vowel, plain spaces, no invisible characters). A record whose
    normalised text would equal another's where that must be unique (two Divisions whose names
    differ only by a no-break space) is named, and the migration refused: nothing changes until
    one of each pair is renamed."""
    clashes = []
    with transaction.atomic():
        for model in apps.get_app_config(app_label).get_models():
            clashes += _normalise_model(model)
        if clashes:
            raise ValueError(
                "These records' texts, with no-break or invisible characters removed, read the "
                "same as another record's where that is not allowed: "
                + "; ".join(clashes)
                + ". Rename or delete one of each (back office or shell) with the previous "
                "release, then run migrate again."
            )


def _normalise_model(model) -> list[str]:
    fields = [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    ]
    clashes = []
    for obj in model._base_manager.order_by("pk"):
        changes = {}
        for field in fields:
            value = getattr(obj, field.attname)
            if isinstance(value, str):
                tidy = normalise_text(value, multi_line=isinstance(field, models.TextField))
                if tidy != value:
                    changes[field.attname] = tidy
        if not changes:
            continue
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=obj.pk).update(**changes)
        except IntegrityError:
            shown = ", ".join(f"{name} “{value}”" for name, value in changes.items())
            clashes.append(f"{model.__name__} #{obj.pk} ({shown})")
    return clashes
