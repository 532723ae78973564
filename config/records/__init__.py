"""The record set: every content record as sections of entries, read and written as one.

One format (``format.py``) serves three commands: ``export_records`` reads the database into a
record set (``reading.py``); ``import_records`` and ``load_seed`` write one into the database
(``writing.py``; the seed's bookkeeping is ``org/seeding.py``). A file is read strictly
(``parsing.py``) and every value must be of its field's type (``values.py``).
"""

from config.records.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    RecordsInvalid,
    check_format,
    dump_json,
    record_fields,
    record_key,
    section_for_model,
    section_names,
    sections,
)
from config.records.reading import export_record_set
from config.records.writing import LoadReport, Outcome, RecordLoader, import_record_set

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LoadReport",
    "Outcome",
    "RecordLoader",
    "RecordsInvalid",
    "check_format",
    "dump_json",
    "export_record_set",
    "import_record_set",
    "record_fields",
    "record_key",
    "section_for_model",
    "section_names",
    "sections",
]
