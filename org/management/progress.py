"""Progress for long-running commands: shown on a terminal, silent in a pipe, a file or cron."""


class Progress:
    """A callable ``(done, total)`` that redraws one line on ``stream`` when it is a terminal."""

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
