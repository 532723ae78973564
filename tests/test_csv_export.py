"""CSV exports open in spreadsheets: no cell may run as a formula, whatever staff typed."""

import csv
import io

import pytest
from django.core.management import call_command

from tests.factories import DivisionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://example.org","x")', "@SUM(A1:A2)", "+1+1", "-1+1", "\t=1"],
)
def test_text_that_a_spreadsheet_would_run_is_exported_as_text(typed):
    DivisionFactory(name_en=typed, summary_en=typed)
    out = io.StringIO()
    call_command("export_records", "--format", "csv", "--table", "divisions", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["name_en"] for row in rows] == ["'" + typed]
    assert [row["summary_en"] for row in rows] == ["'" + typed]


def test_ordinary_text_is_exported_as_it_is():
    DivisionFactory(name_en="General Affairs Division")
    out = io.StringIO()
    call_command("export_records", "--format", "csv", "--table", "divisions", stdout=out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["name_en"] == "General Affairs Division"
