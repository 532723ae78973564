"""What the publishing app adds to the record set (``records/companions.py``): each record's
working copy, review state, schedule and public change notes, so that ``export_records`` then
``import_records`` elsewhere loses none of them.

Entries name their record by section and key (``{"section": "legs", "key": "…/3"}``); people
by user name. A user name with no account in the importing database is left empty there (the
step stays, with nobody named). For the records a file holds, the file wins: a record's working
copy, review, schedule and notes become exactly those the file gives (none if it gives none).

A working copy is written as the record-set entries of the copy: the record (``record``) and
its rows (``rows``, by section). Importing one loads them over the live version just imported,
takes the snapshots a ``Revision`` keeps (``publishing/revisions.py``), and rolls the writes
back: the copy starts from the live version the file gives, as if just saved there.
"""

from publishing.models import ChangeNote, Review, ScheduledStep
from publishing.record_set.rows import RecordRows
from publishing.record_set.working_copies import WorkingCopies

working_copies = WorkingCopies()
reviews = RecordRows(
    "reviews",
    Review,
    fields=("state", "comment", "submitted_at", "reviewed_at"),
    people=("submitted_by", "reviewed_by"),
    titled=True,
)
schedules = RecordRows(
    "schedules",
    ScheduledStep,
    fields=(
        "go_live_at",
        "unpublish_at",
        "revision_number",
        "lao_reviewed",
        "comment",
        "note_en",
        "note_lo",
        "approved_at",
    ),
    people=("approved_by",),
    titled=True,
)
change_notes = RecordRows(
    "change_notes", ChangeNote, fields=("published_at", "note_en", "note_lo"), many=True
)
