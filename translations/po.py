"""The content's English and Lao as a PO file, for translators' tools (``export_translations``,
``import_translations``).

One entry per translated field of each record that has English there:

- ``msgctxt``: the record and field, ``<app>.<model>:<natural key>:<field>``
  (``org.division:asean-department/general-affairs:name``): the same in every database.
- ``msgid``: the English; ``msgstr``: the Lao, empty where there is none.
- flag ``fuzzy`` on Lao no publisher has reviewed as it is (draft) and on reviewed Lao whose
  English has changed since (outdated): what a translator's tool shows as needing a look.
  Reviewed Lao is not fuzzy. An outdated field also carries the English it was reviewed against
  as its previous msgid (``#| msgid``).
- extracted comments (``#.``): the state of the Lao, and each glossary term the English holds
  with its approved Lao and variants to avoid (``Glossary: programme → ໂຄງການ (avoid ຫຼັກສູດ)``),
  so a translator's PO editor shows them beside the entry. Comments are not read back.

Entries come in the order of the content models, records by key, fields as declared, with a
fixed header: two exports of the same records are byte-identical.

Reading a file back, every line must be PO syntax (``po_syntax``: polib alone would read a
malformed line as something it does not say), and every entry is checked before anything is
written; every problem is reported with its line (and msgctxt): a record or field that does
not exist, English that changed since the export (the translation would be of other words), a
placeholder (``%(name)s``, ``%s``, ``{}``) lost or changed. An empty msgstr leaves the Lao as
it is; any other is written as the record's Lao, a draft until a publisher reviews it (fuzzy or
not: importing is not reviewing).
"""

import re
from collections import Counter
from dataclasses import dataclass, field

import polib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from core.history import record_command
from core.naturalkeys import natural_key_paths
from translations.glossary import all_terms, po_comment, terms_in
from translations.overview import translatable_models
from translations.po_syntax import syntax_problems
from translations.state import LAO, LaoState, english_changes, lao_state, translated_fields

DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
HEADER = (
    "The ASEAN Department's content: English (msgid) and Lao (msgstr), one entry per field of\n"
    "each record. Fuzzy: Lao not yet reviewed, or reviewed before the English changed.\n"
    "Read back with: python manage.py import_translations FILE"
)


class TranslationsInvalid(Exception):
    """The file cannot be read back; ``problems`` says every place and why. Nothing changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) found")
        self.problems = problems


@dataclass
class ImportReport:
    # "<msgctxt>" of each field whose Lao the file changes.
    changed: list[str] = field(default_factory=list)
    records: int = 0


def _records(model) -> list[models.Model]:
    queryset = model._default_manager.select_related(*natural_key_paths(model))
    return sorted(queryset, key=lambda obj: obj.natural_key_text())


def context(obj, name: str) -> str:
    return f"{obj._meta.label_lower}:{obj.natural_key_text()}:{name}"


def export_po() -> str:
    po = polib.POFile(wrapwidth=78)
    po.header = HEADER
    po.metadata = {
        "Project-Id-Version": "ASEAN Department content",
        "Language": LAO,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    terms = all_terms()
    for model in translatable_models():
        for obj in _records(model):
            state = lao_state(obj)
            reviewed_english = {name: old for name, old, _new in english_changes(obj)}
            for name in translated_fields(model):
                english = getattr(obj, f"{name}_{DEFAULT}") or ""
                if not english:
                    continue
                entry = polib.POEntry(
                    msgctxt=context(obj, name),
                    msgid=english,
                    msgstr=getattr(obj, f"{name}_{LAO}") or "",
                    comment="\n".join(
                        [f"Lao: {state.value}", *po_comment(terms_in(english, terms))]
                    ),
                )
                if entry.msgstr and state in (LaoState.DRAFT, LaoState.OUTDATED):
                    entry.flags.append("fuzzy")
                if state == LaoState.OUTDATED and reviewed_english.get(name):
                    entry.previous_msgid = reviewed_english[name]
                po.append(entry)
    return str(po) + "\n"


def parse_po(text: str) -> polib.POFile:
    """The file as polib reads it, once every line is PO syntax (``po_syntax``)."""
    if problems := syntax_problems(text):
        raise TranslationsInvalid(problems)
    # polib reads a text with no line break as the name of a file to open: a PO file has some.
    try:
        return polib.pofile(text if "\n" in text else f"{text}\n", wrapwidth=78)
    except (OSError, ValueError) as exc:
        raise TranslationsInvalid([f"not a PO file polib can read: {exc}"]) from None


def _placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


class _Reader:
    def __init__(self) -> None:
        self.models = {model._meta.label_lower: model for model in translatable_models()}
        self.records: dict[str, dict[str, models.Model]] = {}
        self.problems: list[str] = []
        self.changes: dict[models.Model, dict[str, str]] = {}
        self.report = ImportReport()

    def _record(self, label: str, key: str):
        if label not in self.records:  # one query per kind of record the file names
            self.records[label] = {
                obj.natural_key_text(): obj for obj in _records(self.models[label])
            }
        return self.records[label].get(key)

    def entry(self, entry: polib.POEntry, seen: set[str]) -> None:
        where = f"line {entry.linenum} ({entry.msgctxt or 'no msgctxt'})"
        label, _sep, rest = (entry.msgctxt or "").partition(":")
        key, _sep, name = rest.rpartition(":")
        if entry.msgctxt in seen:
            return self.problems.append(f"{where}: given twice in the file")
        if entry.msgid_plural:
            return self.problems.append(f"{where}: a record's field has no plural forms")
        seen.add(entry.msgctxt)
        if label not in self.models or not key:
            return self.problems.append(
                f"{where}: the msgctxt must name a record and field, as export_translations "
                f"writes it (<kind>:<key>:<field>; kinds: {', '.join(self.models)})"
            )
        model = self.models[label]
        if name not in translated_fields(model):
            return self.problems.append(f"{where}: {label} has no translated field '{name}'")
        obj = self._record(label, key)
        if obj is None:
            return self.problems.append(f"{where}: no {label} has the key '{key}'")
        english = getattr(obj, f"{name}_{DEFAULT}") or ""
        if entry.msgid != english:
            return self.problems.append(
                f"{where}: the English has changed since the export (the file has "
                f"“{entry.msgid}”, the record now “{english}”): export again and translate that"
            )
        if not entry.msgstr:
            return None
        if _placeholders(entry.msgstr) != _placeholders(english):
            return self.problems.append(
                f"{where}: the Lao must keep the placeholders of the English "
                f"({', '.join(sorted(_placeholders(english))) or 'none'}), "
                f"it has {', '.join(sorted(_placeholders(entry.msgstr))) or 'none'}"
            )
        if entry.msgstr != (getattr(obj, f"{name}_{LAO}") or ""):
            self.changes.setdefault(obj, {})[f"{name}_{LAO}"] = entry.msgstr
            self.report.changed.append(entry.msgctxt)
        return None


def import_po(text: str, *, dry_run: bool = False) -> ImportReport:
    """Write the file's Lao into the records, all or nothing; see the module's docstring. Each
    record's new version names ``import_translations`` as its author in the history."""
    po = parse_po(text)
    with transaction.atomic():
        reader = _Reader()
        seen: set[str] = set()
        for entry in po:
            if not entry.obsolete:
                reader.entry(entry, seen)
        for obj, values in reader.changes.items():
            for attname, value in values.items():
                setattr(obj, attname, value)
            try:
                obj.full_clean()
            except ValidationError as exc:
                reader.problems += [
                    f"{context(obj, name.removesuffix(f'_{LAO}'))}: {' '.join(messages)}"
                    for name, messages in exc.message_dict.items()
                ]
        if reader.problems:
            raise TranslationsInvalid(reader.problems)
        for obj in reader.changes:
            record_command(obj, "import_translations")
            obj.save()
        if dry_run:
            transaction.set_rollback(True)
    reader.report.records = len(reader.changes)
    return reader.report
