"""Importing a record set written by ``export_records`` (``import_records``): the file wins."""

from collections.abc import Callable
from typing import Any

from django.db import transaction

from records.format import check_format
from records.report import LoadReport
from records.writing import RecordLoader


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
