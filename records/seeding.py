"""Loading the Department's initial content (``load_seed``), keeping what staff edited since.

The seed is a record set (``records``) loaded in seed mode: ``SeedRecord`` remembers
which record each entry made and a fingerprint of the values written.
"""

from typing import Any

from django.db import transaction

from records.models import SeedRecord
from records.writing import LoadReport, RecordLoader


def apply_seed(*, data: dict[str, Any], force: bool = False) -> LoadReport:
    """Load the initial content, all or nothing, keeping staff edits unless ``force``."""
    with transaction.atomic():
        return RecordLoader(data, mode="seed", force=force, seed_records=SeedRecord).run()
