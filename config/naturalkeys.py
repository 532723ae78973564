"""Natural keys: how a record is named across databases, after Django's serialization
convention (``natural_key()`` on the model, ``get_by_natural_key()`` on its manager).

A model lists the fields that identify it in ``natural_key_fields``; a foreign key among them
stands for the natural key of the record it points to, so keys nest: a Division is
``(department slug, division slug)``. A nullable foreign key that is empty contributes as many
``None`` as its target's key has parts, so every key of a model has the same length.

The record set (``config/records``) writes a key as its parts joined by "/", empty parts left
out: ``asean-department/general-affairs``.
"""

import datetime
from typing import Any

from django.db import models


def natural_key_length(model: type[models.Model]) -> int:
    length = 0
    for name in model.natural_key_fields:
        field = model._meta.get_field(name)
        length += natural_key_length(field.related_model) if field.is_relation else 1
    return length


def natural_key_lookup(model: type[models.Model], key: tuple, prefix: str = "") -> dict[str, Any]:
    """The queryset filter that finds the record with ``key``, in one query."""
    if len(key) != natural_key_length(model):
        raise ValueError(f"{model.__name__} keys have {natural_key_length(model)} parts")
    lookup: dict[str, Any] = {}
    rest = list(key)
    for name in model.natural_key_fields:
        field = model._meta.get_field(name)
        if field.is_relation:
            size = natural_key_length(field.related_model)
            part, rest = tuple(rest[:size]), rest[size:]
            if all(value is None for value in part):
                lookup[f"{prefix}{name}__isnull"] = True
            else:
                lookup.update(natural_key_lookup(field.related_model, part, f"{prefix}{name}__"))
        else:
            lookup[f"{prefix}{name}"] = rest.pop(0)
    return lookup


def natural_key_paths(model: type[models.Model], prefix: str = "") -> list[str]:
    """The related records a key reads, for ``select_related``."""
    paths = []
    for name in model.natural_key_fields:
        field = model._meta.get_field(name)
        if field.is_relation:
            inner = natural_key_paths(field.related_model, f"{prefix}{name}__")
            paths.extend(inner or [f"{prefix}{name}"])
    return paths


class NaturalKeyManager(models.Manager):
    def get_by_natural_key(self, *key):
        return self.get(**natural_key_lookup(self.model, key))


class NaturalKeyed:
    """Mixin for a model with ``natural_key_fields``."""

    natural_key_fields: tuple[str, ...] = ()

    def natural_key(self) -> tuple:
        parts: list[Any] = []
        for name in self.natural_key_fields:
            field = self._meta.get_field(name)
            if field.is_relation:
                related = getattr(self, name)
                if related is None:
                    parts.extend([None] * natural_key_length(field.related_model))
                else:
                    parts.extend(related.natural_key())
            else:
                value = getattr(self, field.attname)
                parts.append(value.isoformat() if isinstance(value, datetime.date) else value)
        return tuple(parts)

    def natural_key_text(self) -> str:
        """The key as the record set writes it: ``programme-slug/3``."""
        return "/".join(str(part) for part in self.natural_key() if part is not None)
