"""Checks run by data migrations before a stricter rule is put on existing records, so that a
deployment stops with a message a person can act on instead of a database error.

Migrations import these by name: keep each function's signature as it is.
"""

import re

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
