"""Writes that span several models.

``apply_seed`` loads the initial content (``seed/initial_content.toml``) without ever overwriting
what staff have edited since: every record it writes is remembered in a ``SeedRecord`` with a
fingerprint of the values written. On a re-run a record whose values still match that fingerprint
is the seed's to update; one that differs was edited by staff and is left alone unless ``force``.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction

from org.models import SeedRecord

# Sections of the seed file in load order (parents before children), each with its model and the
# fields that find a record the seed did not make itself (so a re-run adopts, never duplicates).
SEED_SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("related_bodies", "org.RelatedBody", ("slug",)),
    ("departments", "org.Department", ("slug",)),
    ("divisions", "org.Division", ("department", "slug")),
    ("staff_roles", "org.StaffRole", ("department", "division", "title_en")),
    ("mandates", "org.Mandate", ("department", "slug")),
    ("programmes", "programmes.TrainingProgramme", ("slug",)),
    ("legs", "programmes.Leg", ("programme", "number")),
    ("leg_partners", "programmes.LegPartner", ("leg", "name_en")),
]


class SeedError(Exception):
    """The seed data cannot be applied; the message says where and why."""


@dataclass
class SeedOutcome:
    key: str
    action: str  # created | updated | unchanged | skipped
    reason: str = ""


@dataclass
class SeedReport:
    outcomes: list[SeedOutcome] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    def summary(self) -> str:
        return ", ".join(
            f"{self.count(action)} {action}"
            for action in ("created", "updated", "unchanged", "skipped")
        )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _fingerprint(values: dict[str, Any]) -> str:
    payload = json.dumps({name: _plain(value) for name, value in values.items()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _current_values(obj: models.Model, names: list[str]) -> dict[str, Any]:
    """The record's values for the seeded fields, with foreign keys as primary keys."""
    values = {}
    for name in names:
        model_field = obj._meta.get_field(name)
        values[name] = getattr(obj, model_field.attname)
    return values


class _SeedLoader:
    def __init__(self, data: dict[str, Any], *, force: bool) -> None:
        self.data = data
        self.force = force
        self.report = SeedReport()
        # seed key -> the record it stands for in this run (None: not available, e.g. deleted)
        self.records: dict[str, models.Model | None] = {}

    def run(self) -> SeedReport:
        known = {section for section, _, _ in SEED_SECTIONS}
        unknown = sorted(set(self.data) - known)
        if unknown:
            raise SeedError(
                f"unknown section(s) {', '.join(unknown)}; expected some of {', '.join(sorted(known))}"
            )
        for section, model_label, lookup in SEED_SECTIONS:
            model = apps.get_model(model_label)
            entries = self.data.get(section, [])
            if not isinstance(entries, list):
                raise SeedError(f"[{section}] must be a list of entries ([[{section}]])")
            for index, entry in enumerate(entries, start=1):
                self._apply_entry(section, index, model, lookup, entry)
        return self.report

    def _resolve(self, place: str, model: type[models.Model], entry: dict[str, Any]):
        """Turn an entry into field values, resolving references to other entries' records."""
        values: dict[str, Any] = {}
        missing_parent = None
        for name, raw in entry.items():
            if name == "key":
                continue
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                raise SeedError(f"{place}: {model.__name__} has no field '{name}'") from None
            if isinstance(model_field, models.ForeignKey):
                target_section = _section_for(model_field.related_model)
                ref = f"{target_section}:{raw}"
                if ref not in self.records:
                    raise SeedError(
                        f"{place}: field '{name}' refers to '{raw}', which no earlier [[{target_section}]] entry defines"
                    )
                target = self.records[ref]
                if target is None:
                    missing_parent = ref
                values[name] = target.pk if target is not None else None
            elif not model_field.concrete or model_field.many_to_many:
                raise SeedError(f"{place}: field '{name}' cannot be set from the seed file")
            elif not _is_plain_value(raw):
                raise SeedError(
                    f"{place}: field '{name}' must be text, a number, true/false or a date, "
                    f"not {type(raw).__name__}"
                )
            else:
                values[name] = raw
        return values, missing_parent

    def _apply_entry(self, section, index, model, lookup, entry) -> None:
        key = entry.get("key") if isinstance(entry, dict) else None
        place = f"[[{section}]] entry {index}" + (f" (key '{key}')" if key else "")
        if not key or not isinstance(key, str):
            raise SeedError(f"{place}: every entry needs a 'key' text")
        seed_key = f"{section}:{key}"
        if seed_key in self.records:
            raise SeedError(f"{place}: the key '{key}' is used twice in [[{section}]]")
        values, missing_parent = self._resolve(place, model, entry)
        if missing_parent:
            self.records[seed_key] = None
            self._note(seed_key, "skipped", f"its parent {missing_parent} is not in the records")
            return

        desired = _fingerprint(values)
        names = list(values)
        content_type = ContentType.objects.get_for_model(model)
        seed_record = SeedRecord.objects.filter(key=seed_key).first()
        if seed_record is not None:
            obj = model._default_manager.filter(pk=seed_record.object_id).first()
            if obj is None and not self.force:
                self.records[seed_key] = None
                self._note(seed_key, "skipped", "deleted by staff (use --force to restore it)")
                return
            baseline = seed_record.fingerprint
        else:
            obj = model._default_manager.filter(
                **{_attname(model, n): values.get(n) for n in lookup}
            ).first()
            baseline = None

        if obj is None:
            obj = model()
            action, reason = "created", ""
        else:
            current = _fingerprint(_current_values(obj, names))
            if current == desired:
                action, reason = "unchanged", ""
            elif current == baseline:
                action, reason = "updated", "the source values changed"
            elif self.force:
                action, reason = "updated", "staff edits overwritten (--force)"
            else:
                why = (
                    "edited by staff since it was loaded"
                    if baseline
                    else "a record with different values already exists"
                )
                action, reason = "skipped", f"{why} (use --force to re-apply the source)"

        if action in ("created", "updated"):
            for name in names:
                setattr(obj, model._meta.get_field(name).attname, values[name])
            try:
                obj.full_clean()
            except ValidationError as exc:
                raise SeedError(f"{place}: {_describe(exc)}") from None
            obj.save()
        self.records[seed_key] = obj
        # Remember what the source says, so later runs can tell staff edits from source changes.
        if seed_record is None:
            SeedRecord.objects.create(
                key=seed_key, content_type=content_type, object_id=obj.pk, fingerprint=desired
            )
        elif (seed_record.object_id, seed_record.fingerprint) != (
            obj.pk,
            desired,
        ) and action != "skipped":
            seed_record.object_id = obj.pk
            seed_record.fingerprint = desired
            seed_record.save()
        self._note(seed_key, action, reason)

    def _note(self, key: str, action: str, reason: str) -> None:
        self.report.outcomes.append(SeedOutcome(key=key, action=action, reason=reason))


def _is_plain_value(value: Any) -> bool:
    """What a field of ours can hold: TOML times, date-times, lists and tables are not."""
    if isinstance(value, datetime.datetime | datetime.time):
        return False
    return isinstance(value, str | int | float | bool | datetime.date)


def _section_for(model: type[models.Model]) -> str:
    for section, label, _ in SEED_SECTIONS:
        if apps.get_model(label) is model:
            return section
    raise SeedError(f"{model.__name__} records cannot be referred to from the seed file")


def _attname(model: type[models.Model], name: str) -> str:
    return model._meta.get_field(name).attname


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def apply_seed(*, data: dict[str, Any], force: bool = False) -> SeedReport:
    """Create or update the records described by ``data`` (a parsed seed file), all or nothing.

    Records staff have edited since the seed wrote them are skipped unless ``force``.
    Raises ``SeedError`` (and changes nothing) when the data is not valid.
    """
    with transaction.atomic():
        return _SeedLoader(data, force=force).run()
