"""What the operations commands share: reading a file with errors a person can act on, listing
every problem of a bad record set, and progress on a terminal."""

from pathlib import Path

from django.core.management.base import CommandError


def read_text(path: Path) -> str:
    """The file's text, or a CommandError that says what is wrong with it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"File not found: {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            f"Cannot read {path} as UTF-8 text: {exc}. Nothing was changed."
        ) from None


def problems_error(command, path: Path, problems: list[str]) -> CommandError:
    """Write every problem, with its place, to standard error; return the error to raise."""
    for problem in problems:
        command.stderr.write(f"{path.name}: {problem}")
    return CommandError(f"{len(problems)} problem(s) in {path}, listed above. Nothing was changed.")


class Progress:
    """A callable ``(done, total)`` that redraws one line on ``stream`` when it is a terminal,
    and stays silent in pipes, files and cron."""

    def __init__(self, stream, label: str) -> None:
        self.stream = stream
        self.label = label
        self.enabled = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        self.stream.write(f"\r{self.label}: {done}/{total}", ending="")
        if done >= total:
            self.stream.write("")
        self.stream.flush()
