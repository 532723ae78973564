"""Who wrote a version of a record, as the change history names them: a person (django-simple-
history's ``history_user``), or the command that wrote it. Every command that saves records names
itself through ``record_command()``, so no version reads "someone not recorded" when a command
wrote it."""

from django.db import models
from django.utils.translation import gettext_lazy

# The commands that write records, named in the history as the author of their versions.
COMMANDS = ("load_seed", "import_records")
NOT_RECORDED = gettext_lazy("someone not recorded (a command or a script)")


def record_command(obj: models.Model, command: str) -> None:
    """Name ``command`` as the author of the version ``obj.save()`` is about to write."""
    obj._change_reason = command


def author(record) -> str:
    """Who wrote a version: the person, the command, or "someone not recorded"."""
    user = record.history_user
    if user is not None:
        return user.get_full_name() or user.get_username()
    reason = record.history_change_reason
    return reason if reason in COMMANDS else str(NOT_RECORDED)
