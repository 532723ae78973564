"""What the record set's publishing sections share: people by user name, records by section
and key."""

import json
from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.plaintext import shown
from records.format import section_for_model, sections
from records.values import ValueRefused, what


def named(user) -> str | None:
    return user.get_username() if user is not None else None


def moment(value) -> str | None:
    return value.isoformat() if value is not None else None


def records_by_kind(rows) -> dict[tuple[int, int], models.Model]:
    """(content type, key) -> the record, for rows that name records: one query per kind."""
    wanted: dict[int, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.content_type_id, set()).add(row.object_id)
    found = {}
    for kind, keys in wanted.items():
        model = ContentType.objects.get_for_id(kind).model_class()
        try:
            section = section_for_model(model)
        except LookupError:
            continue  # not content the record set carries
        for record in model._default_manager.select_related(*section.related).filter(pk__in=keys):
            found[(kind, record.pk)] = record
    return found


def loaded(loader, content_model) -> dict[int, models.Model]:
    """The records of ``content_model`` this import run loaded, by key."""
    return {
        record.pk: record
        for record in loader.records.values()
        if record is not None and type(record) is content_model
    }


def targeted(name: str, entries: list[Any], loader) -> Iterator[tuple[str, dict, Any, str, str]]:
    """Each entry of the section ``name`` that names a record this import loaded, as (its place
    in the file, the entry, the record, its section, its key); a problem for any other."""
    sections_named = {s.name for s in sections()}
    for index, entry in enumerate(entries):
        place = f"{name}[{index}]"
        if not isinstance(entry, dict):
            loader.problems.append(f"{place}: must be a table of fields")
            continue
        section, key = entry.get("section"), entry.get("key")
        if section not in sections_named:
            loader.problems.append(f"{place}: 'section' must name a section of the record set")
            continue
        record = loader.records.get(f"{section}:{key}") if isinstance(key, str) else None
        if record is None:
            loader.problems.append(
                f"{place}: names {section} '{shown(str(key))}', which is not among the file's records"
            )
            continue
        yield f"{place} ({section} '{key}')", entry, record, section, key


class People:
    """User names to accounts, one query per name."""

    def __init__(self) -> None:
        self.found: dict[str, Any] = {}

    def __call__(self, name: Any, field: str):
        if name is None:
            return None
        if not isinstance(name, str):
            raise ValueRefused(f"{field}: must be a user name, not {what(name)}")
        if name not in self.found:
            manager = get_user_model()._default_manager
            self.found[name] = manager.filter(**{get_user_model().USERNAME_FIELD: name}).first()
        return self.found[name]


def json_key(entry: dict) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)
