"""Who wrote a version of a record, as the change history names them: a person (django-simple-
history's ``history_user``), or the command that wrote it. Every command that saves records names
itself through ``record_command()``, so no version reads "someone not recorded" when a command
wrote it."""

from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

# The commands that write records, named in the history as the author of their versions.
COMMANDS = ("load_seed", "import_records", "import_translations")
# What a command stored as its reason before it named itself: read as that command.
EARLIER_REASONS = {"Lao imported from a PO file: a draft until reviewed": "import_translations"}
NOT_RECORDED = gettext_lazy("someone not recorded (a command or a script)")
# Each command as an author, in the reader's language: by its name in English (the name an
# operator types), by what it does in Lao.
COMMAND_AUTHORS = {
    "load_seed": pgettext_lazy("the command that wrote a version", "load_seed"),
    "import_records": pgettext_lazy("the command that wrote a version", "import_records"),
    "import_translations": pgettext_lazy("the command that wrote a version", "import_translations"),
}


def record_command(obj: models.Model, command: str) -> None:
    """Name ``command`` as the author of the version ``obj.save()`` is about to write."""
    if command not in COMMANDS:
        raise ValueError(f"{command!r} is not one of the commands the history names: {COMMANDS}")
    obj._change_reason = command


def command_of(reason: str | None) -> str | None:
    """The command a version's reason names as its author, if it names one."""
    if reason in COMMANDS:
        return reason
    return EARLIER_REASONS.get(reason or "")


def command_author(reason: str | None) -> str | None:
    """The command a version's reason names as its author, as the reader reads it."""
    command = command_of(reason)
    return str(COMMAND_AUTHORS[command]) if command else None


def author(record) -> str:
    """Who wrote a version: the person, the command, or "someone not recorded"."""
    user = record.history_user
    if user is not None:
        return user.get_full_name() or user.get_username()
    return command_author(record.history_change_reason) or str(NOT_RECORDED)
