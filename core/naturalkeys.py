"""Natural keys: how a record is named across databases, after Django's serialization
convention (``natural_key()`` on the model, ``get_by_natural_key()`` on its manager).

A model lists the fields that identify it in ``natural_key_fields``; a foreign key among them
stands for the natural key of the record it points to, so keys nest: a Division is
``(department slug, division slug)``. A nullable foreign key that is empty contributes as many
``None`` as its target's key has parts, so every key of a model has the same length.

The record set (``records``) and the PO file (``translations``) write a key as its
parts joined by "/", empty parts left out: ``asean-department/general-affairs``. A part is
escaped first, so that text a form accepts can never make two keys one: "%" is written "%25",
"/" "%2F", and a control character (which no form accepts, but a shell might store) its UTF-8
bytes in the same way. Text of anything else is written as it is, so keys of slugs, dates and
plain titles read as they always have; the text ``political-security-community/Director`` of a
Department-wide role is ``asean-department/political-security-community%2FDirector``, no longer
the key of Division 1's ``Director``.

Left-out parts are unambiguous as long as each way a model's key can be empty leaves a different
number of parts; ``check_natural_keys`` (a system check) says which model's key does not.
"""

import datetime
import itertools
import re
from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models

SEPARATOR = "/"
# "%" first in the class: it is the escape character, so it is escaped too.
_ESCAPED = re.compile(r"[%/\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8", "surrogatepass"))


def key_part_text(part: Any) -> str:
    """One part of a key as its text writes it: see the module's docstring."""
    return _ESCAPED.sub(_escape, str(part))


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
        """The key as the record set and the PO file write it: ``programme-slug/3``."""
        return SEPARATOR.join(
            key_part_text(part) for part in self.natural_key() if part is not None
        )


def _shapes(model: type[models.Model]) -> list[tuple[bool, ...]]:
    """Every way the parts of ``model``'s keys can be there (True) or left out (False)."""
    per_field = []
    for name in model.natural_key_fields:
        field = model._meta.get_field(name)
        if field.is_relation:
            shapes = _shapes(field.related_model)
            empty = (False,) * natural_key_length(field.related_model)
            per_field.append([*shapes, empty] if field.null else shapes)
        else:
            # modeltranslation makes every language's column nullable; the English one is
            # required as its field is (``title_en`` as ``title``).
            null = getattr(field, "translated_field", field).null
            per_field.append([(True,), (False,)] if null else [(True,)])
    return sorted({sum(combination, ()) for combination in itertools.product(*per_field)})


def ambiguous_shapes(model: type[models.Model]) -> list[tuple[bool, ...]]:
    """Shapes of ``model``'s keys that leave as many parts as another one, or none at all: two
    keys of those shapes could be written as one text."""
    by_count: dict[int, list[tuple[bool, ...]]] = {}
    for shape in _shapes(model):
        by_count.setdefault(sum(shape), []).append(shape)
    return [
        shape
        for count, shapes in by_count.items()
        for shape in shapes
        if count == 0 or len(shapes) > 1
    ]


def check_natural_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: every natural key's text reads one way (see the module's docstring)."""
    configs = app_configs or apps.get_app_configs()
    return [
        checks.Error(
            f"{model.__name__}'s natural key can have its empty parts left out in ways that "
            "cannot be told apart (as many parts left, or none), so two of its records could "
            "be written with one key.",
            hint="Make one of the nullable fields in natural_key_fields required, or add a field "
            "that is always set.",
            obj=model,
            id="site.E001",
        )
        for config in configs
        for model in config.get_models()
        if issubclass(model, NaturalKeyed) and ambiguous_shapes(model)
    ]
