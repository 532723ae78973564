"""A few hostile record sets through ``import_records``, end to end: each is imported or
refused with a message (a non-zero exit), never a traceback. (How strict the import is, field
by field, is the record set's own business and its own tests'.)"""

import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DataError

from tests.hostile.probe import exported_records
from tests.hostile.values import VALUES

pytestmark = pytest.mark.django_db

# (section, field) pairs of text and numbers, each given the hostile value in turn.
TARGETS = [("divisions", "name_en"), ("legs", "number"), ("legs", "end_date")]
ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
CASES = [
    pytest.param(
        "nul",
        marks=pytest.mark.xfail(
            ON_POSTGRESQL,
            strict=True,
            raises=DataError,
            reason="import_records passes a NUL to PostgreSQL, which refuses it in text; the "
            "import's strictness is being reworked on its own branch",
        ),
    ),
    pytest.param(
        "lone-surrogate",
        marks=pytest.mark.xfail(
            strict=True,
            raises=UnicodeEncodeError,
            reason="import_records passes a lone surrogate (valid JSON: \\ud800) to the database, "
            "which cannot encode it; the import's strictness is being reworked on its own branch",
        ),
    ),
    "long",
    "ten-thousand",
    "two-to-63",
    "date-past-last",
]


@pytest.mark.parametrize("name", CASES)
def test_a_hostile_record_set_is_imported_or_refused_with_a_message(records, tmp_path, name):
    exported = json.loads(exported_records())
    for section, field in TARGETS:
        data = json.loads(json.dumps(exported))
        data[section][0][field] = VALUES[name]
        path = tmp_path / f"{section}-{field}.json"
        path.write_text(json.dumps(data), encoding="utf-8", errors="surrogatepass")
        before = exported_records()
        try:
            call_command("import_records", str(path), verbosity=0)
        except CommandError:
            assert exported_records() == before
