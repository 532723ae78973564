"""Writing a record set into the database: ``import_records`` and ``load_seed``.

- ``mode="import"``: the file wins. Records are matched by their natural keys (a division by its
  department and slug, a leg by its programme and number) and made to say what the file says.
- ``mode="seed"``: the initial content. It never overwrites what staff have edited since: every
  record it writes is remembered (``seed_records``, ``records.SeedRecord``) with a fingerprint of
  the values written; on a re-run a record that still matches that fingerprint is the seed's to
  update (fields the seed gives only now, still empty, aside), one that differs was edited by
  staff and is left alone unless forced.

Loading checks every entry and reports every problem, with its place, before anything is kept:
one bad entry and nothing changes.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from core.history import record_command
from core.plaintext import shown
from records.companions import companion_names, load_companions
from records.format import (
    RecordsInvalid,
    Section,
    current_fingerprint,
    current_values,
    describe_errors,
    fingerprint,
    record_fields,
    section_for_model,
    sections,
)
from records.report import LoadReport, Outcome
from records.values import ValueRefused, field_value, key_problem, what


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
        seed_records: type[models.Model] | None = None,
    ) -> None:
        self.data = data
        self.seed = mode == "seed"
        # The model that remembers what the seed wrote (records.SeedRecord): given by the seed.
        self.seed_records = seed_records
        if self.seed and seed_records is None:
            raise ValueError("mode='seed' needs the seed_records model")
        self.force = force
        self.progress = progress
        self.report = LoadReport()
        self.problems: list[str] = []
        # "section:key" -> the record it stands for in this run; None when it could not be had.
        self.records: dict[str, models.Model | None] = {}
        self.claimed: dict[tuple[str, int], str] = {}
        # "section:key" -> the record an entry updates whatever its key (``companions.load_over``).
        self.matched: dict[str, models.Model] = {}
        # Values for every entry whose model has the field and which does not set it itself.
        self.defaults = data.get("defaults", {})
        if not isinstance(self.defaults, dict):
            raise RecordsInvalid(["defaults: must be a table of field values"])

    def run(self) -> LoadReport:
        all_sections = sections()
        names = [section.name for section in all_sections]
        known = {*names, *companion_names(), "format", "version", "defaults"}
        unknown = sorted(set(self.data) - known)
        if unknown:
            raise RecordsInvalid(
                [
                    f"unknown section(s) {', '.join(map(shown, unknown))}; "
                    f"expected some of {', '.join([*names, *companion_names()])}"
                ]
            )
        total = sum(
            len(self.data.get(s.name) or [])
            for s in all_sections
            if isinstance(self.data.get(s.name), list)
        )
        done = 0
        for section in all_sections:
            entries = self.data.get(section.name, [])
            if not isinstance(entries, list):
                self.problems.append(f"{section.name}: must be a list of entries")
                continue
            for index, entry in enumerate(entries):
                self._load_entry(section, index, entry)
                done += 1
                if self.progress:
                    self.progress(done, total)
        load_companions(self)  # what apps above keep about the records just loaded
        if self.problems:
            raise RecordsInvalid(self.problems)
        return self.report

    def record(self, section_name: str, key: Any):
        """The record an entry of this run stands for (``None`` if none does)."""
        return self.records.get(f"{section_name}:{key}") if isinstance(key, str) else None

    def _load_entry(self, section: Section, index: int, entry: Any) -> None:
        key = entry.get("key") if isinstance(entry, dict) else None
        place = f"{section.name}[{index}]"
        if not isinstance(entry, dict):
            self.problems.append(f"{place}: must be a table of fields")
            return
        if problem := key_problem(key):
            self.problems.append(f"{place}: {problem}")
            return
        place += f" (key '{key}')"
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
                self.note(ref, "skipped", f"its parent {missing_parent} is not in the records")
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
                problems.append(f"{model.__name__} has no field '{shown(name)}'")
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
                    if not isinstance(target_key, str):
                        problems.append(
                            f"field '{name}' must give the key of a {target} entry as text, "
                            f"not {what(target_key)}"
                        )
                        continue
                    target_ref = f"{target}:{target_key}"
                    if target_ref not in self.records:
                        problems.append(
                            f"field '{name}' refers to '{shown(target_key)}', which no earlier {target} entry defines"
                        )
                    elif self.records[target_ref] is None:
                        missing_parent = missing_parent or target_ref
                    else:
                        pks.append(self.records[target_ref].pk)
                if model_field.many_to_many:
                    relations[name] = sorted(pks)
                elif pks:
                    values[name] = pks[0]
            else:
                try:
                    values[name] = field_value(model_field, raw)
                except ValueRefused as refused:
                    problems.append(f"{name}: {refused}")
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
        if ref in self.matched:
            return self.matched[ref], None
        if self.seed:
            seed_record = self.seed_records.objects.filter(key=ref).first()
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
            self.note(ref, "skipped", "deleted by staff (use --force to restore it)")
            return None
        if obj is not None:
            other = self.claimed.get((section.name, obj.pk))
            if other:
                raise _Invalid(f"is the same record as {other}: two entries with one natural key")
        desired, baseline = (
            fingerprint({**values, **relations}),
            getattr(seed_record, "fingerprint", None),
        )

        if obj is None:
            obj, action, reason = model(), "created", ""
        else:
            current = current_fingerprint(
                current_values(obj, values, relations), {**values, **relations}, baseline
            )
            if current == desired:
                action, reason = "unchanged", ""
            elif not self.seed:
                action, reason = "updated", ""
            elif current == baseline and not getattr(obj, "lao_reviewed_at", None):
                action, reason = "updated", "the source values changed"
            elif self.force:
                action, reason = "updated", "staff edits overwritten (--force)"
            else:
                why = "a record with different values already exists"
                if baseline:
                    why = "edited by staff since it was loaded"
                if current == baseline:  # a Lao review is staff's work too (translations)
                    why = "its Lao was reviewed by staff since it was loaded"
                action, reason = "skipped", f"{why} (use --force to re-apply the source)"

        if action in ("created", "updated"):
            for name, value in values.items():
                setattr(obj, model._meta.get_field(name).attname, value)
            try:
                obj.full_clean()
            except ValidationError as exc:
                raise _Invalid(*describe_errors(exc, model)) from None
            record_command(obj, "load_seed" if self.seed else "import_records")
            obj.save()
            for name, pks in relations.items():
                getattr(obj, name).set(pks)
        self.claimed[(section.name, obj.pk)] = ref
        if self.seed:
            self._remember(ref, obj, seed_record, desired, action)
        self.note(ref, action, reason)
        return obj

    def _remember(self, ref, obj, seed_record, desired, action) -> None:
        """Keep what the source says, so later runs can tell staff edits from source changes."""
        if seed_record is None:
            self.seed_records.objects.create(
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

    def note(self, key: str, action: str, reason: str) -> None:
        self.report.outcomes.append(Outcome(key=key, action=action, reason=reason))
