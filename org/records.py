"""The record set: every content record as sections of entries, read and written as one.

One format serves three commands:

- ``load_seed`` reads the initial content (``seed/initial_content.toml``). It never overwrites
  what staff have edited since: every record it writes is remembered in a ``SeedRecord`` with a
  fingerprint of the values written; on a re-run a record that still matches that fingerprint
  is the seed's to update, one that differs was edited by staff and is left alone unless forced.
- ``export_records`` writes the whole record set as versioned JSON, in a stable order.
- ``import_records`` reads such a file back: it matches records by their natural keys (a
  division by its department and slug, a leg by its programme and number) and makes them say
  what the file says.

An entry is a table of field values plus a ``key`` naming it within its section. A foreign key
gives the key of an entry of the section it points to; a many-to-many field a list of keys.
Loading checks every entry and reports every problem, with its place, before anything is kept:
one bad entry and nothing changes.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from modeltranslation.translator import translator

from org.models import SeedRecord

FORMAT_NAME = "asean-department-records"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Section:
    name: str
    model_label: str
    # The fields that identify a record across databases (its natural key).
    lookup: tuple[str, ...]
    # Related objects the natural key reads, for one query per section on export.
    related: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


# Parents before children, so that references point back to entries already read.
SECTIONS = [
    Section("related_bodies", "org.RelatedBody", ("slug",), ("part_of",)),
    Section("departments", "org.Department", ("slug",), ("parent_body",)),
    Section("divisions", "org.Division", ("department", "slug"), ("department",)),
    Section(
        "staff_roles",
        "org.StaffRole",
        ("department", "division", "title_en"),
        ("department", "division__department"),
    ),
    Section("mandates", "org.Mandate", ("department", "slug"), ("department",)),
    Section("programmes", "programmes.TrainingProgramme", ("slug",)),
    Section("legs", "programmes.Leg", ("programme", "number"), ("programme",)),
    Section("leg_partners", "programmes.LegPartner", ("leg", "name_en"), ("leg__programme",)),
    Section(
        "schedule_changes", "programmes.ScheduleChange", ("leg", "recorded_at"), ("leg__programme",)
    ),
]
SECTION_NAMES = [section.name for section in SECTIONS]


def section_for_model(model: type[models.Model]) -> Section:
    for section in SECTIONS:
        if section.model is model:
            return section
    raise LookupError(f"{model.__name__} is not part of the record set")


def natural_key(obj: models.Model) -> str:
    """A record's key in exports: readable, and the same in every database."""
    label = obj._meta.label
    if label in ("org.RelatedBody", "org.Department", "programmes.TrainingProgramme"):
        return obj.slug
    if label in ("org.Division", "org.Mandate"):
        return f"{obj.department.slug}/{obj.slug}"
    if label == "org.StaffRole":
        owner = natural_key(obj.division) if obj.division_id else obj.department.slug
        return f"{owner}/{obj.title_en}"
    if label == "programmes.Leg":
        return f"{obj.programme.slug}/{obj.number}"
    if label == "programmes.LegPartner":
        return f"{natural_key(obj.leg)}/{obj.name_en}"
    if label == "programmes.ScheduleChange":
        return f"{natural_key(obj.leg)}/{obj.recorded_at.isoformat()}"
    raise LookupError(f"{label} has no natural key")


def record_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a record set carries: all but the primary key and the columns that
    modeltranslation derives from the per-language ones (``name`` beside ``name_en``)."""
    derived = set()
    if model in translator.get_registered_models():
        derived = set(translator.get_options_for_model(model).all_fields)
    return [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not f.primary_key and f.name not in derived
    ]


# -- Export ---------------------------------------------------------------------------------------


def _export_value(obj: models.Model, model_field: models.Field) -> Any:
    if model_field.many_to_many:
        return sorted(natural_key(related) for related in getattr(obj, model_field.name).all())
    if isinstance(model_field, models.ForeignKey):
        related = getattr(obj, model_field.name)
        return natural_key(related) if related is not None else None
    value = getattr(obj, model_field.attname)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _parents_first(entries: list[dict], fields: list[models.Field], model) -> list[dict]:
    """Entries sorted by key, except that a record pointing to another of its own kind (a body
    that is part of another) comes after it, so the file loads from top to bottom."""
    own = [f.name for f in fields if isinstance(f, models.ForeignKey) and f.related_model is model]
    by_key = {entry["key"]: entry for entry in entries}

    def depth(entry: dict, seen: frozenset = frozenset()) -> int:
        parents = [by_key[entry[name]] for name in own if entry.get(name) in by_key]
        if not parents or entry["key"] in seen:
            return 0
        return 1 + max(depth(parent, seen | {entry["key"]}) for parent in parents)

    return sorted(entries, key=lambda entry: (depth(entry), entry["key"]))


def export_record_set(*, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Every content record, sections in load order, entries sorted by key: two exports of the
    same records are identical."""
    data: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    for done, section in enumerate(SECTIONS, start=1):
        fields = record_fields(section.model)
        queryset = section.model._default_manager.select_related(*section.related)
        m2m = [f.name for f in fields if f.many_to_many]
        if m2m:
            queryset = queryset.prefetch_related(*m2m)
        entries = []
        for obj in queryset:
            entry = {"key": natural_key(obj)}
            entry.update({f.name: _export_value(obj, f) for f in fields})
            entries.append(entry)
        data[section.name] = _parents_first(entries, fields, section.model)
        if progress:
            progress(done, len(SECTIONS))
    return data


def dump_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# -- Load -----------------------------------------------------------------------------------------


class RecordsInvalid(Exception):
    """The data cannot be loaded; ``problems`` says every place and why. Nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) found")
        self.problems = problems


@dataclass
class Outcome:
    key: str
    action: str  # created | updated | unchanged | skipped
    reason: str = ""


@dataclass
class LoadReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    def summary(self) -> str:
        return ", ".join(
            f"{self.count(action)} {action}"
            for action in ("created", "updated", "unchanged", "skipped")
        )

    def changes(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.action != "unchanged"]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _fingerprint(values: dict[str, Any]) -> str:
    payload = json.dumps({name: _plain(value) for name, value in values.items()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _is_plain(value: Any) -> bool:
    """What a field can hold: TOML times and date-times, lists and tables are not."""
    if value is None:
        return True
    if isinstance(value, datetime.datetime | datetime.time):
        return False
    return isinstance(value, str | int | float | bool | datetime.date)


def _describe(exc: ValidationError, model: type[models.Model]) -> list[str]:
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


class _Invalid(Exception):
    """One entry's problems; collected, then loading goes on with the next entry."""

    def __init__(self, *messages: str) -> None:
        super().__init__(messages)
        self.messages = messages


class RecordLoader:
    """Creates or updates the records a record set describes.

    ``mode="seed"``: keeps staff edits, as described in the module's docstring.
    ``mode="import"``: the file wins; records are matched by natural key.
    """

    def __init__(
        self,
        data: dict[str, Any],
        *,
        mode: str,
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.data = data
        self.seed = mode == "seed"
        self.force = force
        self.progress = progress
        self.report = LoadReport()
        self.problems: list[str] = []
        # "section:key" -> the record it stands for in this run; None when it could not be had.
        self.records: dict[str, models.Model | None] = {}
        self.claimed: dict[tuple[str, int], str] = {}
        # Values for every entry whose model has the field and which does not set it itself.
        self.defaults = data.get("defaults", {})
        if not isinstance(self.defaults, dict):
            raise RecordsInvalid(["defaults: must be a table of field values"])

    def run(self) -> LoadReport:
        unknown = sorted(set(self.data) - set(SECTION_NAMES) - {"format", "version", "defaults"})
        if unknown:
            raise RecordsInvalid(
                [
                    f"unknown section(s) {', '.join(unknown)}; expected some of {', '.join(SECTION_NAMES)}"
                ]
            )
        total = sum(
            len(self.data.get(s.name) or [])
            for s in SECTIONS
            if isinstance(self.data.get(s.name), list)
        )
        done = 0
        for section in SECTIONS:
            entries = self.data.get(section.name, [])
            if not isinstance(entries, list):
                self.problems.append(f"{section.name}: must be a list of entries")
                continue
            for index, entry in enumerate(entries):
                self._load_entry(section, index, entry)
                done += 1
                if self.progress:
                    self.progress(done, total)
        if self.problems:
            raise RecordsInvalid(self.problems)
        return self.report

    def _load_entry(self, section: Section, index: int, entry: Any) -> None:
        key = entry.get("key") if isinstance(entry, dict) else None
        place = f"{section.name}[{index}]" + (f" (key '{key}')" if isinstance(key, str) else "")
        if not isinstance(entry, dict):
            self.problems.append(f"{place}: must be a table of fields")
            return
        if not isinstance(key, str) or not key:
            self.problems.append(f"{place}: every entry needs a 'key' text")
            return
        ref = f"{section.name}:{key}"
        if ref in self.records:
            self.problems.append(f"{place}: the key '{key}' is used twice in {section.name}")
            return
        self.records[ref] = None
        field_names = {f.name for f in record_fields(section.model)}
        entry = {**{k: v for k, v in self.defaults.items() if k in field_names}, **entry}
        try:
            values, relations, missing_parent = self._resolve(section, entry)
            if missing_parent:
                self._note(ref, "skipped", f"its parent {missing_parent} is not in the records")
                return
            self.records[ref] = self._apply(section, ref, values, relations)
        except _Invalid as invalid:
            self.problems.extend(f"{place}: {message}" for message in invalid.messages)

    def _resolve(self, section: Section, entry: dict[str, Any]):
        """Field values (foreign keys as primary keys) and many-to-many lists, from an entry."""
        model = section.model
        values: dict[str, Any] = {}
        relations: dict[str, list[int]] = {}
        problems: list[str] = []
        missing_parent = None
        for name, raw in entry.items():
            if name == "key":
                continue
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                problems.append(f"{model.__name__} has no field '{name}'")
                continue
            if model_field not in record_fields(model):
                problems.append(f"field '{name}' cannot be set from a record set")
            elif model_field.many_to_many or isinstance(model_field, models.ForeignKey):
                target = section_for_model(model_field.related_model).name
                keys = raw if model_field.many_to_many else [raw]
                if model_field.many_to_many and not isinstance(raw, list):
                    problems.append(f"field '{name}' must be a list of {target} keys")
                    continue
                pks = []
                for target_key in keys:
                    if target_key is None and not model_field.many_to_many:
                        pks.append(None)
                        continue
                    target_ref = f"{target}:{target_key}"
                    if target_ref not in self.records:
                        problems.append(
                            f"field '{name}' refers to '{target_key}', which no earlier {target} entry defines"
                        )
                    elif self.records[target_ref] is None:
                        missing_parent = missing_parent or target_ref
                    else:
                        pks.append(self.records[target_ref].pk)
                if model_field.many_to_many:
                    relations[name] = sorted(pks)
                elif pks:
                    values[name] = pks[0]
            elif not _is_plain(raw) and not (
                isinstance(raw, datetime.datetime) and isinstance(model_field, models.DateTimeField)
            ):
                problems.append(
                    f"field '{name}' must be text, a number, true/false or a date, not {type(raw).__name__}"
                )
            else:
                try:
                    values[name] = model_field.to_python(raw)
                except ValidationError as exc:
                    problems.append(f"{name}: {' '.join(exc.messages)}")
        if problems:
            raise _Invalid(*problems)
        if missing_parent and self.seed:
            return values, relations, missing_parent
        if missing_parent:
            raise _Invalid(f"refers to {missing_parent}, which has problems of its own")
        return values, relations, None

    def _find(self, section: Section, ref: str, values: dict[str, Any]):
        """The existing record an entry stands for, and the fingerprint the seed last wrote."""
        model = section.model
        if self.seed:
            seed_record = SeedRecord.objects.filter(key=ref).first()
            if seed_record is not None:
                return model._default_manager.filter(pk=seed_record.object_id).first(), seed_record
        lookup = {model._meta.get_field(name).attname: values.get(name) for name in section.lookup}
        return model._default_manager.filter(**lookup).first(), None

    def _apply(
        self, section: Section, ref: str, values: dict[str, Any], relations: dict[str, list[int]]
    ):
        model = section.model
        obj, seed_record = self._find(section, ref, values)
        if seed_record is not None and obj is None and not self.force:
            self._note(ref, "skipped", "deleted by staff (use --force to restore it)")
            return None
        if obj is not None:
            other = self.claimed.get((section.name, obj.pk))
            if other:
                raise _Invalid(f"is the same record as {other}: two entries with one natural key")
        desired = _fingerprint({**values, **relations})
        baseline = seed_record.fingerprint if seed_record else None

        if obj is None:
            obj, action, reason = model(), "created", ""
        else:
            current = _fingerprint(self._current(obj, values, relations))
            if current == desired:
                action, reason = "unchanged", ""
            elif not self.seed:
                action, reason = "updated", ""
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
            for name, value in values.items():
                setattr(obj, model._meta.get_field(name).attname, value)
            try:
                obj.full_clean()
            except ValidationError as exc:
                raise _Invalid(*_describe(exc, model)) from None
            obj.save()
            for name, pks in relations.items():
                getattr(obj, name).set(pks)
        self.claimed[(section.name, obj.pk)] = ref
        if self.seed:
            self._remember(ref, obj, seed_record, desired, action)
        self._note(ref, action, reason)
        return obj

    @staticmethod
    def _current(
        obj: models.Model, values: dict[str, Any], relations: dict[str, list[int]]
    ) -> dict[str, Any]:
        current = {name: getattr(obj, obj._meta.get_field(name).attname) for name in values}
        for name in relations:
            current[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
        return current

    def _remember(self, ref, obj, seed_record, desired, action) -> None:
        """Keep what the source says, so later runs can tell staff edits from source changes."""
        if seed_record is None:
            SeedRecord.objects.create(
                key=ref,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                fingerprint=desired,
            )
        elif action != "skipped" and (seed_record.object_id, seed_record.fingerprint) != (
            obj.pk,
            desired,
        ):
            seed_record.object_id = obj.pk
            seed_record.fingerprint = desired
            seed_record.save()

    def _note(self, key: str, action: str, reason: str) -> None:
        self.report.outcomes.append(Outcome(key=key, action=action, reason=reason))


def apply_seed(*, data: dict[str, Any], force: bool = False) -> LoadReport:
    """Load the initial content, all or nothing, keeping staff edits unless ``force``."""
    with transaction.atomic():
        return RecordLoader(data, mode="seed", force=force).run()


def check_format(data: Any) -> None:
    """An exported record set names its format and version; say plainly when it does not."""
    if not isinstance(data, dict):
        raise RecordsInvalid(["the file must hold one JSON object, as export_records writes"])
    if data.get("format") != FORMAT_NAME:
        raise RecordsInvalid(
            [f"'format' must be \"{FORMAT_NAME}\"; is this a file from export_records?"]
        )
    if data.get("version") != FORMAT_VERSION:
        raise RecordsInvalid(
            [
                f"version {data.get('version')!r} is not one this site reads (it reads version {FORMAT_VERSION})"
            ]
        )


def import_record_set(
    *, data: Any, dry_run: bool = False, progress: Callable[[int, int], None] | None = None
) -> LoadReport:
    """Make the records say what an exported record set says, all or nothing.

    With ``dry_run`` everything is checked and counted, then rolled back.
    """
    check_format(data)
    with transaction.atomic():
        report = RecordLoader(data, mode="import", progress=progress).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
