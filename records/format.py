"""The record-set format: its name and version, its sections, the fields an entry carries, and
how a record is keyed.

A record set is every content record as sections of entries. An entry is a table of field
values plus a ``key`` naming it within its section: the record's natural key
(``core/naturalkeys.py``) written as text. A foreign key gives the key of an entry of the
section it points to; a many-to-many field a list of keys.

The sections are those the installed apps declare (``contribution.record_sections``), in
``INSTALLED_APPS`` order and each app's own order: parents before children, so that references
point back to entries already read. After them come the *companion* sections of apps above this
one (``records/companions.py``): the publishing app's working copies, review states, schedules
and change notes, which name their records by section and key.

Version 2 (this one) added the Lao review fields and the companion sections; a version 1 file
is a version 2 file without them, and is read as such: it changes no review state.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modeltranslation.translator import translator

from core.contributions import contributing_apps
from core.naturalkeys import natural_key_paths

FORMAT_NAME = "asean-department-records"
FORMAT_VERSION = 2
# The versions this site reads: every version 1 file is a version 2 file (see the docstring).
READABLE_VERSIONS = (1, 2)


@dataclass(frozen=True)
class Section:
    name: str
    model: type[models.Model]

    @property
    def lookup(self) -> tuple[str, ...]:
        """The fields that identify a record across databases (its natural key)."""
        return self.model.natural_key_fields

    @property
    def related(self) -> list[str]:
        """Related records the keys read, for one query per section on export."""
        return natural_key_paths(self.model)


def sections() -> list[Section]:
    return [
        Section(spec.name, app_config.get_model(spec.model_name))
        for app_config, contribution in contributing_apps()
        for spec in contribution.record_sections
    ]


def section_names() -> list[str]:
    return [section.name for section in sections()]


def section_for_model(model: type[models.Model]) -> Section:
    for section in sections():
        if section.model is model:
            return section
    raise LookupError(f"{model.__name__} is not part of the record set")


def record_key(obj: models.Model) -> str:
    """A record's key in a record set: readable, and the same in every database."""
    return obj.natural_key_text()


def record_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a record set carries: all but the primary key and the columns that
    modeltranslation derives from the per-language ones (``name`` beside ``name_en``). The
    record of a Lao review (``review_fields``) is carried, so that a record whose Lao was
    reviewed is reviewed in the database it is imported into too.
    Files (people's photos) are left out: a record set is text, and files stay in the media
    storage, which a backup of its own keeps; a record imported elsewhere comes without its file."""
    derived = set()
    if model in translator.get_registered_models():
        derived |= set(translator.get_options_for_model(model).all_fields)
    return [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not f.primary_key and f.name not in derived and not isinstance(f, models.FileField)
    ]


class RecordsInvalid(Exception):
    """The data cannot be loaded; ``problems`` says every place and why. Nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) found")
        self.problems = problems


def check_format(data: Any) -> None:
    """An exported record set names its format and version; say plainly when it does not."""
    if not isinstance(data, dict):
        raise RecordsInvalid(["the file must hold one JSON object, as export_records writes"])
    if data.get("format") != FORMAT_NAME:
        raise RecordsInvalid(
            [f"'format' must be \"{FORMAT_NAME}\"; is this a file from export_records?"]
        )
    version = data.get("version")
    # ``true == 1`` and ``1.0 == 1`` in Python: the version is compared as the integer it must be.
    if type(version) is not int or version not in READABLE_VERSIONS:
        readable = " and ".join(str(number) for number in READABLE_VERSIONS)
        raise RecordsInvalid(
            [
                f"version {json.dumps(version, default=str)} is not one this site reads "
                f"(it reads versions {readable})"
            ]
        )


def dump_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# -- Values ---------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def fingerprint(values: dict[str, Any]) -> str:
    payload = json.dumps({name: _plain(value) for name, value in values.items()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _is_blank(value: Any) -> bool:
    return value in ("", None, [])


def current_values(
    obj: models.Model, values: dict[str, Any], relations: dict[str, list[int]]
) -> dict[str, Any]:
    """What ``obj`` holds now of the fields an entry gives (``values``, ``relations``)."""
    current = {name: getattr(obj, obj._meta.get_field(name).attname) for name in values}
    for name in relations:
        current[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return current


def current_fingerprint(current: dict, desired: dict, baseline: str | None) -> str:
    """The fingerprint of a record's ``current`` values; the one the seed last wrote
    (``baseline``) when the record is as the seed left it before the seed file gave values to
    fields it did not give then (the Lao added to the seed): those fields, still empty in the
    database, left aside, the record matches what the seed wrote. A field staff emptied is not
    left aside: it was in what the seed wrote, and the record then differs from it."""
    found = fingerprint(current)
    if not baseline or found == baseline:
        return found
    added = {
        name
        for name, value in current.items()
        if _is_blank(value) and not _is_blank(desired.get(name))
    }
    rest = {name: value for name, value in current.items() if name not in added}
    return baseline if added and fingerprint(rest) == baseline else found


def describe_errors(exc: ValidationError, model: type[models.Model]) -> list[str]:
    """Messages named by the field as the file spells it: a required translated field's error
    is about its English column (``name_en``), the one a record set must fill."""
    if not hasattr(exc, "error_dict"):
        return [" ".join(exc.messages)]
    translated = set()
    if model in translator.get_registered_models():
        translated = set(translator.get_options_for_model(model).all_fields)
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [
        f"{f'{name}_{default}' if name in translated else name}: {' '.join(messages)}"
        for name, messages in exc.message_dict.items()
    ]
