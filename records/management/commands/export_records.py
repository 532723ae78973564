import csv
import io
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.management.support import Progress
from records.format import dump_json, section_names
from records.reading import export_record_set

# Shorter names --table has always accepted, beside every record-set section's own name.
TABLE_ALIASES = {"roles": "staff_roles"}


def csv_tables() -> dict[str, str]:
    """The tables --format csv can write, and the record-set section each is made from."""
    return {**{name: name for name in section_names()}, **TABLE_ALIASES}


# A cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(…), @SUM(…)).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a spreadsheet should read it: text that would start a formula is prefixed
    with an apostrophe, which spreadsheets show as text and do not evaluate (OWASP's advice)."""
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(entries: list[dict]) -> str:
    """One row per entry; lists (a mandate's divisions) joined with "; "; no cell a formula."""
    columns = ["key", *sorted({name for entry in entries for name in entry} - {"key"})]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow({name: csv_cell(value) for name, value in entry.items()})
    return out.getvalue()


class Command(BaseCommand):
    help = (
        "Export every record as versioned JSON (to FILE, or to standard output), in a stable "
        "order: two exports of the same records are byte-identical. import_records reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", type=Path, help="Where to write; standard output if left out."
        )
        parser.add_argument(
            "--format",
            choices=["json", "csv"],
            default="json",
            help="json (default): the whole record set; csv: one table.",
        )
        parser.add_argument(
            "--table", choices=sorted(csv_tables()), help="With --format csv: which table to write."
        )

    def handle(self, *args, file: Path | None, format: str, table: str | None, **options):
        if format == "csv" and table is None:
            raise CommandError(
                f"--format csv writes one table: add --table with one of {', '.join(sorted(csv_tables()))}."
            )
        if format == "json" and table is not None:
            raise CommandError("--table goes with --format csv; the JSON export holds every table.")
        if file is not None and file.is_dir():
            raise CommandError(
                f"{file} is a folder: give a file name, e.g. {file / 'records.json'}."
            )
        if file is not None and not file.parent.is_dir():
            raise CommandError(f"The folder {file.parent} does not exist.")

        data = export_record_set(progress=Progress(self.stderr, "Exporting"))
        text = dump_json(data) if format == "json" else to_csv(data[csv_tables()[table]])

        if file is None:
            self.stdout.write(text, ending="")
            return
        # Write beside the target, then rename: a failed export never leaves half a file.
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        counts = ", ".join(
            f"{len(data[name])} {name}" for name in data if isinstance(data[name], list)
        )
        self.stderr.write(f"Exported to {file}: {counts if format == 'json' else table}.")
