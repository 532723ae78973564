import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from translations.overview import all_figures
from translations.state import LaoState


def record_name(obj) -> str:
    with translation.override("en"):
        return str(obj)


def warning_data(obj, name: str, warning) -> dict:
    with translation.override("en"):
        message = warning.message()
    return {
        "record": record_name(obj),
        "key": obj.natural_key_text(),
        "field": name,
        "term": warning.term.english,
        "approved": warning.term.lao,
        "kind": warning.kind,
        "variant": warning.variant,
        "confirmed": warning.term.is_confirmed,
        "message": message,
    }


class Command(BaseCommand):
    help = (
        "Report the Lao translation of the content: per kind of record, how many are reviewed, "
        "draft, missing or outdated (reviewed, but the English changed since), which need "
        "work, and where the Lao differs from the glossary's official terms (warnings). --strict exits 1 when a published record has no reviewed Lao, for cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print JSON for machines."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Exit with status 1 when any published record lacks reviewed Lao.",
        )

    def handle(self, *args, as_json: bool, strict: bool, **options):
        figures = all_figures(with_glossary=True)
        if as_json:
            self.stdout.write(json.dumps(self._data(figures), ensure_ascii=False, indent=2))
        else:
            self._as_text(figures)
        lacking = sum(len(f.published_unreviewed) for f in figures)
        if strict and lacking:
            raise CommandError(
                f"{lacking} published record(s) have no reviewed Lao: visitors read them in "
                "English. A publisher reviews their Lao in the back office (Translations page, "
                'or the list\'s action "Mark Lao as reviewed"); for missing Lao, an editor '
                "writes it first (or import_translations a translated file).",
                returncode=1,
            )

    @staticmethod
    def _data(figures) -> dict:
        return {
            f.model._meta.label_lower: {
                "counts": {state.value: f.counts[state] for state in LaoState},
                "needing_work": [
                    {"record": record_name(obj), "key": obj.natural_key_text(), "state": state}
                    for obj, state in f.needing_work
                ],
                "published_without_reviewed_lao": len(f.published_unreviewed),
                "glossary_warnings": [warning_data(*found) for found in f.glossary],
            }
            for f in figures
        }

    def _as_text(self, figures) -> None:
        write = self.stdout.write
        states = [state.value for state in LaoState]
        write(f"{'records':<28}" + "".join(f"{state:>10}" for state in states))
        for f in figures:
            counts = "".join(f"{f.counts[state]:>10}" for state in LaoState)
            write(f"{f.model._meta.verbose_name_plural!s:<28}{counts}")
        needing = [(f, obj, state) for f in figures for obj, state in f.needing_work]
        if needing:
            write("")
            write("Needing work:")
            for f, obj, state in needing:
                write(f"  {state.value:<9} {f.model._meta.label_lower}: {record_name(obj)}")
        warnings = [(f, found) for f in figures for found in f.glossary]
        if warnings:
            write("")
            write("Glossary warnings (the Lao differs from an official term):")
            for f, found in warnings:
                data = warning_data(*found)
                where = f"{f.model._meta.label_lower}: {data['record']} [{data['field']}]"
                write(f"  {where}: {data['message']}")
        lacking = sum(len(f.published_unreviewed) for f in figures)
        write("")
        write(f"Published records without reviewed Lao: {lacking}")
